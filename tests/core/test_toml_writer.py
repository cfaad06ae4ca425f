"""The one TOML writer (tomli-w plus an escape pass): what it writes reads back the same,
and its text holds no control character a terminal would act on."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from test_progress_codec import busy_progress

from tutor.core import formats
from tutor.core.progress import dumps, to_toml_dict

scalars = st.one_of(
    st.text(max_size=30),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(timezones=st.just(dt.UTC)).map(lambda t: t.replace(microsecond=0)),
)
keys = st.text(min_size=1, max_size=12)
tables: st.SearchStrategy[dict[str, Any]] = st.recursive(
    st.dictionaries(keys, st.one_of(scalars, st.lists(st.text(max_size=10), max_size=4))),
    lambda inner: st.dictionaries(keys, st.one_of(inner, st.lists(inner, min_size=1, max_size=3))),
    max_leaves=20,
)

# Any C0 control but tab and newline, DEL, and any C1 control.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_a_real_progress_file_reads_back_as_written() -> None:
    progress = busy_progress()
    assert tomllib.loads(dumps(progress)) == to_toml_dict(progress)


@given(tables)
def test_any_table_reads_back_the_same(data: dict[str, Any]) -> None:
    assert tomllib.loads(formats.dumps(data)) == data


@given(tables)
def test_no_raw_control_character_is_ever_written(data: dict[str, Any]) -> None:
    assert not RAW_CONTROL.search(formats.dumps(data))


def test_escape_sequences_in_values_and_keys_are_written_escaped() -> None:
    data = {"s": "a\x1b[2J\x9b\x07b", "k\x85": {"x": "\x90"}}
    text = formats.dumps(data)
    assert not RAW_CONTROL.search(text)
    assert "\\u001b" in text and "\\u009b" in text and "\\u0085" in text
    assert tomllib.loads(text) == data
