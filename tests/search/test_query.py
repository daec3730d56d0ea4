from __future__ import annotations

import datetime as dt

from ficarchive.search.query import Term, parse_query

TODAY = dt.date(2026, 11, 27)


def test_words_phrases_exclusions_and_or() -> None:
    query = parse_query('rain "bus station" -storm fog OR mist', today=TODAY)
    assert query.required == [[Term(("rain",))], [Term(("bus", "station"))],
                              [Term(("fog",)), Term(("mist",))]]  # fmt: skip
    assert query.excluded == [Term(("storm",))]
    assert query.messages == []


def test_field_filters() -> None:
    query = parse_query(
        'title:tide creator:ivy fandom:"Harbour Lights" rating:teen language:fr complete:yes '
        "words:1000-5000 updated<2w",
        today=TODAY,
    )
    assert query.text_filters == {
        "title": ["tide"],
        "creator": ["ivy"],
        "fandom": ["Harbour Lights"],
    }
    assert (query.rating, query.language, query.complete) == ("teen", "fr", True)
    assert (query.words_min, query.words_max) == (1000, 5000)
    assert query.updated_after == TODAY - dt.timedelta(days=14)
    assert not query.has_text


def test_words_greater_than() -> None:
    assert parse_query("words>5000", today=TODAY).words_min == 5001


def test_mistakes_become_messages_not_errors() -> None:
    unbalanced = parse_query('"bus station', today=TODAY)
    assert "not closed" in unbalanced.messages[0]
    assert unbalanced.required == [[Term(("bus",))], [Term(("station",))]]
    unknown = parse_query("colour:blue lamp", today=TODAY)
    assert "not a field we know" in unknown.messages[0]
    assert unknown.required == [[Term(("lamp",))]]
    assert "write hits>10" in parse_query("hits>many", today=TODAY).messages[0]
    assert "too common" in parse_query("the and of", today=TODAY).messages[0]
    huge = parse_query("(" * 1500 + ")" * 1500, today=TODAY)
    assert huge.required == []
    assert "first 500 characters" in huge.messages[0]


def test_operators_typed_as_words_are_just_words() -> None:
    query = parse_query("NEAR( AND * ^col:x", today=TODAY)
    assert [t.words for g in query.required for t in g] == [("near",), ("col", "x")]


def test_counted_fields_take_bounds() -> None:
    query = parse_query("kudos>10 kudos<=50 comments:2-5 bookmarks>=1 hits<100 lamp", today=TODAY)
    assert query.counts == {
        "kudos": (11, 50), "comments": (2, 5), "bookmarks": (1, None), "hits": (None, 99),
    }  # fmt: skip
    assert query.messages == []
    assert not parse_query("kudos>10", today=TODAY).is_empty
