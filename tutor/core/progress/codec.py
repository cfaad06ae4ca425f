"""Progress <-> TOML.

Reading is strict and total: `loads_bytes` turns *any* bytes into a `Progress`
or a `ProgressError` naming the file, the line and what is wrong, and nothing
else escapes (see the tomllib traps in ../shared/GUIDE.md: UnicodeDecodeError,
RecursionError, ValueError for huge integers, `{}` for an empty file, a BOM).

Writing goes through `to_toml_dict` and `emit`; `schema_version` comes
first and `[integrity]` last, so a file cut short anywhere loses its chain
head and is refused rather than silently missing its last answers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tutor.core.locate import locate, too_deep
from tutor.core.progress import migrations
from tutor.core.progress.errors import Key, ProgressError, format_key
from tutor.core.progress.model import (
    SCHEMA_VERSION,
    Answer,
    BoardId,
    CourseRef,
    Credit,
    DrillRun,
    Evaluation,
    Integrity,
    Learner,
    ModuleProgress,
    Position,
    Progress,
    QuizAttempt,
    utc,
)
from tutor.core.text import byte_line_col, line_col, toml_error

#: Files bigger than this are refused before parsing (16 MiB: about 12,000 quiz
#: attempts of five answers; a real learner makes a few dozen).
MAX_BYTES = 16 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"
_DUPLICATE = ("Cannot overwrite", "Cannot declare", "Cannot mutate")
_LONG_NUMBER = re.compile(r"\d{1000,}")
# Largest whole number accepted anywhere (keeps values sane and printable).
_MAX_INT = 2**53


# -- writing -------------------------------------------------------------------------


def _ts(value: dt.datetime) -> dt.datetime:
    return utc(value)  # ValueError for a naive timestamp: never guess a time zone


#: The learner's text fields added for ACCME PARS (issue 11); each "" when not given.
_PARS_LEARNER_TEXT = ("license_state", "license_number", "npi")


def to_toml_dict(progress: Progress) -> dict[str, Any]:
    """The file's content as plain TOML values; `schema_version` first, `integrity` last."""
    p = progress
    lr = p.learner
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "app_version": p.app_version,
        "created": _ts(p.created),
        "updated": _ts(p.updated),
        "learner": {
            "id": lr.id,
            "first_name": lr.first_name,
            "last_name": lr.last_name,
            "email": lr.email,
            "board": lr.board,
            "board_id": lr.board_id,
            "birth_month": lr.birth_month,
            "birth_day": lr.birth_day,
            "consent_to_share": lr.consent_to_share,
            # issue 11 (PARS) fields: written only when given, so older files read back the same
            **(
                {"boards": [{"board": b.board, "id": b.id} for b in lr.boards]} if lr.boards else {}
            ),
            **{k: getattr(lr, k) for k in _PARS_LEARNER_TEXT if getattr(lr, k)},
        },
        "course": {
            "id": p.course.id,
            "version": p.course.version,
            "content_hash": p.course.content_hash,
        },
        "position": {
            "module": p.position.module,
            "item": p.position.item,
            "step": p.position.step,
        },
    }
    modules: dict[str, Any] = {}
    for module_id, mp in p.modules.items():
        m: dict[str, Any] = {"content_hash": mp.content_hash}
        if mp.started is not None:
            m["started"] = _ts(mp.started)
        m["seconds"] = mp.seconds
        m["pages_viewed"] = list(mp.pages_viewed)
        if mp.completed is not None:
            m["completed"] = _ts(mp.completed)
        if mp.quiz_attempts:
            m["quiz_attempts"] = [_attempt_dict(a) for a in mp.quiz_attempts]
        if mp.drill_runs:
            m["drill_runs"] = [_run_dict(r) for r in mp.drill_runs]
        modules[module_id] = m
    out["modules"] = modules
    if p.evaluation is not None:
        out["evaluation"] = {
            "submitted": _ts(p.evaluation.submitted),
            "seq": p.evaluation.seq,
            "answers": dict(p.evaluation.answers),
        }
    if p.credit is not None:
        out["credit"] = {
            "claimed": p.credit.claimed,
            "attested": _ts(p.credit.attested),
            "seq": p.credit.seq,
        }
    out["integrity"] = {
        "seq": p.integrity.seq,
        "base": p.integrity.base,
        "chain": p.integrity.chain,
    }
    return out


