from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from ficarchive.formats import FormatError, parse
from ficarchive.formats.decode import decode_text


def test_utf8_bom_is_dropped() -> None:
    assert decode_text(codecs.BOM_UTF8 + "Café".encode()) == "Café"


def test_windows_1252_smart_quotes() -> None:
    assert decode_text("“Hi,” she said—twice…".encode("cp1252")) == "“Hi,” she said—twice…"


def test_c1_controls_and_nuls_never_reach_the_text() -> None:
    assert decode_text(b"a\x00b\xc2\x85c") == "abc"


@given(st.binary(max_size=2000))
def test_any_bytes_give_a_work_or_the_one_format_error(data: bytes) -> None:
    try:
        work = parse(data, name="random.txt")
    except FormatError:
        return
    assert work.title
    assert work.chapters
