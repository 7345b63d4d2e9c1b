"""JSONC as Sourcegraph reads site and code host configuration: strict JSON plus `//` and
`/* */` comments and trailing commas in objects and arrays.

`parse_jsonc` returns the value together with the line and column of every key (and of every
array element), so a validation problem can point at the line of the offending key. A syntax
error raises `SiteConfigError` whose `where` is `<source>:<line>:<column>`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, NoReturn

from kit.errors import SiteConfigError

__all__ = ["JsonPath", "JsoncDocument", "Position", "parse_jsonc"]

JsonPath = tuple[str | int, ...]
"""Where a value sits: object keys and array indexes from the top level down."""

MAX_DEPTH = 128
"""Deeper nesting is refused (no configuration needs it; it would exhaust the Python stack)."""
_WHITESPACE = " \t\n\r"
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None}


@dataclass(frozen=True)
class Position:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True)
class JsoncDocument:
    """A parsed JSONC document: its value, where each key or element starts, repeated keys."""

    value: Any
    positions: dict[JsonPath, Position]
    duplicate_keys: tuple[JsonPath, ...] = field(default=())

    def line_of(self, path: JsonPath) -> int | None:
        """The line of `path`, or of its nearest enclosing key or element that has one."""
        for end in range(len(path), -1, -1):
            position = self.positions.get(path[:end])
            if position is not None:
                return position.line
        return None


def parse_jsonc(text: str, *, source: str = "<input>") -> JsoncDocument:
    """Parse `text` as JSONC; raise `SiteConfigError` at `<source>:<line>:<column>` if invalid."""
    return _Parser(text, source).document()


class _Parser:
    """A recursive-descent parser over the text, tracking positions by character offset."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.index = 0
        self.line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self.positions: dict[JsonPath, Position] = {}
        self.duplicates: list[JsonPath] = []

    def document(self) -> JsoncDocument:
        self.skip()
        if self.index >= len(self.text):
            self.fail("expected a JSON value, found the end of the input")
        self.positions[()] = self.position(self.index)
        value = self.value((), 0)
        self.skip()
        if self.index < len(self.text):
            self.fail("unexpected text after the end of the configuration")
        return JsoncDocument(value, self.positions, tuple(self.duplicates))

    # --- positions and errors -------------------------------------------------------------
    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.line_starts, index)
        return Position(line, index - self.line_starts[line - 1] + 1)

    def fail(self, message: str, index: int | None = None) -> NoReturn:
        at = self.position(self.index if index is None else index)
        raise SiteConfigError(message, where=f"{self.source}:{at.line}:{at.column}")

    # --- whitespace and comments --------------------------------------------------------
    def skip(self) -> None:
        text, length = self.text, len(self.text)
        while self.index < length:
            char = text[self.index]
            if char in _WHITESPACE:
                self.index += 1
            elif text.startswith("//", self.index):
                end = text.find("\n", self.index)
                self.index = length if end < 0 else end + 1
            elif text.startswith("/*", self.index):
                end = text.find("*/", self.index + 2)
                if end < 0:
                    self.fail("unterminated /* comment: add */")
                self.index = end + 2
            else:
                return

    def peek(self) -> str:
        return self.text[self.index] if self.index < len(self.text) else ""

    # --- values ---------------------------------------------------------------------------
    def value(self, path: JsonPath, depth: int) -> Any:
        if depth > MAX_DEPTH:
            self.fail(f"nested deeper than {MAX_DEPTH} levels")
        char = self.peek()
        if char == "{":
            return self.object(path, depth)
        if char == "[":
            return self.array(path, depth)
        if char == '"':
            return self.string()
        if char == "-" or char.isdigit():
            return self.number()
        if char.isalpha():
            return self.word()
        if char == "'":
            self.fail("strings need double quotes, not single quotes")
        if char == "":
            self.fail("expected a value, found the end of the input")
        self.fail(f"expected a value, found {char!r}")

    def object(self, path: JsonPath, depth: int) -> dict[str, Any]:
        self.index += 1  # {
        result: dict[str, Any] = {}
        self.skip()
        while self.peek() != "}":
            if self.peek() != '"':
                found = "the end of the input" if not self.peek() else repr(self.peek())
                hint = "; keys need double quotes" if self.peek() not in ("", ",") else ""
                self.fail(f"expected a key in double quotes or '}}', found {found}{hint}")
            key_at = self.index
            key = self.string()
            self.skip()
            if self.peek() != ":":
                self.fail("expected ':' after object key")
            self.index += 1
            self.skip()
            member: JsonPath = (*path, key)
            if key in result:
                self.duplicates.append(member)
            self.positions[member] = self.position(key_at)
            result[key] = self.value(member, depth + 1)
            self.skip()
            if self.peek() == ",":
                self.index += 1
                self.skip()
            elif self.peek() != "}":
                self.fail("expected ',' or '}' after object member")
        self.index += 1  # }
        return result

    def array(self, path: JsonPath, depth: int) -> list[Any]:
        self.index += 1  # [
        result: list[Any] = []
        self.skip()
        while self.peek() != "]":
            element: JsonPath = (*path, len(result))
            self.positions[element] = self.position(self.index)
            result.append(self.value(element, depth + 1))
            self.skip()
            if self.peek() == ",":
                self.index += 1
                self.skip()
            elif self.peek() != "]":
                self.fail("expected ',' or ']' after array element")
        self.index += 1  # ]
        return result

    def string(self) -> str:
        start = self.index
        self.index += 1  # "
        text, parts = self.text, list[str]()
        while True:
            if self.index >= len(text):
                self.fail('unterminated string: add the closing "', start)
            char = text[self.index]
            if char == '"':
                self.index += 1
                return "".join(parts)
            if char == "\\":
                parts.append(self.escape())
            elif char < " ":
                self.fail(
                    f"control character U+{ord(char):04X} in string: escape it (\\n, \\t, ...)"
                )
            else:
                parts.append(char)
                self.index += 1

    def escape(self) -> str:
        code = self.text[self.index + 1 : self.index + 2]
        if code in _ESCAPES:
            self.index += 2
            return _ESCAPES[code]
        if code != "u":
            self.fail(f"invalid escape '\\{code}' in string")
        unit = self.hex4(self.index + 2)
        self.index += 6
        if 0xD800 <= unit < 0xDC00 and self.text.startswith("\\u", self.index):
            low = self.hex4(self.index + 2)
            if 0xDC00 <= low < 0xE000:
                self.index += 6
                return chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        return chr(unit)

    def hex4(self, at: int) -> int:
        digits = self.text[at : at + 4]
        if len(digits) != 4 or any(d not in "0123456789abcdefABCDEF" for d in digits):
            self.fail("invalid \\u escape: needs four hex digits", at - 2)
        return int(digits, 16)

    def number(self) -> int | float:
        text, start = self.text, self.index
        end = start + 1 if text[start] == "-" else start
        digits_start = end
        while end < len(text) and text[end].isdigit() and text[end].isascii():
            end += 1
        integer = text[digits_start:end]
        if not integer or (len(integer) > 1 and integer[0] == "0"):
            self.fail(f"invalid number {self.token_at(start)!r}", start)
        is_float = False
        if text.startswith(".", end):
            end, is_float = self.digits(end + 1, start), True
        if end < len(text) and text[end] in "eE":
            end += 1
            if end < len(text) and text[end] in "+-":
                end += 1
            end, is_float = self.digits(end, start), True
        self.index = end
        literal = text[start:end]
        return float(literal) if is_float else int(literal)

    def digits(self, at: int, start: int) -> int:
        end = at
        while end < len(self.text) and self.text[end] in "0123456789":
            end += 1
        if end == at:
            self.fail(f"invalid number {self.token_at(start)!r}", start)
        return end

    def word(self) -> Any:
        token = self.token_at(self.index)
        if token not in _WORDS:
            self.fail(f"unknown word {token!r}: JSON has only true, false and null; quote strings")
        self.index += len(token)
        return _WORDS[token]

    def token_at(self, start: int) -> str:
        end = start
        while end < len(self.text) and (self.text[end].isalnum() or self.text[end] in "+-._"):
            end += 1
        return self.text[start : max(end, start + 1)]
