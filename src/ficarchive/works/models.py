"""Works, their chapters, creators and series."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from ficarchive.core import languages, relations
from ficarchive.core.aggregates import JoinedText, split_joined
from ficarchive.core.readingtime import reading_time
from ficarchive.formats.sanitize import sanitize_html, xml_safe
from ficarchive.formats.text_of_html import count_words, html_to_text
from ficarchive.tags.models import Tag, TagKind, name_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from ficarchive.accounts.models import User


class Rating(models.TextChoices):
    NOT_RATED = "not-rated", "Not Rated"
    GENERAL = "general", "General Audiences"
    TEEN = "teen", "Teen And Up Audiences"
    MATURE = "mature", "Mature"
    EXPLICIT = "explicit", "Explicit"

    @classmethod
    def from_source(cls, words: str | None) -> Rating:
        """Map a source site's rating words (FanFiction.Net's K…M, AO3's names, TtH's FR13,
        the film-style letters small archives use) onto ours."""
        if not words:
            return cls.NOT_RATED
        key = " ".join(words.replace("Fiction", "").split()).casefold()
        return _SOURCE_RATINGS.get(key, cls.NOT_RATED)


_SOURCE_RATINGS: dict[str, Rating] = {
    "k": Rating.GENERAL,
    "k+": Rating.GENERAL,
    "g": Rating.GENERAL,
    "pg": Rating.GENERAL,
    "general": Rating.GENERAL,
    "general audiences": Rating.GENERAL,
    "t": Rating.TEEN,
    "pg-13": Rating.TEEN,
    "teen": Rating.TEEN,
    "teen and up audiences": Rating.TEEN,
    "m": Rating.MATURE,
    "r": Rating.MATURE,
    "mature": Rating.MATURE,
    "ma": Rating.EXPLICIT,
    "nc-17": Rating.EXPLICIT,
    "e": Rating.EXPLICIT,
    "explicit": Rating.EXPLICIT,
    "not rated": Rating.NOT_RATED,
    # Twisting the Hellmouth's FR (fiction rating) ages, and spellings archives use.
    "fr7": Rating.GENERAL,
    "fr13": Rating.TEEN,
    "fr15": Rating.TEEN,
    "fr18": Rating.MATURE,
    "fr21": Rating.EXPLICIT,
    "g (general audiences)": Rating.GENERAL,
    "all ages": Rating.GENERAL,
    "everyone": Rating.GENERAL,
    "pg13": Rating.TEEN,
    "pg-15": Rating.TEEN,
    "t+": Rating.TEEN,
    "teen+": Rating.TEEN,
    "r-15": Rating.TEEN,
    "15+": Rating.TEEN,
    "r-18": Rating.MATURE,
    "18+": Rating.MATURE,
    "adult": Rating.EXPLICIT,
    "nc17": Rating.EXPLICIT,
    "x": Rating.EXPLICIT,
    "xxx": Rating.EXPLICIT,
}


class Category(models.TextChoices):
    """AO3's categories: who the relationships are between; a work may have several."""

    FF = "ff", "F/F"
    FM = "fm", "F/M"
    GEN = "gen", "Gen"
    MM = "mm", "M/M"
    MULTI = "multi", "Multi"
    OTHER = "other", "Other"

    @classmethod
    def from_source(cls, words: str) -> Category | None:
        """A source's category words ("F/M", "m/f", "Gen", "Multi") as ours; None if unknown."""
        key = "".join(words.split()).casefold()
        return _SOURCE_CATEGORIES.get(key)


_SOURCE_CATEGORIES: dict[str, Category] = {
    **{label.casefold(): Category(value) for value, label in Category.choices},
    **{value: Category(value) for value in Category.values},
    "m/f": Category.FM, "gen.": Category.GEN, "general": Category.GEN,
    "femslash": Category.FF, "slash": Category.MM, "het": Category.FM,
}  # fmt: skip
CATEGORY_SEPARATOR = ","


def join_categories(values: list[str] | tuple[str, ...]) -> str:
    """Category codes as stored: known ones only, once each, in Category's order."""
    chosen = set(values)
    return CATEGORY_SEPARATOR.join(value for value in Category.values if value in chosen)


def split_categories(stored: str) -> list[str]:
    return [value for value in stored.split(CATEGORY_SEPARATOR) if value]


class Visibility(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLIC = "public", "Public"
    REGISTERED = "registered", "Registered users only"
    HIDDEN = "hidden", "Hidden by moderators"


class Creator(models.Model):
    """A name works are credited to; imported names have no account until one claims them."""

    name = models.CharField(max_length=100)
    name_key = models.TextField(editable=False, help_text="name_key(name): what names match on.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="creators",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name_key"], name="creator_name_key")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("works:creator", args=[self.pk])


