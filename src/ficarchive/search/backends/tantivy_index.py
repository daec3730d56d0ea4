"""Tantivy: one document per work in an index in the data folder, for large archives.

The database stays the truth. A write that changes a work queues it (PendingIndexUpdate) in
its own transaction; after the commit, and before every search, queued works are re-read
from the database and replaced in the index. So a posted chapter is findable at once, a
rolled-back write never reaches the index, and a crash between the commit and the index
loses nothing. Visibility is in each document and every page is re-read through
`visible_to`, so a draft or restricted work cannot show through a stale document either.
One writer at a time (a lock file), so several worker processes on one machine can share it.
"""

from __future__ import annotations

import fcntl
import functools
import re
import shutil
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Protocol, cast, overload

import tantivy
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction

from ficarchive.accounts.models import User
from ficarchive.core import relations
from ficarchive.search.backends.base import (
    MARK_CLOSE,
    MARK_OPEN,
    ChapterText,
    SearchBackend,
    SearchOutcome,
    Snippet,
    WorkText,
    marked_html,
)
from ficarchive.search.documents import plain_text
from ficarchive.search.models import PendingIndexUpdate
from ficarchive.search.query import ParsedQuery, Term
from ficarchive.tags.models import Tag
from ficarchive.works.fields import (
    BEST_MATCH,
    AmongWorks,
    Between,
    Condition,
    Holds,
    Kind,
    NameContains,
    OneOf,
    Tagged,
    WorkField,
    field_named,
    tags_named_like,
    work_fields,
    works_named_like,
)
from ficarchive.works.filters import Facet, facets_from_counts, form_conditions, sort_field
from ficarchive.works.models import Authorship, Chapter, Visibility, Work
from ficarchive.works.selectors import works_in_order
from ficarchive.works.viewer import with_viewer_annotations

TOKENIZER = "ficarchive"
WRITER_HEAP = 50_000_000
DRAIN_BATCH = 500
SNIPPET_CONTEXT = (8, 16)  # words before and after the first match
SNIPPET_WINDOW = 1500  # characters read either side of where a searched stem first appears


