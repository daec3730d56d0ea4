"""Factories for the domain: tests build exactly the rows they need."""

from __future__ import annotations

import datetime as dt

import factory

from ficarchive.accounts.models import User
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Authorship, Chapter, Creator, Rating, Visibility, Work


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    email_confirmed = True  # members post and comment once their address is confirmed


class CreatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Creator

    name = factory.Sequence(lambda n: f"Creator {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    kind = TagKind.FREEFORM


class WorkFactory(factory.django.DjangoModelFactory):
    """A public one-chapter work by one creator, unless told otherwise."""

    class Meta:
        model = Work
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Work {n}")
    summary = "<p>A summary.</p>"
    rating = Rating.TEEN
    visibility = Visibility.PUBLIC
    expected_chapters = 1
    published = dt.date(2024, 1, 2)
    updated = dt.date(2024, 3, 4)

    @factory.post_generation
    def creators(self, create: bool, extracted: list[Creator] | None, **kwargs: object) -> None:
        for position, creator in enumerate(extracted or [CreatorFactory()]):
            Authorship.objects.create(work=self, creator=creator, position=position)

    @factory.post_generation
    def chapters(self, create: bool, extracted: int | None, **kwargs: object) -> None:
        for position in range(1, (extracted if extracted is not None else 1) + 1):
            ChapterFactory(work=self, position=position)
        self.refresh_word_count()


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapter

    work = factory.SubFactory(WorkFactory, chapters=0)
    position = 1
    title = factory.LazyAttribute(lambda c: f"Part {c.position}")
    body_html = factory.LazyAttribute(
        lambda c: f"<p>Chapter {c.position} opens here.</p><hr><p>And it ends here.</p>"
    )
