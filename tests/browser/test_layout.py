"""The reader on every screen (issue 16, parts 1-4): the story first on a phone, a one-line
toolbar, a readable measure, and five skins that all pass the contrast audit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page

from ficarchive.formats import parse
from ficarchive.works.models import Work
from ficarchive.works.services import work_import
from tests.browser.conftest import settle, signed_in_context
from tests.browser.test_reader import LONG_TEXT, audit_contrast
from tests.factories import ChapterFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SKINS = ("auto", "light", "dark", "sepia", "contrast")

# The first paragraph's first line: where it ends, against the window's height.
FIRST_LINE_BOTTOM = """() => {
    const p = document.querySelector('[data-chapter-text] p');
    const range = document.createRange();
    range.selectNodeContents(p);
    return range.getClientRects()[0].bottom;
}"""

# The most characters on one full line (a paragraph's last line does not count), read from
# the characters' own boxes: a new line starts where a character's top jumps down.
LONGEST_LINE = """(text) => {
    let longest = 0;
    for (const p of Array.from(text.querySelectorAll('p')).slice(0, 6)) {
        const lines = [];
        let top = null;
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (!rect) { continue; }
                if (top === null || rect.top - top > rect.height / 2) {
                    lines.push(0);
                    top = rect.top;
                }
                lines[lines.length - 1] += 1;
            }
        }
        for (const count of lines.slice(0, -1)) { longest = Math.max(longest, count); }
    }
    return longest;
}"""


@pytest.fixture
def seed(corpus_dir: Path) -> Work:
    """The seed story the issue measured: FanFiction.Net's one-shot, as imported."""
    source = corpus_dir / "ffn-escape.txt"
    return work_import(parsed=parse(source.read_bytes(), name=source.name)).work


@pytest.fixture
def demo() -> Work:
    """A demo work of several chapters with every header field (summary, notes, tags)."""
    call_command("load_demo")
    return Work.objects.get(title="The Night Ferry")


@pytest.fixture
def work() -> Work:
    work = WorkFactory(title="The Long Tram", chapters=0, expected_chapters=None)
    for position in (1, 2, 3):
        ChapterFactory(work=work, position=position, body_html=LONG_TEXT)
    work.notes_begin = "<p>Thanks for reading.</p>"
    work.save()
    work.refresh_word_count()
    return work


def open_page(browser: Browser, url: str, **options: Any) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(url)
    return context, page


def close(context: BrowserContext) -> None:
    settle(context)
    context.close()


def longest_line(page: Page) -> int:
    count: int = page.locator("[data-chapter-text]").first.evaluate(LONGEST_LINE)
    return count


@pytest.mark.parametrize("chapter", [None, 2])
def test_phone_shows_the_story_on_its_first_screen(
    browser: Browser, live_server: Any, seed: Work, demo: Work, artifacts: Path,
    chapter: int | None,
) -> None:  # fmt: skip
    url = seed.get_absolute_url() if chapter is None else f"/works/{demo.pk}/chapters/{chapter}/"
    context, page = open_page(
        browser, f"{live_server.url}{url}", viewport=PHONE, is_mobile=True, has_touch=True
    )
    assert page.evaluate(FIRST_LINE_BOTTOM) <= PHONE["height"]
    assert page.locator("h1").bounding_box()["y"] < PHONE["height"]  # type: ignore[index]
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    name = "seed" if chapter is None else "chapter-2"
    page.screenshot(path=str(artifacts / f"layout-phone-{name}-first-screen.png"))
    close(context)


def test_phone_keeps_the_metadata_one_tap_away(
    browser: Browser, live_server: Any, demo: Work
) -> None:
    context, page = open_page(
        browser, f"{live_server.url}{demo.get_absolute_url()}", viewport=PHONE, is_mobile=True
    )
    line = page.locator(".work-details__line")
    assert "Teen And Up Audiences" in line.inner_text()
    assert "Harbour Lights (TV)" in line.inner_text()
    summary = page.get_by_text("Every night at eleven the ferry crosses")
    assert not summary.is_visible()
    line.click()
    assert summary.is_visible()
    close(context)