def analyzer() -> tantivy.TextAnalyzer:
    """Words as SQLite's `porter unicode61 remove_diacritics` sees them."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("work_id", stored=True, indexed=True, fast=True)
    builder.add_text_field("meta", tokenizer_name=TOKENIZER)  # title, creators, tags, notes
    builder.add_text_field("body", tokenizer_name=TOKENIZER)  # one value per posted chapter
    builder.add_text_field("visibility", tokenizer_name="raw")
    builder.add_integer_field("owners", indexed=True)  # accounts that see it whatever its state
    builder.add_integer_field("creator_users", indexed=True)  # creators' accounts, for mutes
    builder.add_integer_field("tags", indexed=True)  # every tag, for filters
    # The declared fields (works/fields.py). Sort keys end in the work's id, so ties come out
    # the same way every time, as the database's `ORDER BY …, pk` does.
    for field in work_fields():
        if field.kind in {Kind.NUMBER, Kind.DATE}:
            builder.add_integer_field(field.name, indexed=True, fast=True)
        elif field.kind == Kind.CHOICE:
            builder.add_text_field(field.name, tokenizer_name="raw", fast=True)
        elif field.kind == Kind.EXACT:
            builder.add_text_field(field.name, tokenizer_name="raw")
        elif field.kind == Kind.BOOL:
            builder.add_boolean_field(field.name, indexed=True)
        elif field.kind == Kind.TAG and field.facet:
            builder.add_integer_field(field.name, fast=True)  # this kind's tags, for counts
        if field.sort is not None and field.sort.key is not None:
            builder.add_text_field(f"sort_{field.name}", tokenizer_name="raw", fast=True)
        elif field.sort is not None:
            builder.add_integer_field(f"sort_{field.name}", fast=True)
    return builder.build()


@functools.cache
def tantivy_backend(directory: Path) -> TantivyBackend:
    """One per process and folder: the open index is reused by every request."""
    return TantivyBackend(directory)


class TantivyBackend(SearchBackend):
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.schema = _schema()
        try:
            self.index = tantivy.Index(self.schema, path=str(directory))
        except ValueError as error:  # made by a version with other fields: start again
            if "schema does not match" not in str(error):
                raise
            shutil.rmtree(directory)
            directory.mkdir(parents=True)
            self.index = tantivy.Index(self.schema, path=str(directory))
        self.index.register_tokenizer(TOKENIZER, analyzer())
        self.analyzer = analyzer()
        self._lock_path = directory / "ficarchive-writer.lock"
        self._seen_commit: tuple[int, int] | None = None
        self._deferred = False

    # Keeping the index in step ------------------------------------------------------------

    def add_many(self, works: list[WorkText], chapters: list[ChapterText]) -> None:
        self._queue([work.work_id for work in works])

    def replace_work(self, work: WorkText, chapters: list[ChapterText]) -> None:
        self._queue([work.work_id])

    def remove_work(self, work_id: int) -> None:
        self._queue([work_id])

    def reindex_works(self, work_ids: Collection[int]) -> None:
        self._queue(work_ids)  # read once, when the index catches up

    def counts_changed(self, work_ids: Collection[int], *, at_once: bool) -> None:
        self._queue(work_ids, at_once=at_once)

    def _queue(self, work_ids: Collection[int], *, at_once: bool = True) -> None:
        if not work_ids:
            return
        PendingIndexUpdate.objects.bulk_create([PendingIndexUpdate(work_id=i) for i in work_ids])
        if at_once and not self._deferred:
            transaction.on_commit(self.catch_up, robust=True)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Bulk imports: queue every work, then catch up once (one index commit, not one each)."""
        self._deferred = True
        try:
            yield
        finally:
            self._deferred = False
            self.catch_up()

    def catch_up(self) -> None:
        """Re-read every queued work from the database into the index."""
        while pending := list(
            PendingIndexUpdate.objects.order_by("pk").values_list("pk", "work_id")[:DRAIN_BATCH]
        ):
            with self._writer(WRITER_HEAP, num_threads=1) as writer:
                work_ids = sorted({work_id for _, work_id in pending})
                for work_id in work_ids:
                    writer.delete_documents_by_term("work_id", work_id)
                for document in self._documents(work_ids):
                    writer.add_document(document)
                writer.commit()
            PendingIndexUpdate.objects.filter(pk__in=[pk for pk, _ in pending]).delete()

    def clear(self) -> None:
        PendingIndexUpdate.objects.all().delete()
        with self._writer(WRITER_HEAP, num_threads=1) as writer:
            writer.delete_all_documents()
            writer.commit()

    def rebuild(self, batch_size: int) -> int:
        """Every work from scratch, in one index commit."""
        last_queued = (
            PendingIndexUpdate.objects.order_by("-pk").values_list("pk", flat=True).first()
        )
        ids = list(Work.objects.order_by("pk").values_list("pk", flat=True))
        with self._writer(256_000_000, num_threads=0) as writer:
            writer.delete_all_documents()
            for start in range(0, len(ids), batch_size):
                for document in self._documents(ids[start : start + batch_size]):
                    writer.add_document(document)
            writer.commit()
        if last_queued is not None:
            PendingIndexUpdate.objects.filter(pk__lte=last_queued).delete()
        return len(ids)

    @contextmanager
    def _writer(self, heap: int, *, num_threads: int) -> Iterator[tantivy.IndexWriter]:
        # Tantivy allows one writer per index: worker processes take turns on a lock file.
        with self._lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            writer = self.index.writer(heap_size=heap, num_threads=num_threads)
            try:
                yield writer
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
            finally:
                del writer
        self.index.reload()

    def _documents(self, work_ids: list[int]) -> Iterator[tantivy.Document]:
        """What the index holds for these works, read fresh from the database."""
        sort_keys = {
            f"sort_{field.name}": field.sort.key
            for field in work_fields() if field.sort is not None and field.sort.key is not None
        }  # fmt: skip
        works = Work.objects.filter(pk__in=work_ids).with_chapter_count().annotate(**sort_keys)
        chapters: dict[int, list[str]] = {}  # posted ones: with_chapter_count counts the same
        for work_id, title, body in (
            Chapter.objects.filter(work_id__in=work_ids, is_posted=True)
            .order_by("work_id", "position")
            .values_list("work_id", "title", "body_text")
        ):
            chapters.setdefault(work_id, []).append(f"{title}\n{body}")
        tags: dict[int, list[tuple[int, str, str]]] = {}
        for work_id, tag_id, kind, name in Work.tags.through.objects.filter(
            work_id__in=work_ids
        ).values_list("work_id", "tag_id", "tag__kind", "tag__name"):
            tags.setdefault(work_id, []).append((tag_id, kind, name))
        creators: dict[int, list[tuple[str, int | None]]] = {}
        for work_id, name, user_id in (
            Authorship.objects.filter(work_id__in=work_ids)
            .order_by("position")
            .values_list("work_id", "creator__name", "creator__user_id")
        ):
            creators.setdefault(work_id, []).append((name, user_id))
        for work in works:
            pk = work.pk
            work_tags, work_creators = tags.get(pk, []), creators.get(pk, [])
            owners = {user for _, user in work_creators if user is not None}
            if work.imported_by_id:
                owners.add(work.imported_by_id)
            fields: dict[str, Any] = {
                "work_id": pk,
                "meta": [work.title, " ".join(n for n, _ in work_creators),
                         " ".join(n for _, _, n in work_tags), plain_text(work.summary),
                         plain_text(work.notes_begin), plain_text(work.notes_end)],
                "body": chapters.get(pk, []),
                "visibility": work.visibility,
                "owners": sorted(owners),
                "creator_users": sorted({user for _, user in work_creators if user is not None}),
                "tags": [tag_id for tag_id, _, _ in work_tags],
            }  # fmt: skip
            for field in work_fields():
                fields.update(_indexed(field, work, work_tags))
            yield tantivy.Document(**fields)

    # Answering ----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return bool(self._searcher().num_docs == 0)

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.directory.rglob("*") if f.is_file())

    def _searcher(self) -> tantivy.Searcher:
        self.catch_up()
        meta = self.directory / "meta.json"
        stamp = meta.stat() if meta.exists() else None
        seen = (stamp.st_mtime_ns, stamp.st_size) if stamp else None
        if seen != self._seen_commit:  # another process committed
            self.index.reload()
            self._seen_commit = seen
        return self.index.searcher()

    def _compiled(
        self,
        user: User | AnonymousUser,
        query: ParsedQuery,
        filters: dict[str, Any],
        more: list[tantivy.Query] | None = None,
    ) -> tantivy.Query:
        conditions = query.conditions() + form_conditions(filters, user=user)
        must = [_visible_to(self.schema, user), *(self._filter(c) for c in conditions)]
        must += more or []
        scored = [self._text_query(query)] if query.has_text else []
        not_wanted = [self._term(term) for term in query.excluded] if query.has_text else []
        clauses = [(tantivy.Occur.Must, tantivy.Query.const_score_query(q, 0.0)) for q in must]
        clauses += [(tantivy.Occur.Must, q) for q in scored]
        clauses += [(tantivy.Occur.MustNot, q) for q in not_wanted]
        clauses += [(tantivy.Occur.MustNot, q) for q in self._muted(user)]
        return tantivy.Query.boolean_query(clauses)

    def matching(
        self,
        *,
        user: User | AnonymousUser,
        query: ParsedQuery,
        filters: dict[str, Any],
        work_ids: Collection[int],
    ) -> set[int]:
        if not work_ids:
            return set()
        ids = tantivy.Query.term_set_query(self.schema, "work_id", list(work_ids))
        compiled = self._compiled(user, query, filters, [ids])
        searcher = self._searcher()
        result = searcher.search(compiled, limit=len(work_ids))
        addresses = [address for _, address in result.hits]
        return {int(i or 0) for i in searcher.fast_field_values("work_id", addresses)}

    def search(
        self, *, user: User | AnonymousUser, query: ParsedQuery, filters: dict[str, Any], sort: str
    ) -> SearchOutcome:
        compiled = self._compiled(user, query, filters)
        order = None if sort in {BEST_MATCH, ""} and query.has_text else _order(field_named(sort))
        if order is None and not query.has_text:
            order = _order(sort_field(sort))
        searcher = self._searcher()
        return SearchOutcome(
            query=query,
            ordered=IndexedWorks(searcher, compiled, order, user),
            facets=lambda: _facets(searcher, compiled),
        )

    def _muted(self, user: User | AnonymousUser) -> list[tantivy.Query]:
        """`WorkQuerySet.unmuted_for` as index queries, from the member's cached mute ids."""
        muted = relations.muted_ids(user)
        found = []
        if muted.user_ids:
            found.append(_any_of(self.schema, "creator_users", sorted(muted.user_ids)))
        if muted.tag_ids:
            found.append(_any_of(self.schema, "tags", sorted(muted.tag_ids)))
        return found

    def _words(self, term: Term) -> list[str]:
        return [token for word in term.words for token in self.analyzer.analyze(word)]

    def _term(self, term: Term) -> tantivy.Query:
        """The term in a work's fields (counted double, as a title is) or its chapters."""
        words = self._words(term)
        if not words:
            return tantivy.Query.empty_query()
        alternatives = []
        for field, boost in (("meta", 2.0), ("body", 1.0)):
            if len(words) == 1:
                found = tantivy.Query.term_query(self.schema, field, words[0])
            else:
                found = tantivy.Query.phrase_query(self.schema, field, list[Any](words))
            alternatives.append(tantivy.Query.boost_query(found, boost) if boost != 1 else found)
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in alternatives])

    def _text_query(self, query: ParsedQuery) -> tantivy.Query:
        groups = []
        for group in query.required:
            alternatives = [self._term(term) for term in group]
            groups.append(
                alternatives[0]
                if len(alternatives) == 1
                else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in alternatives])
            )
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in groups])

    def _filter(self, condition: Condition) -> tantivy.Query:
        """A condition from the search box or the list form, as a query every match meets."""
        schema = self.schema
        match condition:
            case Between(field=field, low=low, high=high):
                return _between(schema, field.name, low, high)
            case OneOf(field=field, values=values):
                folded = field.kind == Kind.EXACT  # indexed in lower case
                return _any_of(schema, field.name, [v.casefold() if folded else v for v in values])
            case Holds(field=field, value=value):
                return tantivy.Query.term_query(schema, field.name, value)
            case NameContains(field=field) if field.kind == Kind.TEXT:
                named = works_named_like(condition).values_list("pk", flat=True)
                return _any_of(schema, "work_id", sorted(set(named)))
            case NameContains():
                tags = tags_named_like(condition).values_list("pk", flat=True)
                return _any_of(schema, "tags", list(tags))
            case Tagged(tag_ids=ids, exclude=False):
                return _any_of(schema, "tags", list(ids))
            case Tagged(tag_ids=ids):
                return tantivy.Query.boolean_query([
                    (tantivy.Occur.Must, tantivy.Query.all_query()),
                    (tantivy.Occur.MustNot, _any_of(schema, "tags", list(ids))),
                ])  # fmt: skip
            case AmongWorks(work_ids=ids, exclude=False):
                return _any_of(schema, "work_id", sorted(set(ids)))
            case AmongWorks(work_ids=ids):
                # The member's works from the database, left out in the index: counts stay right.
                return tantivy.Query.boolean_query([
                    (tantivy.Occur.Must, tantivy.Query.all_query()),
                    (tantivy.Occur.MustNot, _any_of(schema, "work_id", sorted(set(ids)))),
                ])  # fmt: skip
        raise TypeError(condition)

    def snippets(self, query: ParsedQuery, work_ids: list[int]) -> dict[int, Snippet]:
        """Each work's first posted chapter holding a searched word, and the passage around it.

        One statement finds, for every work of the page, the first posted chapter that contains
        a word starting like a searched stem, and hands over a window of text around it; Python
        then checks the words themselves.
        """
        stems = {w for group in query.required for term in group for w in self._words(term)}
        if not stems or not work_ids:
            return {}
        prefixes = sorted({stem[: max(3, len(stem) - 1)] for stem in stems})[:6]
        pattern = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
        candidate = re.compile(rf"\b(?:{pattern})\w*", re.IGNORECASE)
        postgres = connection.vendor == "postgresql"
        find = "strpos" if postgres else "instr"
        # Where a word starting like a searched stem first appears (after a space: most words),
        # as written or capitalised. No lower(): that would copy the whole chapter first, while
        # a plain search stops at the first hit, which for a common word is near the start.
        needles = [f" {p}" for p in prefixes] + [f" {p.capitalize()}" for p in prefixes]
        at = ", ".join(f"NULLIF({find}(body_text, %s), 0)" for _ in needles)
        marks = ", ".join(["%s"] * len(work_ids))
        # One statement for the page: each work's first posted chapter that holds a candidate.
        sql = (
            f"SELECT work_id, id, position, title, at, substr(body_text, "
            f"{'greatest' if postgres else 'max'}(at - %s, 1), %s) FROM ("
            f"  SELECT work_id, id, position, title, body_text, at, ROW_NUMBER() OVER"
            f"    (PARTITION BY work_id ORDER BY position) AS nth FROM ("
            f"    SELECT work_id, id, position, title, body_text, COALESCE({at}, 0) AS at"
            f"    FROM works_chapter WHERE work_id IN ({marks}) AND is_posted"
            f"  ) AS chapter WHERE at > 0"
            f") AS first WHERE nth = 1"
        )
        found: dict[int, Snippet] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [SNIPPET_WINDOW, 2 * SNIPPET_WINDOW, *needles, *work_ids])
            rows = cursor.fetchall()
        for work_id, chapter_id, position, title, offset, window in rows:
            passage = self._passage(window, candidate, stems, more_before=offset > SNIPPET_WINDOW)
            if passage is None:  # the prefix began another word: read the whole chapter
                body = Chapter.objects.filter(pk=chapter_id).values_list("body_text", flat=True)
                passage = self._passage(body[0], candidate, stems, more_before=False)
            if passage is not None:
                found[work_id] = Snippet(work_id, position, title, marked_html(passage))
        return found

    def _passage(
        self, text: str, candidate: re.Pattern[str], stems: set[str], *, more_before: bool
    ) -> str | None:
        for checked, match in enumerate(candidate.finditer(text)):
            if checked > 500:
                return None
            if not stems.intersection(self.analyzer.analyze(match.group())):
                continue
            before, after = SNIPPET_CONTEXT
            start = max(0, match.start() - 12 * before)
            window = text[start : match.end() + 12 * after]
            # The stubs call these strings; they are Tokens with their offsets in characters.
            tokens = cast("list[_Token]", self.analyzer.pre_tokenize(window).tokens)
            offset = match.start() - start
            here = next(i for i, t in enumerate(tokens) if t.char_offset_from >= offset)
            first, last = max(0, here - before), min(len(tokens), here + after)
            pieces, cursor = [], tokens[first].char_offset_from
            for token in tokens[first:last]:
                pieces.append(window[cursor : token.char_offset_from])
                word = window[token.char_offset_from : token.char_offset_to]
                pieces.append(f"{MARK_OPEN}{word}{MARK_CLOSE}" if token.text in stems else word)
                cursor = token.char_offset_to
            lead = "…" if more_before or start + tokens[first].char_offset_from > 0 else ""
            tail = "…" if start + cursor < len(text) else ""
            return lead + "".join(pieces).strip() + tail
        return None


