"""The site has an icon: linked from every page, and at /favicon.ico for clients that only
know the old address."""

from __future__ import annotations

import pytest
from django.test import Client
from lxml import etree

pytestmark = pytest.mark.django_db

ICON_LINK = '<link rel="icon" href="/static/ficarchive/favicon.svg" type="image/svg+xml">'


def test_pages_link_the_svg_icon() -> None:
    assert ICON_LINK in Client().get("/").content.decode()


def test_old_favicon_address_leads_to_the_svg() -> None:
    response = Client().get("/favicon.ico", follow=True)
    assert response.redirect_chain == [("/static/ficarchive/favicon.svg", 302)]
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    icon = etree.fromstring(b"".join(response.streaming_content))
    assert icon.tag == "{http://www.w3.org/2000/svg}svg"
    # It adapts to dark browser chrome rather than vanishing into it.
    assert "prefers-color-scheme: dark" in etree.tostring(icon, encoding="unicode")
