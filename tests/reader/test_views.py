"""The toolbar endpoint: plain form posts, JavaScript requests, and bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.reader.preferences import COOKIE_NAME, ReaderPreferences
from ficarchive.works.models import Work
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db
URL = "/reader/preferences/"


@pytest.fixture
def work() -> Work:
    return WorkFactory(chapters=2, expected_chapters=2)


def test_form_post_sets_a_year_long_cookie_and_goes_back(work: Work) -> None:
    client = Client()
    back = f"/works/{work.pk}/chapters/2/"
    response = client.post(URL, {"width": "half", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert ReaderPreferences.from_cookie(cookie.value).width == "half"


def test_server_applies_the_choice_in_the_first_html(work: Work) -> None:
    client = Client()
    client.post(URL, {"skin": "dark", "next": "/"})
    client.post(URL, {"width": "three-quarters", "next": "/"})
    client.post(URL, {"size": "larger", "next": "/"})
    page = client.get(work.get_absolute_url()).content.decode()
    assert (
        '<html lang="en" data-skin="dark" data-width="three-quarters" data-font="serif" '
        'data-size="11" data-spacing="150">'
    ) in page
    assert 'value="dark" aria-pressed="true"' in page


def test_first_visit_follows_the_device(work: Work) -> None:
    page = Client().get(work.get_absolute_url()).content.decode()
    assert 'data-skin="auto"' in page


def test_javascript_request_gets_json_and_the_cookie() -> None:
    response = Client().post(URL, {"font": "sans"}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["font"] == "sans"
    assert (response.json()["size"], response.json()["spacing"]) == (10, 150)
    assert COOKIE_NAME in response.cookies


def test_offsite_next_is_not_followed() -> None:
    response = Client().post(URL, {"skin": "light", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_no_setting_is_a_400_and_sets_nothing() -> None:
    response = Client().post(URL, {"next": "/"})
    assert response.status_code == 400
    assert COOKIE_NAME not in response.cookies


def test_get_link_sets_the_cookie_and_goes_back(work: Work) -> None:
    """The toolbar is a GET form, so cached reading pages carry no CSRF token."""
    back = f"/works/{work.pk}/chapters/2/"
    response = Client().get(URL, {"skin": "dark", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    assert ReaderPreferences.from_cookie(response.cookies[COOKIE_NAME].value).skin == "dark"
    assert "no-store" in response["Cache-Control"]


def test_get_without_a_setting_is_a_400() -> None:
    assert Client().get(URL).status_code == 400


def test_csrf_is_enforced() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, {"skin": "dark"}).status_code == 403


def test_member_choices_are_kept_on_the_account(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    client.post(URL, {"skin": "sepia", "next": "/"})
    alice.refresh_from_db()
    assert alice.reader_preferences["skin"] == "sepia"
    other_device = Client()
    other_device.force_login(alice)
    assert 'data-skin="sepia"' in other_device.get("/").content.decode()


def test_plain_change_comes_back_at_the_toolbar_anchor(work: Work) -> None:
    back = f"/works/{work.pk}/chapters/2/#reader-settings"
    response = Client().get(URL, {"size": "larger", "next": back})
    assert response["Location"] == back


def test_toolbar_and_header_menu_return_to_their_own_anchors(work: Work) -> None:
    page = Client().get(f"/works/{work.pk}/chapters/2/").content.decode()
    assert f'value="/works/{work.pk}/chapters/2/#reader-settings"' in page
    assert f'value="/works/{work.pk}/chapters/2/#skin-menu"' in page
    assert 'id="reader-settings"' in page
    assert 'id="skin-menu"' in page


def test_every_page_header_offers_every_skin_with_the_chosen_one_pressed() -> None:
    client = Client()
    client.cookies[COOKIE_NAME] = "skin=contrast"
    page = client.get("/fandoms/").content.decode()
    for skin in ("auto", "light", "dark", "sepia"):
        assert f'value="{skin}"' in page
    assert 'value="contrast" aria-label="High contrast" aria-pressed="true"' in page
    assert 'data-skin="contrast"' in page


def test_chapter_two_repeats_only_a_compact_header(work: Work) -> None:
    work.summary = "<p>A summary only the first page shows.</p>"
    work.save()
    first = Client().get(f"/works/{work.pk}/").content.decode()
    second = Client().get(f"/works/{work.pk}/chapters/2/").content.decode()
    whole = Client().get(f"/works/{work.pk}/?view_full_work=true").content.decode()
    assert "A summary only the first page shows." in first
    assert "A summary only the first page shows." in whole
    assert "A summary only the first page shows." not in second
    assert "work-header--compact" in second
    assert f'<h1 class="work-header__title"><a href="/works/{work.pk}/">' in second


def test_guests_with_different_skins_never_share_a_cached_page(work: Work) -> None:
    url = f"/works/{work.pk}/chapters/2/"
    assert 'data-skin="auto"' in Client().get(url).content.decode()
    contrast = Client()
    contrast.cookies[COOKIE_NAME] = "skin=contrast"
    assert 'data-skin="contrast"' in contrast.get(url).content.decode()
    assert 'data-skin="auto"' in Client().get(url).content.decode()


SETTINGS_URL = "/reader/settings/"
ALL_SETTINGS = {"skin": "contrast", "width": "half", "size": "12", "spacing": "175", "font": "sans"}


def test_member_saves_every_reader_setting_from_the_account_page(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    page = client.get("/accounts/settings/").content.decode()
    assert 'id="reader-settings-form"' in page
    assert 'value="auto" required id="reader-skin_0" checked' in page
    response = client.post(SETTINGS_URL, ALL_SETTINGS)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/settings/#reader-settings-form"
    alice.refresh_from_db()
    assert alice.reader_preferences == {
        "skin": "contrast", "width": "half", "size": 12, "spacing": 175, "font": "sans",
    }  # fmt: skip
    assert ReaderPreferences.from_cookie(response.cookies[COOKIE_NAME].value).skin == "contrast"
    page = client.get("/accounts/settings/").content.decode()
    assert 'value="contrast" required id="reader-skin_4" checked' in page


def test_reader_settings_refuse_guests_bad_values_and_gets(alice: User) -> None:
    response = Client().post(SETTINGS_URL, ALL_SETTINGS)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    client = Client()
    client.force_login(alice)
    assert client.post(SETTINGS_URL, {**ALL_SETTINGS, "skin": "neon"}).status_code == 400
    assert client.get(SETTINGS_URL).status_code == 405
    alice.refresh_from_db()
    assert alice.reader_preferences == {}


def test_reader_settings_need_the_csrf_token(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(SETTINGS_URL, ALL_SETTINGS).status_code == 403