def _posted_count() -> Coalesce:
    """The posted chapters of the work in the outer query."""
    posted = (
        Chapter.objects.filter(work=OuterRef("pk"), is_posted=True)
        .order_by()
        .values("work")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(posted), 0)


class WorkQuerySet(models.QuerySet["Work"]):
    def visible_to(self, user: User | AnonymousUser) -> WorkQuerySet:
        """The one definition of who may see a work; every list, feed and download uses it.

        Everyone sees public works; signed-in members also see registered-only
        works; creators (and whoever imported the work) see their own works whatever
        their state; moderators also see hidden works. Nobody else sees drafts.
        """
        allowed = Q(visibility=Visibility.PUBLIC)
        if user.is_authenticated:
            allowed |= Q(visibility=Visibility.REGISTERED)
            allowed |= Q(pk__in=Authorship.objects.filter(creator__user=user).values("work"))
            allowed |= Q(imported_by=user)
            if user.is_staff:
                allowed |= Q(visibility=Visibility.HIDDEN)
        return self.filter(allowed)

    def unmuted_for(self, user: User | AnonymousUser) -> WorkQuerySet:
        """Without the works this member muted: by a muted user (one of the creators' accounts)
        or carrying a muted tag or one of its synonyms. Subqueries in the list's own statement,
        never a query more; every list, search and feed of a member passes through this. A
        guest mutes nothing."""
        users, tags = relations.muted_users(user), relations.muted_tags(user)
        if users is None or tags is None:
            return self
        by_muted = Authorship.objects.filter(creator__user__in=users).values("work_id")
        tagged = Work.tags.through.objects.filter(tag_id__in=tags).values("work_id")
        return self.exclude(pk__in=by_muted).exclude(pk__in=tagged)

    def editable_by(self, user: User | AnonymousUser) -> WorkQuerySet:
        """The works this user may change: their own as a creator, or what they imported."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(pk__in=Authorship.objects.filter(creator__user=user).values("work"))
            | Q(imported_by=user)
        )

    def complete(self) -> WorkQuerySet:
        """Every expected chapter posted (AO3's rule). Each candidate work's chapters are
        counted through the chapter index, so the other filters narrow the works first; a
        join grouped by work would count every chapter in the archive."""
        return self.filter(expected_chapters__isnull=False, expected_chapters__lte=_posted_count())

    def in_progress(self) -> WorkQuerySet:
        return self.filter(
            Q(expected_chapters__isnull=True) | Q(expected_chapters__gt=_posted_count())
        )

    def with_chapter_count(self) -> WorkQuerySet:
        """Each work's posted chapters counted (Work.chapter_count, is_complete) in the query."""
        # A correlated subquery, not a join with GROUP BY: a page of 20 counts 20 works'
        # chapters, not every chapter in the archive.
        return self.annotate(posted_chapter_count=_posted_count())

    def with_blurb_data(self) -> WorkQuerySet:
        """Everything a blurb shows, in a fixed number of queries whatever the list's length."""
        return self.with_chapter_count().prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.select_related("creator")),
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
        )

    def for_reading(self) -> WorkQuerySet:
        """A reading page's work: the blurb's data, plus its beta readers' names and how many
        series it is in, joined into the one query (the page lists series only if any)."""
        betas = (
            Work.betas.through.objects.filter(work=OuterRef("pk"))
            .order_by()
            .values("work")
            .annotate(names=JoinedText("creator__name"))
            .values("names")  # type: ignore[misc]  # the stubs' plugin knows no custom aggregate
        )
        series = (
            SeriesPart.objects.filter(work=OuterRef("pk"))
            .order_by()
            .values("work")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.with_blurb_data().annotate(
            beta_names_joined=Subquery(betas), series_total=Coalesce(Subquery(series), 0)
        )


class Work(models.Model):
    """A story: its metadata, its chapters, where it came from and who may see it."""

    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True, help_text="Sanitized HTML.")
    rating = models.CharField(max_length=20, choices=Rating.choices, default=Rating.NOT_RATED)
    rating_source = models.CharField(
        max_length=50, blank=True, help_text="The source's own rating words, such as 'T'."
    )
    language = models.CharField(max_length=35, default="en", help_text="A BCP 47 code.")
    categories = models.CharField(
        max_length=40, blank=True,
        help_text="AO3 categories (Category's codes), comma-separated, in Category's order.",
    )  # fmt: skip
    expected_chapters = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty while the author does not know ('3/?')."
    )
    notes_begin = models.TextField(blank=True, help_text="Sanitized HTML.")
    notes_end = models.TextField(blank=True, help_text="Sanitized HTML.")
    disclaimer = models.TextField(blank=True)
    published = models.DateField()
    updated = models.DateField()
    word_count = models.PositiveIntegerField(default=0, editable=False)
    # Totals kept by the community services, so lists sort and filter on them without counting.
    kudos_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    bookmark_count = models.PositiveIntegerField(default=0, editable=False)
    hit_count = models.PositiveIntegerField(default=0, editable=False)
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.DRAFT
    )
    # What a hidden work goes back to when the moderators show it again (works.services).
    visibility_before_hiding = models.CharField(
        max_length=20, choices=Visibility.choices, blank=True, default="", editable=False
    )
    creators = models.ManyToManyField["Creator", "Authorship"](
        Creator, through="Authorship", related_name="works"
    )
    betas = models.ManyToManyField(Creator, blank=True, related_name="beta_credits")
    tags = models.ManyToManyField(Tag, blank=True, related_name="works")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imported_works",
        help_text="Who uploaded it; they may preview and publish it like its creators.",
    )
    source_site = models.CharField(max_length=100, blank=True)
    source_url = models.URLField(max_length=500, blank=True, db_index=True)
    source_format = models.CharField(max_length=10, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = WorkQuerySet.as_manager()

    class Meta:
        ordering = ["-updated", "-pk"]
        indexes = [models.Index(fields=["visibility", "-updated"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_chapters__isnull=True) | Q(expected_chapters__gte=1),
                name="work_expected_chapters_positive",
            ),
            models.CheckConstraint(
                condition=Q(updated__gte=models.F("published")),
                name="work_updated_not_before_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = xml_safe(self.title)
        self.summary = sanitize_html(self.summary)
        self.notes_begin = sanitize_html(self.notes_begin)
        self.notes_end = sanitize_html(self.notes_end)
        self.categories = join_categories(split_categories(self.categories))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reader:work", args=[self.pk])

    def get_full_work_url(self) -> str:
        return f"{self.get_absolute_url()}?view_full_work=true"

    @property
    def beta_names(self) -> list[str]:
        """Who beta read it, by name; from `for_reading()`'s annotation when it is there."""
        if hasattr(self, "beta_names_joined"):
            return sorted(split_joined(self.beta_names_joined), key=name_key)
        return [beta.name for beta in self.betas.order_by("name_key")]

    @property
    def beta_credit_names(self) -> list[str]:
        """The betas to credit in a line of their own: those the work's notes do not already
        thank by name (an imported "Thanks to X for betaing!" is both a note and a credit)."""
        notes = " ".join(html_to_text(self.notes_begin).casefold().split())
        return [name for name in self.beta_names if name.casefold() not in notes]

    @property
    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [labels[value] for value in split_categories(self.categories) if value in labels]

    @property
    def language_name(self) -> str:
        """ "Français" for "fr": how readers know their language."""
        return languages.language_name(self.language)

    @property
    def text_direction(self) -> str:
        return languages.text_direction(self.language)

    @property
    def series_links(self) -> list[SeriesPart]:
        """The work's places in series, with the series; no query when `for_reading()` found
        none."""
        if getattr(self, "series_total", None) == 0:
            return []
        return list(self.series_parts.select_related("series"))

    def is_created_by(self, user: User | AnonymousUser) -> bool:
        """Whether the member is one of its creators; no query when the authorships are
        prefetched (`with_blurb_data()`)."""
        return user.is_authenticated and any(
            authorship.creator.user_id == user.pk for authorship in self.authorships.all()
        )

    def is_editable_by(self, user: User | AnonymousUser) -> bool:
        """`Work.objects.editable_by()` for one loaded work."""
        return user.is_authenticated and (
            self.imported_by_id == user.pk or self.is_created_by(user)
        )

    def tags_of(self, kind: TagKind) -> list[Tag]:
        # Filters in Python so a prefetched tag list is reused, not queried again.
        return [tag for tag in self.tags.all() if tag.kind == kind]

    @property
    def fandoms(self) -> list[Tag]:
        return self.tags_of(TagKind.FANDOM)

    @property
    def relationships(self) -> list[Tag]:
        return self.tags_of(TagKind.RELATIONSHIP)

    @property
    def characters(self) -> list[Tag]:
        return self.tags_of(TagKind.CHARACTER)

    @property
    def freeforms(self) -> list[Tag]:
        return self.tags_of(TagKind.FREEFORM)

    @property
    def warnings(self) -> list[Tag]:
        return self.tags_of(TagKind.WARNING)

    @property
    def is_draft(self) -> bool:
        return self.visibility == Visibility.DRAFT

    @property
    def rating_source_note(self) -> str:
        """The source's own rating words, when they say more than our rating's name."""
        if self.rating_source.casefold() == self.get_rating_display().casefold():
            return ""
        return self.rating_source

    @property
    def ordered_creators(self) -> list[Creator]:
        return [a.creator for a in sorted(self.authorships.all(), key=lambda a: a.position)]

    @property
    def is_complete(self) -> bool:
        """AO3's rule: complete when every expected chapter is posted."""
        return self.expected_chapters is not None and self.chapter_count >= self.expected_chapters

    @property
    def chapter_count(self) -> int:
        annotated: int | None = getattr(self, "posted_chapter_count", None)
        if annotated is not None:
            return annotated
        return self.chapters.filter(is_posted=True).count()

    @property
    def chapter_progress(self) -> str:
        """'3/?' while the total is unknown, '3/10' otherwise."""
        expected = "?" if self.expected_chapters is None else str(self.expected_chapters)
        return f"{self.chapter_count}/{expected}"

    @property
    def reading_time(self) -> str:
        """'about 3 h 20 min' for the posted chapters' words."""
        return reading_time(self.word_count)

    def refresh_word_count(self) -> None:
        """Recount the derived word count from the posted chapters."""
        total = self.chapters.filter(is_posted=True).aggregate(total=models.Sum("word_count"))
        self.word_count = total["total"] or 0
        Work.objects.filter(pk=self.pk).update(word_count=self.word_count)


class Authorship(models.Model):
    """A creator credited on a work, in the order the credits are shown."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="authorships")
    creator = models.ForeignKey(Creator, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["work", "creator"], name="authorship_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.creator} on {self.work}"


class ChapterQuerySet(models.QuerySet["Chapter"]):
    def posted(self) -> ChapterQuerySet:
        return self.filter(is_posted=True)


class Chapter(models.Model):
    """One chapter's text and notes; the body is stored sanitized, text and words derived."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=255, blank=True)
    notes_begin = models.TextField(blank=True, help_text="Sanitized HTML.")
    notes_end = models.TextField(blank=True, help_text="Sanitized HTML.")
    body_html = models.TextField(blank=True, help_text="Sanitized HTML.")
    body_text = models.TextField(blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    is_posted = models.BooleanField(default=True)
    published = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    # An imported chapter's number in its source story: chapters saved one by one find their
    # place (and their earlier copy) by it, whatever order they arrive in.
    source_number = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = ChapterQuerySet.as_manager()

    class Meta:
        ordering = ["work", "position"]
        constraints = [
            models.UniqueConstraint(fields=["work", "position"], name="chapter_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="chapter_position_positive"),
        ]
        # Answers "a work's posted chapters, in order" (blurbs' counts, snippets) from the index:
        # in the table, is_posted sits after the chapter's text, which can run to megabytes.
        indexes = [models.Index(fields=["work", "is_posted", "position"], name="chapter_posted")]

    def __str__(self) -> str:
        return f"{self.work}: {self.display_title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_derived()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reader:chapter", args=[self.work_id, self.position])

    def fill_derived(self, *, text: str | None = None) -> None:
        """Sanitize the HTML and derive text and words; bulk inserts call this directly.

        An importer that already holds the chapter's plain text passes it, sparing a
        second parse of the HTML it generated from that very text.
        """
        self.title = xml_safe(self.title)
        self.notes_begin = sanitize_html(self.notes_begin)
        self.notes_end = sanitize_html(self.notes_end)
        self.body_html = sanitize_html(self.body_html)
        self.body_text = html_to_text(self.body_html) if text is None else text
        self.word_count = count_words(self.body_text)

    @property
    def display_title(self) -> str:
        """'Chapter 2: Salt Roads', or 'Chapter 2' for a chapter the author only numbered."""
        prefix = f"Chapter {self.position}"
        return f"{prefix}: {self.title}" if self.title else prefix

    @property
    def reading_time(self) -> str:
        return reading_time(self.word_count)


class Series(models.Model):
    """Works meant to be read in order."""

    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True, help_text="Sanitized HTML.")
    works = models.ManyToManyField["Work", "SeriesPart"](
        Work, through="SeriesPart", related_name="series"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = xml_safe(self.title)
        self.summary = sanitize_html(self.summary)
        super().save(*args, **kwargs)


class SeriesPart(models.Model):
    """A work's place in a series."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="parts")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="series_parts")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["series", "position"]
        constraints = [
            models.UniqueConstraint(fields=["series", "work"], name="seriespart_unique_work"),
            models.UniqueConstraint(
                fields=["series", "position"], name="seriespart_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"Part {self.position} of {self.series}"


class CoCreatorInvitation(models.Model):
    """A creator asks another member to share a work; they are credited only if they accept."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="invitations")
    invited = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cocreator_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["work", "invited"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_work",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invited} invited to {self.work} ({self.status})"