def _attempt_dict(a: QuizAttempt) -> dict[str, Any]:
    d: dict[str, Any] = {"number": a.number, "started": _ts(a.started)}
    if a.finished is not None:
        d["finished"] = _ts(a.finished)
    d["seed"] = a.seed
    d["content_hash"] = a.content_hash
    if a.score is not None:
        d["score"] = a.score
    if a.passed is not None:
        d["passed"] = a.passed
    if a.seq:
        d["seq"] = a.seq
    d["answers"] = [
        {
            "question": x.question,
            "chosen": list(x.chosen),
            "correct": x.correct,
            "at": _ts(x.at),
            "seq": x.seq,
        }
        for x in a.answers
    ]
    return d


def _run_dict(r: DrillRun) -> dict[str, Any]:
    d: dict[str, Any] = {"drill": r.drill, "number": r.number, "started": _ts(r.started)}
    if r.finished is not None:
        d["finished"] = _ts(r.finished)
    d["path"] = list(r.path)
    d["choices"] = list(r.choices)
    d["points"] = r.points
    d["max_points"] = r.max_points
    d["score"] = r.score
    if r.ending:
        d["ending"] = r.ending
    if r.seq:
        d["seq"] = r.seq
    return d


def dumps(progress: Progress) -> str:
    """The TOML text of the file (what `to_toml_dict` holds, written by `emit`)."""
    return emit(to_toml_dict(progress))


# A small TOML writer for the shapes to_toml_dict makes. Unlike tomli_w it writes
# lists on one line and timestamps as `...Z`, escapes C1 controls too (so `cat`
# of the file cannot drive a terminal), and takes about half the time on a big
# file (bench/bench_save.py). The tests check its output against tomllib,
# including a property test over arbitrary text.

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f-\x9f"\\]')
_ESCAPE = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}


def _escape_char(m: re.Match[str]) -> str:
    c = m.group()
    return _ESCAPE.get(c) or f"\\u{ord(c):04x}"


def _string(value: str) -> str:
    if _NEEDS_ESCAPE.search(value):
        value = _NEEDS_ESCAPE.sub(_escape_char, value)
    return f'"{value}"'


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _scalar(value: object) -> str:
    # bool before int: True is an int
    if isinstance(value, str):
        return _string(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} to the progress file")
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("cannot write a naive timestamp to the progress file")
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    raise TypeError(f"cannot write a {type(value).__name__} to the progress file")


def _is_table_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


def emit(data: Mapping[str, Any]) -> str:
    """TOML for a dict of strings, bools, ints, finite floats, aware datetimes,
    lists of those, tables and lists of tables. Key order is kept, except that
    within a table its plain values come before its sub-tables (as TOML needs).
    """
    out: list[str] = []
    _emit_table(data, "", out)
    return "".join(out)


def _emit_table(table: Mapping[str, Any], name: str, out: list[str]) -> None:
    nested: list[tuple[str, Any]] = []
    for k, v in table.items():
        if isinstance(v, dict) or _is_table_list(v):
            nested.append((k, v))
        else:
            out.append(f"{_key(k)} = {_scalar(v)}\n")
    for k, v in nested:
        full = f"{name}.{_key(k)}" if name else _key(k)
        if isinstance(v, dict):
            # an empty table, or one with plain values, needs its own header
            if not v or any(not (isinstance(x, dict) or _is_table_list(x)) for x in v.values()):
                out.append(f"\n[{full}]\n")
            _emit_table(v, full, out)
        else:
            for item in v:
                out.append(f"\n[[{full}]]\n")
                _emit_table(item, full, out)


# -- reading: values ------------------------------------------------------------------


def _invalid(key: Key, message: str, reason: str = "invalid") -> ProgressError:
    return ProgressError(reason, f"{format_key(key)}: {message}", key=key)


def _show(value: object) -> str:
    """A short, one-line, control-free rendering of a value from the file."""
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    return f"a {_type_name(value)}"


def _type_name(value: object) -> str:
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


