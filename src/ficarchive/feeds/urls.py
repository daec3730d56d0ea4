from __future__ import annotations

from django.urls import path

from ficarchive.feeds import atom, opds
from ficarchive.feeds.auth import feed_view

app_name = "feeds"
urlpatterns = [
    path("works/feed.atom", feed_view(atom.WorksFeed()), name="works"),
    path("works/<int:work_id>/feed.atom", feed_view(atom.WorkFeed()), name="work"),
    path("tags/<int:tag_id>/works/feed.atom", feed_view(atom.TagFeed()), name="tag"),
    path("creators/<int:creator_id>/feed.atom", feed_view(atom.CreatorFeed()), name="creator"),
    path("series/<int:series_id>/feed.atom", feed_view(atom.SeriesFeed()), name="series"),
    path("search/feed.atom", feed_view(atom.SearchFeed()), name="search"),
    path("opds/", feed_view(opds.Root()), name="opds"),
    path("opds/recent/", feed_view(opds.Recent()), name="opds_recent"),
    path("opds/fandoms/", feed_view(opds.Fandoms()), name="opds_fandoms"),
    path("opds/tags/", feed_view(opds.Tags()), name="opds_tags"),
    path("opds/tags/<int:tag_id>/", feed_view(opds.TagWorks()), name="opds_tag"),
    path("opds/series/", feed_view(opds.SeriesList()), name="opds_series"),
    path(
        "opds/series/<int:series_id>/",
        feed_view(opds.SeriesWorks()),
        name="opds_series_works",
    ),
    path("opds/search/", feed_view(opds.Search()), name="opds_search"),
    path("opds/search.xml", opds.search_description, name="opds_search_description"),
    path("opds/me/", opds.members_only(opds.Shelves()), name="opds_me"),
    path("opds/me/<slug:shelf>/", opds.members_only(opds.Shelf()), name="opds_shelf"),
]
