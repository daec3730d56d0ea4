from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from ficarchive.core.views import server_error

pytestmark = pytest.mark.django_db


def test_404_page_is_in_the_site_style() -> None:
    response = Client().get("/no/such/page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "We couldn’t find that page" in page
    assert 'class="site-header"' in page
    assert "Traceback" not in page


def test_500_page_renders_without_the_database_or_context() -> None:
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "site.css" in page