class _Table:
    """A TOML table being read, with its key path for messages.

    Each accessor first takes the common case, a value of exactly the type tomllib
    gives for a valid file (and in range), straight through; anything else,
    including a missing key, goes to the full check, which returns the default or
    raises the error. The fast path accepts nothing the full check would refuse.
    """

    __slots__ = ("_parent", "_part", "data")

    def __init__(
        self, data: Mapping[str, Any], parent: _Table | None = None, *part: str | int
    ) -> None:
        self.data = data
        # the key path is only needed for a message: it is put together then
        self._parent = parent
        self._part = part

    @property
    def key(self) -> Key:
        return (*self._parent.key, *self._part) if self._parent is not None else self._part

    def _get(self, name: str, required: bool) -> Any:
        if name not in self.data:
            if required:
                where = f"[{format_key(self.key)}]" if self.key else "the file"
                raise ProgressError("invalid", f"{where} has no {name!r}", key=(*self.key, name))
            return None
        return self.data[name]

    def text(self, name: str, default: str | None = None) -> str:
        value = self.data.get(name)
        if type(value) is str:
            return value
        value = self._get(name, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, str):
            raise _invalid((*self.key, name), f"should be a string, not {_show(value)}")
        return value

    def whole(self, name: str, default: int | None = None, lo: int = 0, hi: int = _MAX_INT) -> int:
        value = self.data.get(name)
        if type(value) is int and lo <= value <= hi:
            return value
        value = self._get(name, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            raise _invalid((*self.key, name), f"should be a whole number, not {_show(value)}")
        if not lo <= value <= hi:
            raise _invalid((*self.key, name), f"should be between {lo} and {hi}")
        return value

    def number(self, name: str, lo: float, hi: float, required: bool = True) -> float | None:
        value = self.data.get(name)
        if type(value) is float and lo <= value <= hi:  # NaN fails the comparison
            return value
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _invalid((*self.key, name), f"should be a number, not {_show(value)}")
        number = float(value)
        if math.isnan(number) or not lo <= number <= hi:
            raise _invalid((*self.key, name), f"should be between {lo} and {hi}")
        return number

    def flag(self, name: str, default: bool | None = None) -> bool:
        value = self.data.get(name)
        if type(value) is bool:
            return value
        value = self._get(name, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, bool):
            raise _invalid((*self.key, name), f"should be true or false, not {_show(value)}")
        return value

    def opt_flag(self, name: str) -> bool | None:
        return self.flag(name) if name in self.data else None

    def ts(self, name: str, required: bool = True) -> dt.datetime | None:
        value = self.data.get(name)
        # tomllib gives `...Z` and `+00:00` times the dt.UTC singleton, and
        # astimezone(dt.UTC) of a datetime already in it returns it unchanged
        if type(value) is dt.datetime and value.tzinfo is dt.UTC:
            return value
        value = self._get(name, required)
        if value is None:
            return None
        key = (*self.key, name)
        if not isinstance(value, dt.datetime):
            raise _invalid(key, f"should be a UTC timestamp, not {_show(value)}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise _invalid(
                key,
                "timestamp has no time zone; write it in UTC, ending in Z or +00:00",
                "naive-timestamp",
            )
        return value.astimezone(dt.UTC)

    def req_ts(self, name: str) -> dt.datetime:
        value = self.ts(name)
        assert value is not None
        return value

    def strs(self, name: str) -> list[str]:
        value = self.data.get(name)
        if type(value) is list and _ONLY_STR.issuperset(map(type, value)):
            return list(value)
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise _invalid((*self.key, name), f"should be a list of strings, not {_show(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise _invalid((*self.key, name, i), f"should be a string, not {_show(item)}")
        return list(value)

    def table(self, name: str, required: bool = False) -> _Table | None:
        value = self.data.get(name)
        if type(value) is dict:
            return _Table(value, self, name)
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise _invalid((*self.key, name), f"should be a table, not {_show(value)}")
        return _Table(value, self, name)

    def tables(self, name: str) -> list[_Table]:
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise _invalid((*self.key, name), f"should be a list of tables, not {_show(value)}")
        out: list[_Table] = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise _invalid((*self.key, name, i), f"should be a table, not {_show(item)}")
            out.append(_Table(item, self, name, i))
        return out

    def sorted_strs(self, name: str) -> tuple[str, ...]:
        """`tuple(sorted(self.strs(name)))`."""
        value = self.data.get(name)
        if type(value) is list and _ONLY_STR.issuperset(map(type, value)):
            return tuple(sorted(value))
        return tuple(sorted(self.strs(name)))


_ONLY_STR = frozenset({str})


# -- reading: the structure ------------------------------------------------------------


def from_toml_dict(data: Mapping[str, Any], *, migrated_from: int | None = None) -> Progress:
    """Build a Progress from a current-schema dict; ProgressError names the bad key.

    `migrated_from` is the schema the dict was migrated from, if any: a file
    older than the chain gets a new chain that says so.
    """
    top = _Table(data)
    version = top.whole("schema_version", hi=_MAX_INT)
    if version != SCHEMA_VERSION:
        raise _invalid(("schema_version",), f"expected {SCHEMA_VERSION}, found {version}")
    learner_t = top.table("learner", required=True)
    course_t = top.table("course", required=True)
    assert learner_t is not None and course_t is not None
    learner = Learner(
        id=learner_t.text("id"),
        first_name=learner_t.text("first_name", ""),
        last_name=learner_t.text("last_name", ""),
        email=learner_t.text("email", ""),
        board=learner_t.text("board", ""),
        board_id=learner_t.text("board_id", ""),
        birth_month=learner_t.whole("birth_month", 0, hi=12),
        birth_day=learner_t.whole("birth_day", 0, hi=31),
        consent_to_share=learner_t.flag("consent_to_share", False),
        # issue 11 (PARS) fields
        boards=[BoardId(t.text("board"), t.text("id")) for t in learner_t.tables("boards")],
        license_state=learner_t.text("license_state", ""),
        license_number=learner_t.text("license_number", ""),
        npi=learner_t.text("npi", ""),
    )
    if not learner.id:
        raise _invalid(("learner", "id"), "is empty")
    course = CourseRef(
        id=course_t.text("id"),
        version=course_t.text("version", ""),
        content_hash=course_t.text("content_hash", ""),
    )
    position_t = top.table("position")
    position = (
        Position(
            module=position_t.text("module", ""),
            item=position_t.text("item", ""),
            step=position_t.text("step", ""),
        )
        if position_t is not None
        else Position()
    )
    modules: dict[str, ModuleProgress] = {}
    modules_t = top.table("modules")
    if modules_t is not None:
        for module_id in modules_t.data:
            module_t = modules_t.table(module_id)
            assert module_t is not None
            modules[module_id] = _module(module_t)
    evaluation = None
    evaluation_t = top.table("evaluation")
    if evaluation_t is not None:
        answers_t = evaluation_t.table("answers")
        answers = {}
        if answers_t is not None:
            answers = {k: answers_t.text(k) for k in answers_t.data}
        evaluation = Evaluation(
            submitted=evaluation_t.req_ts("submitted"),
            answers=answers,
            seq=evaluation_t.whole("seq", 0),
        )
    credit = None
    credit_t = top.table("credit")
    if credit_t is not None:
        claimed = credit_t.number("claimed", 0.0, 1000.0)
        assert claimed is not None
        credit = Credit(
            claimed=claimed, attested=credit_t.req_ts("attested"), seq=credit_t.whole("seq", 0)
        )
    if migrated_from is None and "integrity" not in data:
        raise ProgressError(
            "truncated",
            "the file has no [integrity] table, which tutor writes last: it was probably cut short",
            key=("integrity",),
        )
    integrity_t = top.table("integrity")
    integrity = Integrity(base="", chain="")
    if integrity_t is not None:
        integrity = Integrity(
            base=integrity_t.text("base"),
            chain=integrity_t.text("chain"),
            seq=integrity_t.whole("seq", 0),
        )
    progress = Progress(
        app_version=top.text("app_version", ""),
        created=top.req_ts("created"),
        updated=top.req_ts("updated"),
        learner=learner,
        course=course,
        integrity=integrity,
        position=position,
        modules=modules,
        evaluation=evaluation,
        credit=credit,
    )
    if integrity_t is None:
        progress.restart_chain(f"migrated from schema {migrated_from}")
    return progress


def _module(t: _Table) -> ModuleProgress:
    mp = ModuleProgress(
        content_hash=t.text("content_hash", ""),
        started=t.ts("started", required=False),
        seconds=t.whole("seconds", 0),
        pages_viewed=t.strs("pages_viewed"),
        completed=t.ts("completed", required=False),
    )
    for a in t.tables("quiz_attempts"):
        attempt = QuizAttempt(
            number=a.whole("number", lo=1),
            started=a.req_ts("started"),
            seed=a.whole("seed", 0),
            content_hash=a.text("content_hash", ""),
            finished=a.ts("finished", required=False),
            score=a.number("score", 0.0, 1.0, required=False),
            passed=a.opt_flag("passed"),
            seq=a.whole("seq", 0),
        )
        for x in a.tables("answers"):
            attempt.answers.append(
                Answer(
                    question=x.text("question"),
                    chosen=x.sorted_strs("chosen"),
                    correct=x.flag("correct"),
                    at=x.req_ts("at"),
                    seq=x.whole("seq", 0),
                )
            )
        mp.quiz_attempts.append(attempt)
    for r in t.tables("drill_runs"):
        mp.drill_runs.append(
            DrillRun(
                drill=r.text("drill"),
                number=r.whole("number", lo=1),
                started=r.req_ts("started"),
                finished=r.ts("finished", required=False),
                path=r.strs("path"),
                choices=r.strs("choices"),
                points=r.whole("points", 0),
                max_points=r.whole("max_points", 0),
                ending=r.text("ending", ""),
                seq=r.whole("seq", 0),
            )
        )
    return mp


# -- reading: text and bytes ------------------------------------------------------------


def _last_line(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _parse(text: str, path: Path | None) -> dict[str, Any]:
    """tomllib, with every way it can fail turned into a ProgressError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = toml_error(e, text)
        if found is None:
            raise ProgressError("syntax", f"not valid TOML: {e}", path=path) from None
        line, col, message, at_end = found
        if at_end:
            raise ProgressError(
                "truncated",
                f"the file ends too soon: it was probably cut short ({message})",
                path=path,
                line=line,
            ) from None
        if message.startswith(_DUPLICATE):
            reason = "duplicate-key"
            message = f"a key or table is written twice ({message})"
        elif line >= _last_line(text) and not text.endswith("\n"):
            reason = "truncated"
            message = f"the file ends in mid-line: it was probably cut short ({message})"
        else:
            reason = "syntax"
            message = f"not valid TOML: {message}"
        raise ProgressError(reason, message, path=path, line=line, col=col) from None
    except RecursionError:
        hit = too_deep(text)
        raise ProgressError(
            "too-deep",
            "values are nested too deeply to read",
            path=path,
            line=hit[0] if hit else None,
            col=hit[1] if hit else None,
        ) from None
    except ValueError:
        # tomllib lets int() refuse a number with thousands of digits
        where = line_col(text, m2.start()) if (m2 := _LONG_NUMBER.search(text)) else None
        raise ProgressError(
            "syntax",
            "a number is too long to read",
            path=path,
            line=where[0] if where else None,
            col=where[1] if where else None,
        ) from None


def loads(text: str, path: Path | None = None, *, course_id: str | None = None) -> Progress:
    """Parse, migrate and check a progress file's text.

    `course_id`, when given, must match the file's `[course] id`
    ("foreign-course" otherwise). Raises only ProgressError.
    """
    return _loads(text, path, course_id)[0]


def _loads(text: str, path: Path | None, course_id: str | None) -> tuple[Progress, int]:
    if text.startswith("\ufeff"):
        raise ProgressError(
            "bom",
            "the file starts with a byte order mark (BOM); save it as UTF-8 without one",
            path=path,
            line=1,
            col=1,
        )
    data = _parse(text, path)
    if not data:
        raise ProgressError("empty", "the file is empty", path=path)
    try:
        if "schema_version" not in data:
            raise ProgressError(
                "not-progress", "this is not a tutor progress file (it has no schema_version)"
            )
        version = data["schema_version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise _invalid(("schema_version",), f"should be a whole number, not {_show(version)}")
        if version > SCHEMA_VERSION:
            raise ProgressError(
                "newer-version",
                f"written by a newer tutor (schema_version {version}; this one reads up to "
                f"{SCHEMA_VERSION}); update tutor to open it",
                key=("schema_version",),
            )
        migrated_from: int | None = None
        if version < SCHEMA_VERSION:
            data = migrations.migrate(data)
            migrated_from = version
        progress = from_toml_dict(data, migrated_from=migrated_from)
        if course_id is not None and progress.course.id != course_id:
            raise ProgressError(
                "foreign-course",
                f"this file belongs to course {_show(progress.course.id)}, not {_show(course_id)}",
                key=("course", "id"),
            )
    except ProgressError as e:
        e.path = path
        if e.key is not None and e.line is None:
            hit = locate(text, e.key)
            if hit is not None:
                e.line, e.col = hit
        if e.line is None and e.reason == "truncated":
            e.line = _last_line(text)
        raise
    return progress, version


def loads_bytes(
    data: bytes,
    path: Path | None = None,
    *,
    course_id: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Progress:
    """`loads` for raw file content: checks the size, a BOM and the encoding first."""
    return decode(data, path, course_id=course_id, max_bytes=max_bytes)[0]


def decode(
    data: bytes,
    path: Path | None = None,
    *,
    course_id: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> tuple[Progress, int]:
    """`loads_bytes`, also returning the schema_version the file was written with."""
    if len(data) > max_bytes:
        raise ProgressError(
            "too-large",
            f"the file is larger than {max_bytes:,} bytes, the most tutor reads",
            path=path,
        )
    if data.startswith(_BOM):
        return _loads(data.decode("utf-8", "replace"), path, course_id)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = byte_line_col(data, e.start)
        raise ProgressError(
            "encoding", "the file is not valid UTF-8 text", path=path, line=line, col=col
        ) from None
    return _loads(text, path, course_id)
