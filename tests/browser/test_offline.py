"""Reading offline in a real browser: a work saved on the device opens with the server stopped.

Playwright's offline switch does not stop a service worker's own requests, so the archive runs
here as a separate `ficarchive serve` process (its own data folder, the demo works and one
member), which the last test stops. Chromium allows service workers on 127.0.0.1 over plain
HTTP: it counts as a secure context.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.test_reader import audit_contrast

SRC = Path(__file__).resolve().parents[2] / "src"
PASSWORD = "a long offline passphrase"
MEMBERS = ("reader", "borrower")
ADDED = "A line the author added after the work was saved."


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    env: dict[str, str]

    def shell(self, code: str) -> None:
        """Run Python in the archive, as `ficarchive manage shell -c` would."""
        subprocess.run(_ficarchive(["manage", "shell", "-c", code]), env=self.env, check=True)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _ficarchive(args: list[str]) -> list[str]:
    """The `ficarchive` command line, run by this Python."""
    code = f"import sys; from ficarchive.cli import main; sys.exit(main({args!r}))"
    return [sys.executable, "-c", code]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("offline-data")
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "FICARCHIVE_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "ficarchive.settings",
        "DEBUG": "false",
        "HTTPS": "false",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    subprocess.run(_ficarchive(["manage", "migrate", "-v", "0"]), env=env, check=True)
    create = "; ".join(
        f"User.objects.create_user({name!r}, email='{name}@example.org', password={PASSWORD!r})"
        for name in MEMBERS
    )
    port = _free_port()
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        _ficarchive(["serve", "--port", str(port), "--workers", "1", "--no-worker"]),
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    running = Server(f"http://127.0.0.1:{port}", process, env)
    running.shell(f"from ficarchive.accounts.models import User; {create}")
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{running.url}/", timeout=2):  # noqa: S310 - our server
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                running.stop()
                pytest.fail((data / "server.log").read_text(errors="replace")[-3000:])
            time.sleep(0.5)
    yield running
    running.stop()
    log.close()


def signed_in(browser: Browser, server: Server, username: str, **options: object) -> Page:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, **options)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/")
    return page


def first_work(page: Page, server: Server) -> tuple[str, str]:
    """The path and title of the first work on the home page."""
    page.goto(f"{server.url}/")
    links: list[list[str]] = page.eval_on_selector_all(
        "main a[href^='/works/']",
        "links => links.map(a => [a.getAttribute('href'), a.textContent])",
    )
    href, title = next(link for link in links if re.fullmatch(r"/works/\d+/", link[0]))
    return href, title.strip()


def controlled(page: Page) -> None:
    """Wait until the service worker is active and answers for this page."""
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def save(page: Page) -> None:
    holder = page.locator("[data-offline-save]")
    expect(holder).to_be_visible()
    holder.get_by_role("button", name="Save for offline").click()
    expect(holder.get_by_role("status")).to_contain_text("Saved for offline reading.")


def saved_caches(page: Page) -> list[str]:
    names: list[str] = page.evaluate("caches.keys()")
    return [name for name in names if name.startswith("ficarchive-saved-")]


def test_without_javascript_nothing_is_offered_and_the_saved_page_explains(
    browser: Browser, server: Server, artifacts: Path
) -> None:
    context = browser.new_context(
        viewport={"width": 1100, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    work, _ = first_work(page, server)
    page.goto(f"{server.url}{work}")
    expect(page.locator("[data-offline-save]")).to_be_hidden()
    page.goto(f"{server.url}/saved/")
    expect(page.get_by_text("Saving works needs JavaScript")).to_be_visible()
    page.screenshot(path=str(artifacts / "offline-saved-no-javascript.png"), full_page=True)
    context.close()


def test_logging_out_clears_the_member_saved_copies_on_the_device(
    browser: Browser, server: Server, artifacts: Path
) -> None:
    page = signed_in(browser, server, "borrower")
    work, title = first_work(page, server)
    page.goto(f"{server.url}{work}")
    controlled(page)
    save(page)
    page.goto(f"{server.url}/saved/")
    expect(page.locator("[data-offline-list]")).to_contain_text(title)
    assert len(saved_caches(page)) == 1

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{server.url}/")
    page.wait_for_load_state("networkidle")
    assert saved_caches(page) == []
    page.goto(f"{server.url}/saved/")
    expect(page.locator("[data-offline-empty]")).to_be_visible()
    expect(page.locator("[data-offline-list]")).to_be_hidden()
    page.context.close()


def test_another_account_on_the_device_never_gets_the_first_one_copies(
    browser: Browser, server: Server
) -> None:
    """The session ends without a logout (expired, cookies cleared) and someone else signs in."""
    page = signed_in(browser, server, "borrower")
    work, title = first_work(page, server)
    page.goto(f"{server.url}{work}")
    controlled(page)
    save(page)
    assert len(saved_caches(page)) == 1
    borrower_cache = saved_caches(page)[0]

    page.context.clear_cookies()
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/")
    for _ in range(50):  # the first page seen as "reader" deletes the borrower's copies
        if borrower_cache not in page.evaluate("caches.keys()"):
            break
        page.wait_for_timeout(100)
    page.goto(f"{server.url}/saved/")
    expect(page.locator("[data-offline-empty]")).to_be_visible()
    expect(page.locator("[data-offline-list]")).not_to_contain_text(title)
    assert borrower_cache not in page.evaluate("caches.keys()")
    page.context.close()


def test_a_saved_work_opens_with_the_server_stopped_in_the_reader_settings(
    browser: Browser, server: Server, artifacts: Path
) -> None:
    page = signed_in(browser, server, "reader", color_scheme="light")
    context: BrowserContext = page.context
    work, title = first_work(page, server)
    page.goto(f"{server.url}{work}")
    controlled(page)
    first_line = page.locator("[data-chapter-text] p").first.inner_text()[:60]
    save(page)
    page.screenshot(path=str(artifacts / "offline-work-saved.png"))

    # Settings chosen after saving still reach the saved copy.
    page.get_by_role("button", name="Dark").click()
    page.wait_for_function("() => document.documentElement.dataset.skin === 'dark'")
    page.get_by_role("button", name="1/2").click()
    page.wait_for_function("() => document.documentElement.dataset.width === 'half'")

    # The work changes on the server: the saved copy catches up when the device is online.
    work_id = int(work.split("/")[2])
    server.shell(
        "from ficarchive.works.models import Chapter\n"
        "from ficarchive.works.posting import ChapterData, chapter_update\n"
        f"chapter = Chapter.objects.get(work_id={work_id}, position=1)\n"
        f"chapter_update(chapter=chapter, data=ChapterData(title=chapter.title, "
        f"text=chapter.body_html + '<p>{ADDED}</p>'))"
    )
    page.goto(f"{server.url}/saved/")
    copy = f"caches.match('{work}?view_full_work=true').then(found => found ? found.text() : '')"
    for _ in range(50):
        if ADDED in page.evaluate(copy):
            break
        page.wait_for_timeout(200)
    else:
        pytest.fail("the saved copy was not refreshed")

    saved = page.locator("[data-offline-list]")
    expect(saved).to_contain_text(title)
    for skin in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        report = audit_contrast(page)
        assert report["failures"] == [], f"{skin}: lowest {report['lowest']:.2f}"
    page.evaluate("document.documentElement.dataset.skin = 'dark'")
    page.screenshot(path=str(artifacts / "offline-saved-list-online.png"), full_page=True)

    server.stop()
    with pytest.raises(urllib.error.URLError, match="refused"):
        urllib.request.urlopen(f"{server.url}/", timeout=2)  # noqa: S310 - really gone

    page.goto(f"{server.url}{work}")
    expect(page.locator("[data-chapter-text]").first).to_contain_text(first_line)
    expect(page.locator("[data-chapter-text]").first).to_contain_text(ADDED)
    root = page.locator("html")
    expect(root).to_have_attribute("data-offline-copy", "true")
    expect(root).to_have_attribute("data-skin", "dark")
    expect(root).to_have_attribute("data-width", "half")
    page.screenshot(path=str(artifacts / "offline-work-server-stopped.png"))

    # The toolbar still works offline, on the device.
    page.get_by_role("button", name="Light").click()
    expect(root).to_have_attribute("data-skin", "light")
    expect(page.get_by_role("button", name="Light")).to_have_attribute("aria-pressed", "true")

    # A chapter's address opens the saved whole work too.
    page.goto(f"{server.url}{work}chapters/1/")
    expect(page.locator("[data-chapter-text]").first).to_contain_text(first_line)

    page.goto(f"{server.url}/saved/")
    expect(saved).to_contain_text(title)
    page.screenshot(path=str(artifacts / "offline-saved-list-server-stopped.png"), full_page=True)
    saved.get_by_role("button", name=f"Remove {title} from this device").click()
    expect(page.get_by_role("status")).to_contain_text("Removed")
    expect(page.locator("[data-offline-empty]")).to_be_visible()

    page.goto(f"{server.url}{work}")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    context.close()
