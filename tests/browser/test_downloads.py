"""Download links from the keyboard, the pages that wait for a build or explain a missing
Calibre, in every skin, with screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Browser

from ficarchive.works.models import Series, SeriesPart
from tests.browser.test_reader import audit_contrast
from tests.factories import CreatorFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_download_links_pending_and_unavailable_pages(
    browser: Browser, live_server: Any, artifacts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    author = CreatorFactory(name="Ana Ferreira")
    work = WorkFactory(title="Salt Roads", creators=[author], chapters=2)
    series = Series.objects.create(title="The Coast")
    SeriesPart.objects.create(series=series, work=work, position=1)
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{work.get_absolute_url()}?view_full_work=true")

    links = page.get_by_role("navigation", name="Download")
    assert links.get_by_role("link").all_inner_texts() == [
        "EPUB", "AZW3", "MOBI", "PDF", "HTML", "TXT",
    ]  # fmt: skip
    links.get_by_role("link", name="EPUB").focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "Salt Roads - Ana Ferreira.epub"

    for skin in ("light", "dark", "sepia"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        report = audit_contrast(page)
        assert report["failures"] == [], f"{skin}: lowest {report['lowest']:.2f}"
        if skin != "sepia":
            page.screenshot(path=str(artifacts / f"downloads-work-{skin}.png"))

    page.goto(f"{live_server.url}/series/{series.pk}/")
    page.get_by_role("link", name="Download the whole series as one EPUB").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Your download is on its way")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    for skin in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        assert audit_contrast(page)["failures"] == []
        page.screenshot(path=str(artifacts / f"downloads-pending-{skin}.png"))

    monkeypatch.setattr("ficarchive.downloads.builds.shutil.which", lambda name: None)
    with override_settings(FICARCHIVE_DOWNLOADS_BACKGROUND_WORDS=10**9):
        page.goto(f"{live_server.url}/works/{work.pk}/download/salt-roads.azw3")
    assert page.get_by_role("heading", name="AZW3 downloads are not available here").is_visible()
    for skin in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        assert audit_contrast(page)["failures"] == []
        page.screenshot(path=str(artifacts / f"downloads-unavailable-{skin}.png"))
    context.close()
