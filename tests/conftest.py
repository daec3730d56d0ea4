from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from ficarchive.accounts.models import User
from ficarchive.works.models import Creator
from tests.factories import CreatorFactory, UserFactory

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def corpus_dir() -> Path:
    """The shared import corpus; tests that need it skip when it is absent."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    return corpus


@pytest.fixture
def alice(db: None) -> User:
    """An author: owns the works made with `alice_creator`."""
    return UserFactory(username="alice")


@pytest.fixture
def alice_creator(alice: User) -> Creator:
    return CreatorFactory(name="Alice", user=alice)


@pytest.fixture
def bob(db: None) -> User:
    """A signed-in stranger to Alice's works."""
    return UserFactory(username="bob")


@pytest.fixture(scope="session", autouse=True)
def plain_http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The test client and live server speak plain HTTP, like `make run` on a laptop.

    Session-wide, so the live server (started once) sees it too. Production keeps its
    HTTPS redirect and secure cookies: tests/core/test_settings.py checks those defaults.
    Static files come from the apps' folders, with no collectstatic.
    """
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        STATIC_ROOT=tmp_path_factory.mktemp("static"),
        WHITENOISE_USE_FINDERS=True,
    ):
        yield


@pytest.fixture(autouse=True)
def own_search_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """With FICARCHIVE_SEARCH_BACKEND=tantivy, each test gets an empty index of its own:
    the database rolls back after a test, an index in a folder would not."""
    if settings.SEARCH_BACKEND != "tantivy":
        yield
        return
    with override_settings(SEARCH_INDEX_DIR=tmp_path_factory.mktemp("search-index")):
        yield


@pytest.fixture(autouse=True)
def own_downloads_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test keeps its built downloads (and members' data downloads) in a folder of its
    own (the database rolls back after a test, files would not)."""
    with override_settings(
        FICARCHIVE_DOWNLOADS_DIR=tmp_path_factory.mktemp("downloads"),
        FICARCHIVE_EXPORTS_DIR=tmp_path_factory.mktemp("exports"),
    ):
        yield


def pytest_configure(config: pytest.Config) -> None:
    """Tests share no cache: each gets an empty in-memory one (`fresh_cache`), so a rate limit
    reached in one test never carries into the next. tests/core/test_cache.py runs the
    deployed database cache itself, in its own processes."""
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "pages")
    }


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


def pytest_report_header() -> str:
    from django.db import connection

    return (
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}); "
        f"search: {settings.SEARCH_BACKEND}"
    )


def run_queued_tasks() -> None:
    """`ficarchive worker --batch` in this process: runs every task that is due (those a task
    enqueues too). The worker closes "old" database connections between tasks, as a long-lived
    process should; here that connection holds the test's transaction (on PostgreSQL closing
    it would end the test), so it is kept."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, queue_name="*",
            verbosity=0,
        )  # fmt: skip


@pytest.fixture
def run_tasks(db: None) -> Callable[[], int]:
    """Runs the queued tasks (`run_queued_tasks`); returns how many ran."""
    from django_tasks_db.models import DBTaskResult

    def run() -> int:
        before = DBTaskResult.objects.exclude(status="READY").count()
        run_queued_tasks()
        return DBTaskResult.objects.exclude(status="READY").count() - before

    return run
