"""The reader in a real browser: width, skins, memory, keyboard, no-JS, phones, contrast."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from ficarchive.formats import parse
from ficarchive.search.services import search_index_work
from ficarchive.works.models import Work
from ficarchive.works.services import work_import
from tests.browser.conftest import settle, signed_in_context
from tests.factories import ChapterFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)

CONTRAST_JS = (Path(__file__).parent / "contrast.js").read_text(encoding="utf-8")
LONG_TEXT = "".join(
    f"<p>Paragraph {n}: the rain stopped at the bus station, and she waited for the last "
    f"tram with the patience of someone who has waited for worse things.</p>"
    + ("<hr>" if n == 3 else "")
    for n in range(1, 7)
)


@pytest.fixture
def work() -> Work:
    work = WorkFactory(title="The Long Tram", chapters=0, expected_chapters=None)
    for position in (1, 2, 3):
        ChapterFactory(work=work, position=position, body_html=LONG_TEXT)
    work.notes_begin = "<p>Thanks for reading.</p>"
    work.save()
    work.refresh_word_count()
    search_index_work(work_id=work.pk)
    return work


def column_width(page: Page) -> float:
    width: float = page.locator("[data-chapter-text]").first.evaluate(
        "el => el.getBoundingClientRect().width"
    )
    return width


def colours(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => {
            const text = document.querySelector('[data-chapter-text] p');
            return {
                background: getComputedStyle(document.body).backgroundColor,
                text: getComputedStyle(text).color,
            };
        }"""
    )
    return result


def luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def audit_contrast(page: Page) -> dict[str, Any]:
    report: dict[str, Any] = page.evaluate(CONTRAST_JS)
    return report


def test_width_and_skin_apply_at_once_and_are_remembered(
    browser: Browser, live_server: Any, work: Work, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/chapters/2/")

    page.get_by_role("button", name="Full").click()
    page.wait_for_function("() => document.documentElement.dataset.width === 'full'")
    full = column_width(page)
    page.get_by_role("button", name="1/2").click()
    page.wait_for_function("() => document.documentElement.dataset.width === 'half'")
    half = column_width(page)
    assert half == pytest.approx(full / 2, rel=0.05)

    page.screenshot(path=str(artifacts / "reader-light-half.png"), full_page=True)
    page.get_by_role("button", name="Dark").click()
    page.wait_for_function("() => document.documentElement.dataset.skin === 'dark'")
    dark = colours(page)
    assert luminance(dark["background"]) < 0.05, "dark skin has a dark background"
    assert contrast(dark["background"], dark["text"]) >= 4.5
    page.screenshot(path=str(artifacts / "reader-dark-half.png"), full_page=True)

    page.reload()
    assert page.evaluate("document.documentElement.dataset.skin") == "dark"
    assert column_width(page) == pytest.approx(half, rel=0.01)
    assert colours(page) == dark
    assert page.get_by_role("button", name="Dark").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="Light").click()
    page.wait_for_function("() => document.documentElement.dataset.skin === 'light'")
    light = colours(page)
    assert luminance(light["background"]) > 0.8
    assert contrast(light["background"], light["text"]) >= 4.5
    page.get_by_role("button", name="Full").click()
    page.wait_for_function("() => document.documentElement.dataset.width === 'full'")
    page.screenshot(path=str(artifacts / "reader-light-full.png"), full_page=True)
    settle(context)
    context.close()


@pytest.mark.parametrize("skin", ["auto", "light", "dark", "sepia", "contrast"])
def test_every_text_meets_wcag_aa_in_each_skin(
    browser: Browser, live_server: Any, work: Work, skin: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    pages = (
        f"/works/{work.pk}/chapters/2/", "/", "/no-such-page/", "/search/?q=%22bus+station%22",
        f"/works/{work.pk}/chapters/2/?highlight=bus+station", "/fandoms/", "/search/help/",
        "/accounts/login/", "/accounts/signup/",
    )  # fmt: skip
    for url in pages:
        page.goto(f"{live_server.url}{url}")
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        report = audit_contrast(page)
        assert report["checked"] > 5
        assert report["failures"] == [], f"{skin} {url}: lowest {report['lowest']:.2f}"
    settle(context)
    context.close()


@pytest.mark.parametrize(("scheme", "dark"), [("dark", True), ("light", False)])
def test_first_visit_follows_the_device_colour_scheme(
    browser: Browser, live_server: Any, work: Work, scheme: str, dark: bool
) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server.url}{work.get_absolute_url()}")
    assert (luminance(colours(page)["background"]) < 0.05) is dark
    settle(context)
    context.close()


