"""OPDS 1.2 as a Django feedgenerator: Atom with the catalogue's links (navigation,
acquisition, facets, pagination, search) and its namespaces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.feedgenerator import Atom1Feed, rfc3339_date
from django.utils.xmlutils import SimplerXMLGenerator

NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPENSEARCH = "application/opensearchdescription+xml"
ACQUIRE = "http://opds-spec.org/acquisition"
FACET = "http://opds-spec.org/facet"
NAMESPACES = {
    "xmlns:opds": "http://opds-spec.org/2010/catalog",
    "xmlns:dc": "http://purl.org/dc/elements/1.1/",
    "xmlns:dcterms": "http://purl.org/dc/terms/",
    "xmlns:opensearch": "http://a9.com/-/spec/opensearch/1.1/",
    "xmlns:thr": "http://purl.org/syndication/thread/1.0",
}


@dataclass(frozen=True)
class Link:
    href: str
    rel: str
    type: str = ""
    title: str = ""
    facet_group: str = ""  # an OPDS facet's group ("Rating")
    active: bool = False  # the facet in force
    count: int | None = None  # works behind a facet or a subsection (thr:count)

    def attributes(self) -> dict[str, str]:
        attrs = {"href": self.href, "rel": self.rel}
        if self.type:
            attrs["type"] = self.type
        if self.title:
            attrs["title"] = self.title
        if self.facet_group:
            attrs["opds:facetGroup"] = self.facet_group
        if self.active:
            attrs["opds:activeFacet"] = "true"
        if self.count is not None:
            attrs["thr:count"] = str(self.count)
        return attrs


class CreditedAtomFeed(Atom1Feed):
    """Atom with one <author> per co-creator (Django's writes only the first)."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for name in item.get("coauthors", []):
            handler.startElement("author", {})  # type: ignore[arg-type]  # as Atom1Feed does
            handler.addQuickElement("name", name)
            handler.endElement("author")


class OpdsFeed(Atom1Feed):
    """A catalogue feed: the feed's `links` after Atom's own elements, each entry written from
    its `links`, `authors`, `language`, `issued` and `summary` (sanitized HTML)."""

    content_type = ACQUISITION

    def root_attributes(self) -> dict[str, Any]:
        return {**super().root_attributes(), **NAMESPACES}

    def add_root_elements(self, handler: SimplerXMLGenerator) -> None:
        super().add_root_elements(handler)
        for link in self.feed.get("links", []):
            handler.addQuickElement("link", "", link.attributes())
        if self.feed.get("total") is not None:
            handler.addQuickElement("opensearch:totalResults", str(self.feed["total"]))
            handler.addQuickElement("opensearch:itemsPerPage", str(self.feed["per_page"]))
            handler.addQuickElement("opensearch:startIndex", str(self.feed["start"]))

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("id", item["unique_id"])
        handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
        for name in item.get("authors", []):
            handler.startElement("author", {})  # type: ignore[arg-type]  # as Atom1Feed does
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])
        if item.get("issued"):
            handler.addQuickElement("dcterms:issued", item["issued"].isoformat())
        for category in item["categories"] or ():
            handler.addQuickElement("category", "", {"term": category, "label": category})
        if item["description"]:
            handler.addQuickElement("content", item["description"], {"type": "html"})
        for link in item.get("links", []):
            handler.addQuickElement("link", "", link.attributes())


class NavigationFeed(OpdsFeed):
    content_type = NAVIGATION
