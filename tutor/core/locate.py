"""Find the line of a key in TOML text, for error messages (progress files, front matter).

`tomllib` gives back plain dicts with no positions, so when a value turns out
to be wrong (a naive timestamp, another course's id) this scanner walks the
text and maps each key path, array-of-tables indices included, to the line and
column where it is written. It runs only when there is an error to report.

It is forgiving: it never raises and always moves forward, whatever the text.
"""

from __future__ import annotations

from tutor.core.text import line_col_in, line_starts

#: a path of keys and array-of-tables indices: ("modules", "intro", "quiz_attempts", 0)
Key = tuple[str | int, ...]


def format_key(key: Key) -> str:
    """`("modules", "m", "quiz_attempts", 0, "at")` -> `modules.m.quiz_attempts[0].at`."""
    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str, depth_limit: int) -> None:
        self.text = text
        self.n = len(text)
        self.depth_limit = depth_limit
        self.found: dict[Key, tuple[int, int]] = {}
        self.too_deep: tuple[int, int] | None = None
        self._starts = line_starts(text)  # for turning an offset into (line, col)

    def where(self, pos: int) -> tuple[int, int]:
        return line_col_in(self._starts, pos)

    # -- small pieces ----------------------------------------------------------

    def skip_blank(self, pos: int, newlines: bool) -> int:
        while pos < self.n:
            c = self.text[pos]
            if c in " \t\r" or (newlines and c == "\n"):
                pos += 1
            elif c == "#":
                pos = self.line_end(pos)
            else:
                break
        return pos

    def line_end(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return self.n if end < 0 else end

    def skip_string(self, pos: int) -> int:
        """From an opening quote to just past the closing one (or the end)."""
        text = self.text
        quote = text[pos]
        triple = text.startswith(quote * 3, pos)
        pos += 3 if triple else 1
        while pos < self.n:
            c = text[pos]
            if c == "\\" and quote == '"':
                pos += 2
                continue
            if c == "\n" and not triple:
                return pos
            if c == quote:
                if not triple:
                    return pos + 1
                if text.startswith(quote * 3, pos):
                    pos += 3
                    # up to two more quotes belong to the string's content
                    while pos < self.n and text[pos] == quote:
                        pos += 1
                    return pos
            pos += 1
        return pos

    def read_key(self, pos: int) -> tuple[list[str], int]:
        """A dotted key; returns its parts and the position after it."""
        parts: list[str] = []
        while pos < self.n:
            pos = self.skip_blank(pos, newlines=False)
            if pos >= self.n:
                break
            c = self.text[pos]
            if c in "\"'":
                end = self.skip_string(pos)
                raw = self.text[pos + 1 : max(pos + 1, end - 1)]
                parts.append(_unescape(raw) if c == '"' else raw)
                pos = end
            else:
                start = pos
                while pos < self.n and self.text[pos] in _BARE:
                    pos += 1
                if pos == start:
                    break
                parts.append(self.text[start:pos])
            pos = self.skip_blank(pos, newlines=False)
            if pos < self.n and self.text[pos] == ".":
                pos += 1
                continue
            break
        return parts, pos

    def skip_value(self, pos: int) -> int:
        """Past one value: strings, nested arrays and inline tables, comments inside arrays."""
        depth = 0
        while pos < self.n:
            c = self.text[pos]
            if c in "\"'":
                pos = self.skip_string(pos)
                continue
            if c in "[{":
                depth += 1
                if depth > self.depth_limit and self.too_deep is None:
                    self.too_deep = self.where(pos)
            elif c in "]}":
                depth -= 1
            elif c == "#":
                pos = self.line_end(pos)
                continue
            elif c == "\n" and depth <= 0:
                return pos
            pos += 1
        return pos

    # -- the walk ----------------------------------------------------------------

    def run(self) -> None:
        arrays: dict[Key, int] = {}  # array-of-tables path -> tables seen so far
        table: Key = ()
        pos = 0
        while pos < self.n:
            pos = self.skip_blank(pos, newlines=True)
            if pos >= self.n:
                break
            start = pos
            if self.text[pos] == "[":
                is_array = self.text.startswith("[[", pos)
                parts, pos = self.read_key(pos + (2 if is_array else 1))
                concrete: Key = ()
                for i, part in enumerate(parts):
                    concrete += (part,)
                    if i < len(parts) - 1 and concrete in arrays:
                        concrete += (arrays[concrete] - 1,)
                here = self.where(start)
                self.found.setdefault(concrete, here)
                if is_array:
                    index = arrays.get(concrete, 0)
                    arrays[concrete] = index + 1
                    concrete += (index,)
                    self.found.setdefault(concrete, here)
                table = concrete
                pos = self.line_end(pos)
                continue
            parts, pos = self.read_key(pos)
            if parts and pos < self.n and self.text[pos] == "=":
                self.found.setdefault(table + tuple(parts), self.where(start))
                pos = self.skip_value(pos + 1)
            else:
                pos = max(self.line_end(pos), start + 1)


_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(raw: str) -> str:
    """The value of a basic-string key (TOML escapes; anything odd is kept as written)."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        c = raw[i]
        if c != "\\" or i + 1 >= len(raw):
            out.append(c)
            i += 1
            continue
        e = raw[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
            continue
        width = {"u": 4, "U": 8}.get(e, 0)
        digits = raw[i + 2 : i + 2 + width]
        if width and len(digits) == width and all(d in "0123456789abcdefABCDEF" for d in digits):
            code = int(digits, 16)
            if code <= 0x10FFFF:
                out.append(chr(code))
                i += 2 + width
                continue
        out.append(c)
        i += 1
    return "".join(out)


def positions(text: str) -> dict[Key, tuple[int, int]]:
    """(line, col) where each key path is first written, tables and array indices included:
    `a = 1` gives ("a",); `[[s]]` then `id = "x"` gives ("s",), ("s", 0) and ("s", 0, "id")."""
    scanner = _Scanner(text, depth_limit=1 << 30)
    scanner.run()
    return scanner.found


def locate(text: str, key: Key) -> tuple[int, int] | None:
    """(line, col) where `key`, or its nearest written ancestor, appears; None if nowhere."""
    found = positions(text)
    for end in range(len(key), 0, -1):
        hit = found.get(key[:end])
        if hit is not None:
            return hit
    return None


def too_deep(text: str, limit: int = 64) -> tuple[int, int] | None:
    """(line, col) of the first bracket nested more than `limit` deep, if any."""
    scanner = _Scanner(text, depth_limit=limit)
    scanner.run()
    return scanner.too_deep