class _Token(Protocol):
    text: str
    char_offset_from: int
    char_offset_to: int


class IndexedWorks(Sequence[Work]):
    """The matches in order, a page at a time; its length is the exact count of matches."""

    def __init__(
        self,
        searcher: tantivy.Searcher,
        query: tantivy.Query,
        order: tuple[str, bool] | None,
        user: User | AnonymousUser,
    ) -> None:
        self.searcher, self.query, self.order, self.user = searcher, query, order, user
        self._count: int | None = None
        self._first: list[int] | None = None

    def _ids(self, start: int, stop: int) -> list[int]:
        if start >= stop:
            return []
        options: dict[str, Any] = {}
        if self.order is not None:
            field, ascending = self.order
            options = {"order_by_field": field,
                       "order": tantivy.Order.Asc if ascending else tantivy.Order.Desc}  # fmt: skip
        result = self.searcher.search(
            self.query, limit=stop - start, offset=start, count=True, **options
        )
        self._count = result.count  # type: ignore[attr-defined]  # missing from the stubs
        addresses = [address for _, address in result.hits]
        return [int(i or 0) for i in self.searcher.fast_field_values("work_id", addresses)]

    def __len__(self) -> int:
        if self._count is None:
            self._first = self._ids(0, 20)  # the count comes with the first page, its likely use
        return int(self._count or 0)

    @overload
    def __getitem__(self, index: int) -> Work: ...
    @overload
    def __getitem__(self, index: slice) -> list[Work]: ...
    def __getitem__(self, index: int | slice) -> Work | list[Work]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        if start == 0 and self._first is not None and stop <= len(self._first):
            ids = self._first[:stop]
        else:
            ids = self._ids(start, stop)
        # Re-read through the one definition of visibility: a stale document cannot leak.
        visible = Work.objects.visible_to(self.user).unmuted_for(self.user)
        return works_in_order(with_viewer_annotations(visible, user=self.user), ids)


