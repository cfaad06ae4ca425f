"""Our TOML writer (codec.emit) against tomli-w as an oracle: the same data, read back."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from test_progress_codec import busy_progress

from tutor.core.progress import to_toml_dict
from tutor.core.progress.codec import emit

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


def test_a_real_progress_file_reads_back_the_same_from_both_writers() -> None:
    data = to_toml_dict(busy_progress())
    assert tomllib.loads(emit(data)) == tomllib.loads(tomli_w.dumps(data))


@given(tables)
def test_any_table_reads_back_the_same_from_both_writers(data: dict[str, Any]) -> None:
    assert tomllib.loads(emit(data)) == tomllib.loads(tomli_w.dumps(data))