def test_desktop_shows_the_whole_header_on_the_first_page_and_a_compact_one_after(
    browser: Browser, live_server: Any, demo: Work
) -> None:
    context, page = open_page(
        browser, f"{live_server.url}{demo.get_absolute_url()}", viewport=DESKTOP
    )
    assert page.get_by_text("Every night at eleven the ferry crosses").is_visible()
    assert page.get_by_role("term").filter(has_text="Archive warnings").is_visible()
    page.goto(f"{live_server.url}/works/{demo.pk}/chapters/2/")
    assert page.locator(".work-summary").count() == 0
    back = page.get_by_role("heading", level=1).get_by_role("link", name="The Night Ferry")
    assert back.get_attribute("href") == demo.get_absolute_url()
    assert page.get_by_role("heading", level=2, name="Chapter 2").is_visible()
    page.goto(f"{live_server.url}{demo.get_full_work_url()}")
    assert page.get_by_text("Every night at eleven the ferry crosses").is_visible()
    close(context)


@pytest.mark.parametrize("font", ["serif", "sans"])
def test_default_measure_is_a_readable_line_on_a_desktop(
    browser: Browser, live_server: Any, seed: Work, font: str
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": "reader", "value": f"font={font}", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}{seed.get_absolute_url()}")
    assert 55 <= longest_line(page) <= 80
    width = page.get_by_role("button", name="Auto width")
    assert width.get_attribute("aria-pressed") == "true", "the default shows as chosen"
    page.get_by_role("button", name="Full").click()
    page.wait_for_function("() => document.documentElement.dataset.width === 'full'")
    assert longest_line(page) > 90, "Full still takes the whole page, as on FanFiction.Net"
    assert width.get_attribute("aria-pressed") == "false"
    close(context)


@pytest.mark.parametrize("width", [1280, 1200])
def test_toolbar_is_one_line_of_touch_sized_buttons_on_a_desktop(
    browser: Browser, live_server: Any, work: Work, artifacts: Path, width: int
) -> None:
    context, page = open_page(
        browser, f"{live_server.url}/works/{work.pk}/chapters/2/",
        viewport={"width": width, "height": 900},
    )  # fmt: skip
    page.screenshot(path=str(artifacts / f"layout-toolbar-desktop-{width}.png"))
    boxes = [
        box for button in page.locator("[data-reader-controls]#reader-settings button").all()
        if (box := button.bounding_box()) is not None
    ]  # fmt: skip
    assert len(boxes) == 15
    assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 2, "one row"
    assert min(b["height"] for b in boxes) >= 44
    assert min(b["width"] for b in boxes) >= 44
    toolbar = page.locator("#reader-settings").bounding_box()
    assert toolbar is not None
    assert toolbar["height"] < 44 * 1.6
    close(context)


def test_phone_toolbar_opens_from_one_control_by_keyboard(
    browser: Browser, live_server: Any, work: Work, artifacts: Path
) -> None:
    context, page = open_page(
        browser, f"{live_server.url}/works/{work.pk}/chapters/2/", viewport=PHONE, is_mobile=True
    )
    assert not page.get_by_role("button", name="Sepia").is_visible()
    assert page.locator("#reader-settings").evaluate("f => f.parentElement.open") is False
    toggle = page.locator(".reader-settings__toggle")
    box = toggle.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('reader-settings__toggle')"):
            break
    else:
        pytest.fail("the toolbar's toggle is not reachable with Tab")
    page.keyboard.press("Enter")
    sepia = page.get_by_role("button", name="Sepia")
    assert sepia.is_visible()
    assert not page.get_by_role("button", name="Full").is_visible(), "no width on a phone"
    sepia.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.documentElement.dataset.skin === 'sepia'")
    assert sepia.get_attribute("aria-pressed") == "true"
    page.screenshot(path=str(artifacts / "layout-toolbar-phone-open.png"))
    close(context)


@pytest.mark.parametrize(("viewport", "opens"), [(DESKTOP, False), (PHONE, True)])
def test_change_without_javascript_comes_back_at_the_toolbar(
    browser: Browser, live_server: Any, demo: Work, viewport: dict[str, int], opens: bool
) -> None:
    url = f"{live_server.url}/works/{demo.pk}/chapters/2/"
    context, page = open_page(browser, url, viewport=viewport, java_script_enabled=False)
    if opens:
        page.locator(".reader-settings__toggle").click()
    page.get_by_role("button", name="Larger text").click()
    page.wait_for_load_state()
    assert page.url == f"{url}#reader-settings"
    assert page.evaluate("document.documentElement.dataset.size") == "11"
    box = page.locator("#reader-settings").bounding_box()
    assert box is not None
    assert 0 <= box["y"] < viewport["height"], "the toolbar is in view"
    assert page.get_by_role("button", name="Larger text").is_visible(), "and still open"
    close(context)