def _facets(searcher: tantivy.Searcher, query: tantivy.Query) -> list[Facet]:
    """Counted over every match (Tantivy's aggregations read columns, not rows)."""
    faceted = [field for field in work_fields() if field.facet]
    aggregations = {
        field.name: {"terms": {"field": field.name, "size": len(field.choices) or 30}}
        for field in faceted
    }
    aggregated = searcher.aggregate(query, aggregations)
    counted = {
        field.name: {b["key"]: b["doc_count"] for b in aggregated[field.name]["buckets"]}
        for field in faceted
    }
    tag_fields = [field.name for field in faceted if field.kind == Kind.TAG]
    ids = {int(tag_id) for name in tag_fields for tag_id in counted[name]}
    names = dict(Tag.objects.filter(pk__in=ids).values_list("pk", "name"))
    for name in tag_fields:  # tag ids to tag names
        counted[name] = {
            names[int(tag_id)]: n for tag_id, n in counted[name].items() if int(tag_id) in names
        }
    return facets_from_counts(counted)


def _indexed(field: WorkField, work: Work, tags: list[tuple[int, str, str]]) -> dict[str, Any]:
    """What the index holds for one declared field of a work: its value, its sort key."""
    found: dict[str, Any] = {}
    value: Any = None
    if field.kind in {Kind.NUMBER, Kind.DATE, Kind.CHOICE, Kind.EXACT, Kind.BOOL}:
        value = getattr(work, field.attribute)
        if field.kind == Kind.CHOICE and field.multiple:
            value = field.values_of(value)  # a value each: filters and counts see every one
        elif field.kind == Kind.DATE:
            value = value.toordinal()
        elif field.kind == Kind.EXACT:
            value = value.casefold()
        found[field.name] = value
    elif field.kind == Kind.TAG and field.facet:
        found[field.name] = [tag_id for tag_id, kind, _ in tags if kind == field.tag_kind]
    if field.sort is not None and field.sort.key is not None:
        key = getattr(work, f"sort_{field.name}") or ""
        found[f"sort_{field.name}"] = f"{key}\0{work.pk:012d}"
    elif field.sort is not None:
        found[f"sort_{field.name}"] = (value << 32) + work.pk
    return found


