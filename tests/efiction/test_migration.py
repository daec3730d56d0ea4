"""The migration of our nasty test archive (dump.sql), checked by what a reader sees."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ficarchive.accounts.services import creator_claim_decide, creator_claim_request
from ficarchive.community.models import Bookmark, Comment
from ficarchive.efiction import services
from ficarchive.efiction.models import Favourite, LegacyId, LegacyKind
from ficarchive.efiction.services import MigrationReport
from ficarchive.notifications.models import Subscription
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Chapter, Creator, Rating, Series, Visibility, Work
from tests.efiction.conftest import OTHER_PREFIX
from tests.factories import UserFactory

Migrate = Callable[..., MigrationReport]


def work(title: str) -> Work:
    return Work.objects.get(title=title)


def chapter_texts(title: str) -> list[tuple[str, str]]:
    return [(c.title, c.body_html) for c in work(title).chapters.order_by("position")]


def tag_names(title: str, kind: TagKind) -> set[str]:
    return {t.name for t in work(title).tags.filter(kind=kind)}


def test_stories_come_across_with_their_chapters_in_order(migrate: Migrate) -> None:
    report = migrate()
    assert (report.imported, report.failed, report.drafts) == (5, 0, 2)
    feeling = work('Once More, With "Feeling"')
    # inorder 1, 2, 2: the repeated place keeps eFiction's chapid order (11 before 12).
    assert [title for title, _ in chapter_texts(feeling.title)] == [
        "Going Through the Motions", "Rest in Peace", "Under Your Spell",
    ]  # fmt: skip
    first, _second, _third = feeling.chapters.order_by("position")
    assert first.notes_begin == "<p>Chapter one notes.</p>"
    assert first.notes_end == "<p>See you next time.</p>"
    assert feeling.summary == "<p>Buffy <b>sings</b> again.</p>"
    assert feeling.notes_begin == "<p>Thanks to my beta!</p>"
    assert [c.name for c in feeling.ordered_creators] == ["Willow R.", "Tara M"]
    assert feeling.source_url == "http://hellmouth.example.org/efiction/viewstory.php?sid=1"


def test_text_from_files_and_the_database_in_any_encoding_is_clean_html(migrate: Migrate) -> None:
    migrate()
    (_, bom), (_, word), (_, cp1252) = chapter_texts('Once More, With "Feeling"')
    assert bom == "<p>Every single night, the same arrangement…</p>\n<p>Zoë sang “loud”.</p>"
    # Word's mark-up, &nbsp; spacers and the script are gone.
    assert word == "<p>Spike watched her.</p><p>Then he left.</p>"
    assert cp1252 == "<p>“I’m under your spell,” said Tara.</p>\n<p>Willow smiled at the café.</p>"
    (_, latin1_utf8), (_, plain_cp1252) = chapter_texts("Dead Things")
    assert latin1_utf8 == "<p>Tara’s spell — naïve, and Zoë’s too.</p>"
    assert plain_cp1252 == (
        "<p>It was a dark night in Sunnydale.</p>\n<p>Tara said “no” to the café.</p>\n"
        "<p>The end — almost.</p>"
    )
    # A page declaring Latin-1 but holding UTF-8, filed under the story's author.
    assert chapter_texts("Chosen") == [("Chosen", "<p>Buffy’s last fight — for Zoë.</p>")]
    assert work("Dead Things").summary == "<p>Spike and Willow in the Café.</p>"
    assert Creator.objects.filter(name="Zoë").exists()


def test_word_counts_come_from_the_text_not_the_table(migrate: Migrate) -> None:
    migrate()
    feeling = work('Once More, With "Feeling"')
    assert feeling.word_count == sum(c.word_count for c in feeling.chapters.all()) == 26


def test_categories_characters_and_classes_become_tags(migrate: Migrate) -> None:
    migrate()
    title = 'Once More, With "Feeling"'
    assert tag_names(title, TagKind.FANDOM) == {"Buffy the Vampire Slayer"}
    assert tag_names(title, TagKind.RELATIONSHIP) == {"Buffy/Spike"}
    assert tag_names(title, TagKind.CHARACTER) == {"Buffy Summers", "Spike"}
    assert tag_names(title, TagKind.WARNING) == {"Major Character Death"}
    assert tag_names(title, TagKind.FREEFORM) == {"Romance", "Language"}
    assert tag_names("Dead Things", TagKind.RELATIONSHIP) == {"Willow & Tara"}
    assert tag_names("Dead Things", TagKind.WARNING) == {
        "Rape/Non-Con", "Graphic Depictions Of Violence", "Underage Sex",
    }  # fmt: skip
    # A sub-category that is no pairing is a fandom, with the fandom above it.
    assert tag_names("Chosen", TagKind.FANDOM) == {"Buffy the Vampire Slayer", "Xena Crossovers"}
    assert tag_names("Conversations with Dead People", TagKind.FANDOM) == {
        "Buffy the Vampire Slayer", "Season Seven",
    }  # fmt: skip
    pairing = Tag.objects.get(kind=TagKind.RELATIONSHIP, name="Spike x Buffy")
    assert {f.name for f in pairing.fandoms.all()} == {"Season Seven", "Buffy the Vampire Slayer"}
    spike = Tag.objects.get(kind=TagKind.CHARACTER, name="Spike")
    assert [f.name for f in spike.fandoms.all()] == ["Buffy the Vampire Slayer"]


def test_ratings_dates_hits_and_completion(migrate: Migrate) -> None:
    report = migrate()
    feeling, dead, chosen = work('Once More, With "Feeling"'), work("Dead Things"), work("Chosen")
    assert (feeling.rating, feeling.rating_source) == (Rating.TEEN, "PG-13")
    assert (dead.rating, dead.rating_source) == (Rating.EXPLICIT, "NC-17")
    strange = work("Conversations with Dead People")
    assert (strange.rating, strange.rating_source) == (Rating.NOT_RATED, "Frightening")
    assert (feeling.published, feeling.updated) == (date(2004, 3, 1), date(2004, 4, 2))
    # 0000-00-00: unknown, so the other date stands in.
    assert (dead.published, dead.updated) == (date(2005, 1, 1), date(2005, 1, 1))
    assert work("Empty Places").updated == date(2006, 1, 1)
    assert (feeling.hit_count, dead.hit_count) == (1234, 50)
    assert feeling.is_complete
    assert chosen.is_complete
    assert dead.expected_chapters is None
    assert "story 2: no member 42 (credit dropped)" in report.warnings


def test_coauthors_from_the_table_and_the_old_comma_list(migrate: Migrate) -> None:
    migrate()
    assert [c.name for c in work("Dead Things").ordered_creators] == [
        "Spike Fan", "Tara M", "Willow R.",
    ]  # fmt: skip


def test_unvalidated_and_empty_stories_are_drafts(migrate: Migrate) -> None:
    migrate()
    assert work("Conversations with Dead People").visibility == Visibility.DRAFT
    assert work("Empty Places").visibility == Visibility.DRAFT
    assert not work("Empty Places").chapters.exists()
    assert work("Chosen").visibility == Visibility.PUBLIC


def test_series_keep_their_order(migrate: Migrate) -> None:
    report = migrate()
    assert report.series == 2
    nights = Series.objects.get(title="Sunnydale Nights")
    # Unconfirmed parts by others and missing stories are left out.
    assert [p.work.title for p in nights.parts.order_by("position")] == [
        'Once More, With "Feeling"', "Chosen",
    ]  # fmt: skip
    nested = Series.objects.get(title="Everything Hellmouth")
    assert [p.work.title for p in nested.parts.order_by("position")] == [
        'Once More, With "Feeling"', "Chosen", "Dead Things",
    ]  # fmt: skip
    assert not Series.objects.filter(title="Lost Series").exists()


def test_reviews_become_dated_comments(migrate: Migrate) -> None:
    migrate()
    feeling = work('Once More, With "Feeling"')
    comments = [
        (c.chapter.position, c.guest_name, c.body_html, c.created_at)
        for c in Comment.objects.filter(work=feeling).order_by("created_at")
    ]
    assert comments == [
        (1, "Anya", "<p>Loved the <i>singing</i>!</p>", datetime(2004, 3, 5, 12, tzinfo=UTC)),
        (2, "Dawn S", "<p>Great chapter.</p>", datetime(2004, 3, 6, 9, 30, tzinfo=UTC)),
        # Its chapter was deleted: on the first chapter.
        (1, "Clem", "<p>Where did chapter three go?</p>", datetime(2004, 3, 7, 8, tzinfo=UTC)),
    ]
    assert feeling.comment_count == 3
    assert work("Dead Things").comments.get().created_at.date() == date(2005, 1, 1)


def test_running_again_updates_without_duplicates(migrate: Migrate) -> None:
    migrate()
    before = (Work.objects.count(), Chapter.objects.count(), Comment.objects.count(),
              Tag.objects.count(), Creator.objects.count(), Series.objects.count())  # fmt: skip
    feeling = work('Once More, With "Feeling"')
    Work.objects.filter(pk=feeling.pk).update(title="Edited here", content_hash="")
    second = migrate()
    assert (second.imported, second.updated, second.unchanged) == (0, 1, 4)
    assert Work.objects.get(pk=feeling.pk).title == 'Once More, With "Feeling"'
    after = (Work.objects.count(), Chapter.objects.count(), Comment.objects.count(),
             Tag.objects.count(), Creator.objects.count(), Series.objects.count())  # fmt: skip
    assert after == before
    assert Favourite.objects.count() == 5


def test_a_story_failing_midway_rolls_back_only_itself(
    migrate: Migrate, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = services._reviews_write

    def failing(label: str, work: Work, *args: Any, **kwargs: Any) -> tuple[int, list[str]]:
        if work.title == "Dead Things":  # its work, credits and chapters are written by now
            raise RuntimeError("the disk is on fire")
        return real(label, work, *args, **kwargs)

    monkeypatch.setattr(services, "_reviews_write", failing)
    report = migrate()
    assert report.failures == [("story 2 (Dead Things)", "RuntimeError: the disk is on fire")]
    assert (report.imported, report.failed) == (4, 1)
    assert not Work.objects.filter(title="Dead Things").exists()
    assert not LegacyId.objects.filter(kind=LegacyKind.STORY, legacy_id=2).exists()
    assert not Chapter.objects.filter(title="Tara").exists()
    assert Work.objects.filter(title="Chosen").exists()

    monkeypatch.undo()
    again = migrate()
    assert (again.imported, again.unchanged, again.failed) == (1, 4, 0)
    assert Work.objects.filter(title="Dead Things").count() == 1


def test_tables_under_another_prefix(migrate: Migrate) -> None:
    report = migrate(prefix=OTHER_PREFIX)
    assert report.imported == 5
    assert work("Chosen").chapters.count() == 1


def test_favourites_become_bookmarks_and_follows_when_the_member_claims(migrate: Migrate) -> None:
    migrate()
    dawn = UserFactory(username="dawn")
    creator = LegacyId.objects.get(kind=LegacyKind.MEMBER, legacy_id=5).creator
    assert creator is not None
    assert creator.name == "Dawn S"
    assert not Bookmark.objects.exists()

    creator_claim_decide(claim=creator_claim_request(user=dawn, creator=creator), approve=True)

    feeling = work('Once More, With "Feeling"')
    bookmark = Bookmark.objects.get(user=dawn)  # the draft she liked is not hers to see
    assert (bookmark.work, bookmark.notes, bookmark.is_private) == (
        feeling, "My favourite musical", False,
    )  # fmt: skip
    assert Work.objects.get(pk=feeling.pk).bookmark_count == 1
    follows = {(s.kind, s.label) for s in Subscription.objects.filter(user=dawn)}
    assert follows == {("creator", "Spike Fan"), ("series", "Sunnydale Nights")}
    # Her review is hers now.
    review = Comment.objects.get(body_html="<p>Great chapter.</p>")
    assert (review.user, review.guest_name) == (dawn, "")
    assert Favourite.objects.filter(member=5, applied_at__isnull=False).count() == 3

    migrate()  # a second run neither repeats nor undoes any of it
    assert Bookmark.objects.filter(user=dawn).count() == 1
    assert Comment.objects.get(body_html="<p>Great chapter.</p>").user == dawn
