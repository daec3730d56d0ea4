from __future__ import annotations

from django.urls import path
from django.views.decorators.http import require_safe

from ficarchive.feeds import atom, opds

app_name = "feeds"
urlpatterns = [
    path("works/feed.atom", require_safe(atom.WorksFeed()), name="works"),
    path("works/<int:work_id>/feed.atom", require_safe(atom.WorkFeed()), name="work"),
    path("tags/<int:tag_id>/works/feed.atom", require_safe(atom.TagFeed()), name="tag"),
    path("creators/<int:creator_id>/feed.atom", require_safe(atom.CreatorFeed()), name="creator"),
    path("series/<int:series_id>/feed.atom", require_safe(atom.SeriesFeed()), name="series"),
    path("search/feed.atom", require_safe(atom.SearchFeed()), name="search"),
    path("opds/", require_safe(opds.Root()), name="opds"),
    path("opds/recent/", require_safe(opds.Recent()), name="opds_recent"),
    path("opds/fandoms/", require_safe(opds.Fandoms()), name="opds_fandoms"),
    path("opds/tags/", require_safe(opds.Tags()), name="opds_tags"),
    path("opds/tags/<int:tag_id>/", require_safe(opds.TagWorks()), name="opds_tag"),
    path("opds/series/", require_safe(opds.SeriesList()), name="opds_series"),
    path(
        "opds/series/<int:series_id>/",
        require_safe(opds.SeriesWorks()),
        name="opds_series_works",
    ),
    path("opds/search/", require_safe(opds.Search()), name="opds_search"),
    path("opds/search.xml", opds.search_description, name="opds_search_description"),
    path("opds/me/", opds.members_only(opds.Shelves()), name="opds_me"),
    path("opds/me/<slug:shelf>/", opds.members_only(opds.Shelf()), name="opds_shelf"),
]
