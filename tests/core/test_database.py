"""Database upkeep: SQLite's planner gets statistics, so a page of works is found by key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from ficarchive.core.services import database_statistics_refresh
from ficarchive.works.models import Visibility, Work

pytestmark = pytest.mark.django_db


def test_a_page_of_works_is_looked_up_by_primary_key_after_the_refresh() -> None:
    day = dt.date(2024, 1, 1)
    works = Work.objects.bulk_create(
        Work(title=f"Work {n}", published=day, updated=day, visibility=Visibility.PUBLIC)
        for n in range(3000)
    )
    page = Work.objects.visible_to(AnonymousUser()).filter(pk__in=[w.pk for w in works[:20]])
    sql, params = page.order_by().query.sql_with_params()
    database_statistics_refresh()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner's row count for the table is what ANALYZE measured.
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'works_work'")
            assert cursor.fetchone()[0] == len(works)
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(str(row[0]) for row in cursor.fetchall())
            assert "works_work_pkey" in plan, plan
            return
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "INTEGER PRIMARY KEY" in plan, plan