def test_every_skin_is_choosable_from_the_header_of_any_page_without_javascript(
    browser: Browser, live_server: Any, work: Work
) -> None:
    context, page = open_page(
        browser, f"{live_server.url}/fandoms/", viewport=DESKTOP, java_script_enabled=False
    )
    menu = page.locator(".skin-menu")
    current = menu.locator("button[aria-pressed=true]")
    assert current.text_content() == "Auto", "on a first visit Auto shows as chosen"
    menu.locator("summary").click()
    for label, skin in (("Sepia", "sepia"), ("High contrast", "contrast"), ("Dark", "dark")):
        menu.get_by_role("button", name=label).click()
        page.wait_for_load_state()
        assert page.url.endswith("/fandoms/#skin-menu")
        assert menu.evaluate("d => d.open"), "back at the menu, open"
        assert page.evaluate("document.documentElement.dataset.skin") == skin
        assert current.get_attribute("value") == skin
    page.goto(f"{live_server.url}{work.get_absolute_url()}")
    assert page.get_by_role("button", name="Dark").get_attribute("aria-pressed") == "true"
    close(context)


def test_member_saves_reader_settings_on_the_account_page(
    browser: Browser, live_server: Any, work: Work, artifacts: Path
) -> None:
    member = UserFactory(username="ada")
    context = signed_in_context(browser, live_server.url, member)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/settings/")
    form = page.locator("#reader-settings-form")
    assert form.get_by_role("radio", name="Auto", exact=True).first.is_checked()
    form.get_by_role("radio", name="High contrast (large text)").check()
    form.get_by_label("Text size").select_option("12")
    form.get_by_role("button", name="Save reader settings").click()
    page.wait_for_url("**/accounts/settings/#reader-settings-form")
    assert page.evaluate("document.documentElement.dataset.skin") == "contrast"
    assert form.get_by_role("radio", name="High contrast (large text)").is_checked()
    form.screenshot(path=str(artifacts / "layout-account-reader-settings.png"))
    for skin in SKINS:
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        assert audit_contrast(page)["failures"] == [], skin
    member.refresh_from_db()
    assert member.reader_preferences["skin"] == "contrast"
    assert member.reader_preferences["size"] == 12
    page.goto(f"{live_server.url}{work.get_absolute_url()}")
    assert page.evaluate("document.documentElement.dataset.size") == "12"
    close(context)


@pytest.mark.parametrize(
    ("skin", "scheme"),
    [("auto", "light"), ("auto", "dark"), ("light", "dark"), ("dark", "light"),
     ("sepia", "dark"), ("contrast", "dark")],
)  # fmt: skip
def test_every_skin_passes_the_contrast_audit_with_menus_open(
    browser: Browser, live_server: Any, demo: Work, skin: str, scheme: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)  # type: ignore[arg-type]
    context.add_cookies([{"name": "reader", "value": f"skin={skin}", "url": live_server.url}])
    page = context.new_page()
    for url in (demo.get_absolute_url(), f"/works/{demo.pk}/chapters/2/", "/", "/fandoms/"):
        page.goto(f"{live_server.url}{url}")
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        report = audit_contrast(page)
        assert report["checked"] > 5
        assert report["failures"] == [], f"{skin}/{scheme} {url}: lowest {report['lowest']:.2f}"
    close(context)


def test_high_contrast_skin_is_large_black_on_white(
    browser: Browser, live_server: Any, work: Work
) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    context.add_cookies([{"name": "reader", "value": "skin=contrast", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/chapters/2/")
    style = page.locator("[data-chapter-text] p").first.evaluate(
        "p => [getComputedStyle(p).color, getComputedStyle(document.body).backgroundColor,"
        " parseFloat(getComputedStyle(p).fontSize)]"
    )
    assert style[:2] == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    assert style[2] >= 22  # 1.125rem at 125 %
    assert longest_line(page) <= 80, "large text keeps the readable measure"
    close(context)


@pytest.mark.parametrize("skin", SKINS)
def test_screenshots_of_every_skin_on_phone_and_desktop(
    browser: Browser, live_server: Any, demo: Work, artifacts: Path, skin: str
) -> None:
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport, is_mobile=name == "phone")
        context.add_cookies([{"name": "reader", "value": f"skin={skin}", "url": live_server.url}])
        page = context.new_page()
        page.goto(f"{live_server.url}{demo.get_absolute_url()}")
        page.screenshot(path=str(artifacts / f"reader-{skin}-{name}.png"))
        close(context)
