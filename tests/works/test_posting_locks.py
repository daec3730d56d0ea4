"""Posting a chapter locks its work's row against other chapters being posted, not against the
foreign-key checks of comments and kudos written at the same moment: on PostgreSQL a FOR UPDATE
lock there queued behind a comment's check, and the comment's next step (the work's comment
total) then deadlocked with it (seen as a 500 in `make cluster-test`)."""

from __future__ import annotations

import threading

import psycopg
import pytest
from django.db import connection, connections

from ficarchive.accounts.models import User
from ficarchive.works.models import Work
from ficarchive.works.posting import ChapterData, chapter_create
from tests.factories import WorkFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks"),
]


def _other_connection() -> psycopg.Connection:
    config = connection.settings_dict
    return psycopg.connect(
        dbname=config["NAME"], host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432,
        user=config["USER"], password=config["PASSWORD"] or None,
    )  # fmt: skip


def test_posting_a_chapter_does_not_wait_for_a_comment_being_written(
    alice: User, alice_creator: object
) -> None:
    work: Work = WorkFactory(creators=[alice_creator])
    done = threading.Event()
    failed: list[BaseException] = []

    def post() -> None:
        try:
            chapter_create(work=work, user=alice, chapter=ChapterData(text="<p>On.</p>"), post=True)
            done.set()
        except BaseException as error:  # reported by the test's own thread
            failed.append(error)
        finally:
            connections.close_all()

    with _other_connection() as commenting:
        # What a comment's or kudos' insert does first: its foreign key's check on the work.
        commenting.execute("SELECT 1 FROM works_work WHERE id = %s FOR KEY SHARE", [work.pk])
        poster = threading.Thread(target=post)
        poster.start()
        posted_meanwhile = done.wait(timeout=10)
        # Then the comment's total, as the comment's transaction goes on: with the chapter
        # posted, it simply follows; had the post been waiting, this would deadlock.
        commenting.execute(
            "UPDATE works_work SET comment_count = comment_count WHERE id = %s", [work.pk]
        )
        commenting.commit()
    poster.join(timeout=30)
    assert not failed, failed
    assert posted_meanwhile, "the chapter waited for the comment's transaction"
    assert work.chapters.count() == 2