def _order(field: WorkField | None) -> tuple[str, bool] | None:
    """The index's sort field for a sortable field, and whether it goes up."""
    if field is None or field.sort is None:
        return None
    return f"sort_{field.name}", not field.sort.descending


def _visible_to(schema: tantivy.Schema, user: User | AnonymousUser) -> tantivy.Query:
    """`Work.objects.visible_to` as an index query (the same rules, in the same order)."""
    allowed = [tantivy.Query.term_query(schema, "visibility", Visibility.PUBLIC.value)]
    if user.is_authenticated:
        allowed.append(tantivy.Query.term_query(schema, "visibility", Visibility.REGISTERED.value))
        allowed.append(tantivy.Query.term_query(schema, "owners", user.pk))
        if user.is_staff:
            allowed.append(tantivy.Query.term_query(schema, "visibility", Visibility.HIDDEN.value))
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in allowed])


def _any_of(schema: tantivy.Schema, field: str, values: list[Any]) -> tantivy.Query:
    if not values:
        return tantivy.Query.empty_query()
    return tantivy.Query.term_set_query(schema, field, values)


def _between(schema: tantivy.Schema, field: str, low: Any, high: Any) -> tantivy.Query:
    def number(value: Any) -> int | None:
        return value.toordinal() if isinstance(value, date) else value

    lowest, highest = number(low), number(high)
    return tantivy.Query.range_query(
        schema, field, tantivy.FieldType.Integer,
        lower_bound=lowest if lowest is not None else -(2**62),
        upper_bound=highest if highest is not None else 2**62,
    )  # fmt: skip
