"""Reading and writing the TOML formats that are declared as msgspec Structs.

Each file format tutor reads (course.toml, a module's front matter, the progress
file) is one Struct declaration: its fields, types and limits say what the file
may hold. This module turns the declaration into a reader and a writer:

- `convert` builds a Struct from what `tomllib` gives, and on a bad value raises
  `FormatError` with the TOML key path of the value and a plain message, so the
  caller can point at the file's line and column (`tutor.core.locate`).
- `check_fields` does the same field by field, to report every bad field of a
  file at once (a trainer fixing course.toml should not have to run lint once per
  mistake); unknown keys are listed for warnings.
- `dumps` writes a Struct as TOML with tomli-w.

msgspec does not name a dict's key in its error path (`$.modules[...]`), so a
table of tables keyed by free text is converted one entry at a time by the
caller, with `prefix` naming where it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple, TypeVar

import msgspec
import tomli_w

from tutor.core.locate import Key

S = TypeVar("S", bound=msgspec.Struct)
T = TypeVar("T")

#: TOML has these natively: a quoted string is never accepted where they belong.
NATIVE = (dt.datetime, dt.date, dt.time)


class FormatError(ValueError):
    """A value that does not fit the declaration: where (a key path) and what is wrong."""

    def __init__(self, key: Key, message: str, *, naive: bool = False) -> None:
        super().__init__(message)
        self.key = key
        self.message = message
        #: a timestamp without a time zone (the progress file gives it its own reason)
        self.naive = naive


class Problem(NamedTuple):
    """One field that does not fit, as `check_fields` reports it."""

    key: Key
    message: str
    missing: bool = False  # the field is required and not written


def convert(data: Any, kind: type[T], prefix: Key = ()) -> T:
    """`data` (as tomllib gives it) as a `kind`, or FormatError naming the bad key."""
    try:
        return msgspec.convert(data, kind, builtin_types=NATIVE)
    except msgspec.ValidationError as exc:
        raise _explain(str(exc), data, prefix) from None


def check_fields(
    data: Mapping[str, Any], kind: type[S], prefix: Key = ()
) -> tuple[S | None, list[Problem], list[str]]:
    """Every field of `data` checked against `kind`'s declaration, all at once.

    Returns the Struct (None if any field is bad or missing), the problems in the
    order the declaration lists the fields, and the keys `kind` does not declare.
    """
    info = struct_info(kind)
    declared = {field.encode_name for field in info.fields}
    unknown = [key for key in data if key not in declared]
    try:  # the usual case: everything fits, and one conversion says so
        return msgspec.convert(dict(data), kind, builtin_types=NATIVE), [], unknown
    except msgspec.ValidationError:
        pass
    problems: list[Problem] = []
    for field in info.fields:
        name = field.encode_name
        if name not in data:
            if field.required:
                problems.append(Problem((*prefix, name), "is missing", missing=True))
            continue
        try:
            convert({name: data[name]}, kind, prefix)
        except FormatError as exc:
            if exc.key[len(prefix) :][:1] == (name,):
                problems.append(Problem(exc.key, exc.message))
    if problems:
        return None, problems, unknown
    return convert(dict(data), kind, prefix), problems, unknown


def unknown_keys(
    data: Mapping[str, Any], kind: type[msgspec.Struct], prefix: Key = ()
) -> list[tuple[Key, list[str]]]:
    """Every key of `data`, at any depth, that `kind`'s declaration does not have: in its
    tables, in lists of tables and in optional tables. (Keys of free-form tables, such as
    a dict of numbers, are the data's own and never unknown.) Each comes with the keys
    its table does declare."""
    out: list[tuple[Key, list[str]]] = []
    _unknown_in(data, struct_info(kind), prefix, out)
    return out


@cache
def struct_info(kind: type[msgspec.Struct]) -> msgspec.inspect.StructType:
    """msgspec's description of a declaration (slow to make: made once per declaration)."""
    info = msgspec.inspect.type_info(kind)
    assert isinstance(info, msgspec.inspect.StructType)
    return info


def _unknown_in(
    value: Any, info: msgspec.inspect.Type, key: Key, out: list[tuple[Key, list[str]]]
) -> None:
    if isinstance(info, msgspec.inspect.UnionType):
        for option in info.types:
            if isinstance(option, msgspec.inspect.StructType | msgspec.inspect.ListType):
                _unknown_in(value, option, key, out)
                return
        return
    if isinstance(info, msgspec.inspect.ListType) and isinstance(value, list):
        for n, item in enumerate(value):
            _unknown_in(item, info.item_type, (*key, n), out)
        return
    if isinstance(info, msgspec.inspect.StructType) and isinstance(value, Mapping):
        fields = {f.encode_name: f for f in info.fields}
        for name, item in value.items():
            field = fields.get(name)
            if field is None:
                out.append(((*key, name), list(fields)))
            else:
                _unknown_in(item, field.type, (*key, name), out)


def text_values(data: Any, prefix: Key = ()) -> list[tuple[Key, str]]:
    """Every text value (and table key) in `data` as tomllib gives it, with its key path."""
    out: list[tuple[Key, str]] = []
    stack: list[tuple[Key, Any]] = [(prefix, data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, str):
            out.append((key, value))
        elif isinstance(value, Mapping):
            for name, item in value.items():
                if isinstance(name, str):
                    out.append(((*key, name), name))
                stack.append(((*key, name), item))
        elif isinstance(value, list):
            stack.extend(((*key, n), item) for n, item in enumerate(value))
    return out


# -- messages ------------------------------------------------------------------------------

_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_PART = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
_MISSING = re.compile(r"Object missing required field `(?P<name>[^`]+)`")
_GOT = re.compile(r"Expected `(?P<want>[^`]+)`, got `(?P<got>[^`]+)`")
_BOUND = re.compile(r"Expected `(?P<want>\w+)` (?P<op>>=|<=|>|<) (?P<bound>\S+)")
_LENGTH = re.compile(r"Expected `(?P<want>\w+)` of length (?P<op>>=|<=) (?P<n>\d+)")
_PATTERN = re.compile(r"Expected `str` matching regex")

_NAMES = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "datetime": "a UTC timestamp",
    "date": "a date (YYYY-MM-DD, without quotes)",
    "array": "a list",
    "object": "a table",
    "null": "nothing",
}
_OPS = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than"}


def _path(text: str) -> Key:
    key: list[str | int] = []
    for name, index in _PART.findall(text):
        if name:
            key.append(name)
        elif index.isdigit():
            key.append(int(index))
        else:
            break  # a dict key msgspec does not name: stop at its table
    return tuple(key)


def _value_at(data: Any, key: Key) -> tuple[bool, Any]:
    """The value at `key` in `data`, if it is there."""
    for part in key:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return False, None
            data = data[part]
        elif isinstance(data, Mapping) and part in data:
            data = data[part]
        else:
            return False, None
    return True, data


def show(value: object) -> str:
    """A short, one-line rendering of a value from a file, for a message."""
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    return "a " + type_name(value)


def type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "whole number"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        return "timestamp"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time of day"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "table"
    return type(value).__name__


def _explain(raw: str, data: Any, prefix: Key) -> FormatError:
    """msgspec's message for a failed conversion, in plain words, with its key path."""
    at = _AT.search(raw)
    key = _path(at.group("path")) if at else ()
    text = raw[: at.start()] if at else raw
    if m := _MISSING.match(text):
        return FormatError((*prefix, *key, m.group("name")), "is missing")
    found, value = _value_at(data, key)
    full = (*prefix, *key)
    if "timezone component" in text:
        return FormatError(
            full, "timestamp has no time zone; write it in UTC, ending in Z or +00:00", naive=True
        )
    if m := _GOT.match(text):
        wanted = " or ".join(_NAMES.get(w.strip(), w.strip()) for w in m.group("want").split("|"))
        shown = show(value) if found else "a " + _NAMES.get(m.group("got"), m.group("got"))
        return FormatError(full, f"should be {wanted}, not {shown}")
    if m := _BOUND.match(text):
        return FormatError(full, f"should be {_OPS[m.group('op')]} {m.group('bound')}")
    if m := _LENGTH.match(text):
        if m.group("op") == ">=" and m.group("n") == "1":
            return FormatError(full, "is empty")
        return FormatError(full, f"should have {_OPS[m.group('op')]} {m.group('n')} characters")
    if _PATTERN.match(text):
        return FormatError(full, f"{show(value)} is not in the right form" if found else text)
    return FormatError(full, text[:1].lower() + text[1:])


# -- writing ---------------------------------------------------------------------------------


# tomli-w escapes C0 controls and DEL; C1 controls (U+0080 to U+009F) it writes as they are,
# and some terminals act on them (`cat` of the file must not drive a terminal). They can only
# stand inside quoted strings and keys, where a \u escape means the same character.
_C1 = re.compile("[\x80-\x9f]")


def dumps(value: msgspec.Struct | Mapping[str, Any]) -> str:
    """TOML for a Struct (or a dict of TOML values), with C1 controls escaped.

    A Struct whose optional fields may be None says `omit_defaults`, so that those
    fields (TOML has no null) are left out rather than written.
    """
    data = value if isinstance(value, Mapping) else msgspec.to_builtins(value, builtin_types=NATIVE)
    text = tomli_w.dumps(data)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
