"""Reading offline, the server's side: the manifest, the service worker, the saved-works page,
the saved copies' status (what a device may keep) and the logout that clears the device."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ficarchive.accounts.models import User
from ficarchive.core.events import ChapterChange, WorkChange, announce_chapters, announce_works
from ficarchive.offline.selectors import offline_account
from ficarchive.works.models import Creator, Series, SeriesPart, Visibility, Work
from tests.factories import UserFactory, WorkFactory

pytestmark = pytest.mark.django_db


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def status(client: Client, *works: Work) -> dict[str, str]:
    ids = ",".join(str(work.pk) for work in works)
    response = client.get(f"/saved/status/?works={ids}")
    assert response.status_code == 200
    versions: dict[str, str] = response.json()["works"]
    return versions


# The manifest and the service worker


def test_manifest_makes_the_archive_installable_with_png_and_svg_icons() -> None:
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Ficarchive"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#")
    assert manifest["background_color"].startswith("#")
    sizes = {icon["sizes"]: icon for icon in manifest["icons"]}
    assert set(sizes) == {"192x192", "512x512", "any"}
    assert sizes["any"]["type"] == "image/svg+xml"
    for size in (192, 512):
        found = finders.find(f"offline/icon-{size}.png")
        assert found is not None
        header = Path(str(found)).read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(header[16:20]), int.from_bytes(header[20:24])
        assert (width, height) == (size, size)
        assert Client().get(sizes[f"{size}x{size}"]["src"]).status_code == 200


def test_every_page_links_the_manifest_and_loads_the_offline_script() -> None:
    page = Client().get("/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert 'data-offline-worker="/sw.js"' in page
    assert 'data-offline-account="guest"' in page
    assert 'href="/saved/"' in page


def test_service_worker_is_served_from_the_root_as_javascript_and_never_cached_long() -> None:
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert 'var SAVED_URL = "/saved/";' in script
    assert 'var LOGOUT_URL = "/accounts/logout/";' in script
    assert "{{" not in script
    assert "{%" not in script


def test_policy_lets_the_worker_and_manifest_load_from_our_origin_only() -> None:
    policy = Client().get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["worker-src"] == "'self'"
    assert directives["manifest-src"] == "'self'"
    assert directives["script-src"] == "'self'"


# The accounts a device keeps copies for


def test_each_member_has_an_offline_account_of_their_own_that_hides_their_id(
    alice: User, bob: User
) -> None:
    assert offline_account(alice) != offline_account(bob)
    assert offline_account(alice) == offline_account(User.objects.get(pk=alice.pk))
    assert str(alice.pk) != offline_account(alice)
    page = client_for(alice).get("/").content.decode()
    assert f'data-offline-account="{offline_account(alice)}"' in page


# The saved-works page


@pytest.mark.parametrize("who", ["guest", "member"])
def test_saved_page_is_a_frame_the_device_fills_with_a_note_for_no_javascript(
    who: str, alice: User
) -> None:
    response = client_for(alice if who == "member" else None).get("/saved/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saved for offline" in page
    assert "Saving works needs JavaScript" in page
    assert "data-offline-list" in page


@pytest.mark.parametrize("who", ["guest", "member"])
def test_saved_page_pins_its_query_count(
    who: str, alice: User, django_assert_num_queries: Callable[..., Any]
) -> None:
    client = client_for(alice if who == "member" else None)
    client.get("/saved/")  # the session reaches the shared cache
    with CaptureQueriesContext(connections["default"]) as queries:
        assert client.get("/saved/").status_code == 200
    assert len(queries) == (1 if who == "member" else 0)


# The status of saved copies: what a device may keep


def test_status_answers_a_version_for_each_work_the_reader_may_see(
    alice: User, alice_creator: Creator, bob: User
) -> None:
    public = WorkFactory(creators=[alice_creator])
    registered = WorkFactory(creators=[alice_creator], visibility=Visibility.REGISTERED)
    draft = WorkFactory(creators=[alice_creator], visibility=Visibility.DRAFT)
    hidden = WorkFactory(creators=[alice_creator], visibility=Visibility.HIDDEN)
    works = (public, registered, draft, hidden)

    assert set(status(client_for(None), *works)) == {str(public.pk)}
    assert set(status(client_for(bob), *works)) == {str(public.pk), str(registered.pk)}
    assert set(status(client_for(alice), *works)) >= {
        str(public.pk), str(registered.pk), str(draft.pk)
    }  # fmt: skip


def test_status_changes_when_the_work_or_a_chapter_changes(
    bob: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    work = WorkFactory(chapters=2)
    other = WorkFactory()
    client = client_for(bob)
    before = status(client, work, other)
    with django_capture_on_commit_callbacks(execute=True):
        announce_chapters(ChapterChange.EDITED, [work.pk])
    after_chapter = status(client, work, other)
    assert after_chapter[str(work.pk)] != before[str(work.pk)]
    assert after_chapter[str(other.pk)] == before[str(other.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        announce_works(WorkChange.EDITED, [work.pk])
    assert status(client, work)[str(work.pk)] != after_chapter[str(work.pk)]


def test_status_drops_a_saved_work_once_hidden_so_the_device_removes_its_copy(bob: User) -> None:
    work = WorkFactory()
    assert str(work.pk) in status(client_for(bob), work)
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.HIDDEN)
    assert status(client_for(bob), work) == {}


def test_status_ignores_junk_and_is_never_stored(bob: User) -> None:
    response = client_for(bob).get("/saved/status/?works=1,x,,-3,%20")
    assert response.status_code == 200
    assert response.json() == {"works": {}}
    assert "no-store" in response["Cache-Control"]
    assert client_for(None).get("/saved/status/").json() == {"works": {}}


def test_status_costs_one_query_for_many_works(bob: User) -> None:
    works = [WorkFactory() for _ in range(6)]
    client = client_for(bob)
    status(client, *works)
    with CaptureQueriesContext(connections["default"]) as queries:
        assert len(status(client, *works)) == 6
    assert len(queries) == 2  # the member, and the works


# Saving from a work or a series, and logging out


def test_work_page_offers_saving_only_to_scripts(alice: User, alice_creator: Creator) -> None:
    work = WorkFactory(creators=[alice_creator])
    for client in (client_for(None), client_for(alice)):
        page = client.get(f"/works/{work.pk}/").content.decode()
        holder = re.search(r'<div class="offline-save" data-offline-save ([^>]*)>', page)
        assert holder is not None
        assert f'data-offline-works="{work.pk}"' in holder.group(1)
        assert holder.group(1).endswith(" hidden")  # shown by the script alone


def test_a_draft_offers_no_saving(alice: User, alice_creator: Creator) -> None:
    draft = WorkFactory(creators=[alice_creator], visibility=Visibility.DRAFT)
    page = client_for(alice).get(f"/works/{draft.pk}/").content.decode()
    assert "data-offline-save-button" not in page


def test_series_offers_saving_every_work_the_reader_may_see(
    alice_creator: Creator, bob: User
) -> None:
    series = Series.objects.create(title="Tides")
    shown = WorkFactory(creators=[alice_creator])
    draft = WorkFactory(creators=[alice_creator], visibility=Visibility.DRAFT)
    SeriesPart.objects.create(series=series, work=shown, position=1)
    SeriesPart.objects.create(series=series, work=draft, position=2)
    page = client_for(bob).get(f"/series/{series.pk}/").content.decode()
    assert f'data-offline-works="{shown.pk}"' in page
    assert "Save series for offline" in page


def test_logging_out_tells_the_browser_to_clear_saved_copies(alice: User) -> None:
    client = client_for(alice)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_a_new_member_gets_no_clearing_header_elsewhere() -> None:
    member = UserFactory()
    response = client_for(member).get("/")
    assert "Clear-Site-Data" not in response