def test_controls_and_chapters_work_from_the_keyboard(
    browser: Browser, live_server: Any, work: Work
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/chapters/2/")

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Sepia":
            break
    else:
        pytest.fail("the Sepia button is not reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.documentElement.dataset.skin === 'sepia'")

    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"**/works/{work.pk}/chapters/3/")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**/works/{work.pk}/chapters/2/")

    page.select_option("#chapter-select-top", "1")
    page.locator(".chapter-nav__jump").first.get_by_role("button", name="Go").click()
    page.wait_for_url(f"**/works/{work.pk}/chapters/1/")
    settle(context)
    context.close()


def test_controls_work_without_javascript(browser: Browser, live_server: Any, work: Work) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    url = f"{live_server.url}/works/{work.pk}/chapters/2/"
    page.goto(url)
    page.get_by_role("button", name="Full").click()
    page.wait_for_load_state()
    full = column_width(page)
    page.get_by_role("button", name="3/4").click()
    page.wait_for_load_state()
    assert page.url == f"{url}#reader-settings"  # back at the toolbar, not the page's top
    assert column_width(page) == pytest.approx(full * 0.75, rel=0.05)
    page.get_by_role("button", name="Larger text").click()
    page.wait_for_load_state()
    size = page.evaluate("getComputedStyle(document.querySelector('[data-chapter-text]')).fontSize")
    assert size == "19.8px"  # 1.125rem x 1.1
    settle(context)
    context.close()


def test_phone_gets_the_whole_width_and_no_sideways_scroll(
    browser: Browser, live_server: Any, work: Work, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    context.add_cookies([{"name": "reader", "value": "width=half", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/chapters/2/")
    content = page.evaluate("document.querySelector('.chapter').getBoundingClientRect().width")
    assert column_width(page) == pytest.approx(content, rel=0.01)
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts / "reader-phone.png"), full_page=True)
    settle(context)
    context.close()


WIDTH_SHARE = {"full": 1.0, "three-quarters": 0.75, "half": 0.5}
WIDTH_LABELS = {"full": "Full", "three-quarters": "3/4", "half": "1/2"}


def test_seed_story_reads_in_both_skins_and_all_widths(
    browser: Browser, live_server: Any, corpus_dir: Path, artifacts: Path
) -> None:
    seed = corpus_dir / "ffn-escape.txt"
    work = work_import(parsed=parse(seed.read_bytes(), name=seed.name)).work
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}{work.get_absolute_url()}")
    content = page.evaluate("document.querySelector('.chapter').getBoundingClientRect().width")
    assert page.locator("[data-chapter-text] p").count() == 13
    assert page.locator("[data-chapter-text] p").first.inner_text() == "Everything hurts."
    assert "skin light dark" not in page.locator("[data-chapter-text]").inner_text()
    for skin in ("light", "dark"):
        page.get_by_role("button", name=skin.capitalize()).click()
        page.wait_for_function(f"() => document.documentElement.dataset.skin === '{skin}'")
        for width, share in WIDTH_SHARE.items():
            page.get_by_role("button", name=WIDTH_LABELS[width]).click()
            page.wait_for_function(f"() => document.documentElement.dataset.width === '{width}'")
            assert column_width(page) == pytest.approx(content * share, rel=0.05)
            report = audit_contrast(page)
            assert report["failures"] == []
            page.screenshot(path=str(artifacts / f"escape-{skin}-{width}.png"), full_page=True)
    settle(context)
    context.close()


def test_import_and_draft_pages_work_and_meet_contrast(
    browser: Browser, live_server: Any, artifacts: Path
) -> None:
    from tests.factories import UserFactory

    moderator = UserFactory(username="moderator", is_staff=True)
    context = signed_in_context(browser, live_server.url, moderator)
    page = context.new_page()
    page.goto(f"{live_server.url}/works/import/")
    sample = Path(__file__).parents[1] / "formats" / "samples" / "ao3-download.html"
    page.set_input_files("input[type=file]", str(sample))
    page.get_by_role("button", name="Import").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".draft-banner")
    for skin in ("auto", "light", "dark", "sepia", "contrast"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        assert audit_contrast(page)["failures"] == [], skin
    page.screenshot(path=str(artifacts / "import-draft.png"))
    page.get_by_role("button", name="Publish").click()
    page.wait_for_selector("text=Published: readers can see it now.")
    assert page.locator(".draft-banner").count() == 0
    settle(context)
    context.close()


def test_search_box_to_the_matching_passage(
    browser: Browser, live_server: Any, work: Work, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.fill("#site-search-q", '"bus station" patience')
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".snippet mark").count() >= 1
    page.screenshot(path=str(artifacts / "search-results.png"), full_page=True)
    page.locator(".snippet a").first.click()
    page.wait_for_url("**#match")
    # Smooth scrolling takes a moment on a busy machine: wait for it to settle.
    in_view = page.wait_for_function(
        "() => { const r = document.getElementById('match').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        timeout=5000,
    )
    assert in_view, "the reader lands on the matching passage"
    settle(context)
    context.close()
