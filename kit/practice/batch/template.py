"""`${{ }}` templates in batch specs, evaluated like Go's text/template with `${{`/`}}` delimiters.

Supported: literals (strings, raw strings, numbers, true/false/nil), variables with field access
(`repository.name`, `outputs.tag`), `.` inside `range`, function calls with arguments,
parenthesised calls, pipelines (`a | f b` calls `f b a`), `if`/`else if`/`else`/`end`,
`range`/`else`/`end`, and `-` whitespace trimming. Functions: Sourcegraph's `join`, `join_if`,
`replace`, `split`, `matches`, and Go's `eq`, `ne`, `not`, `and`, `or`, `len`, `index`, `printf`.
Variables (`$x :=`) and `with`/`define`/`template` are not supported and say so.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_OPEN, _CLOSE = "${{", "}}"
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>"(?:[^"\\]|\\.)*") | (?P<raw>`[^`]*`) | (?P<num>-?\d+(?:\.\d+)?)
      | (?P<punct>[()|]) | (?P<name>\.?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*|\.)
    )""",
    re.VERBOSE,
)


class TemplateError(Exception):
    """A template that cannot be parsed or evaluated; the caller adds the field it came from."""


class Record(dict[str, Any]):
    """A struct-like variable (`repository`, `step`...): asking for an unknown field is an error,
    where a plain dict (`outputs`) gives `<no value>` as a Go map does."""


@dataclass
class _Text:
    text: str


@dataclass
class _Action:
    tokens: list[tuple[str, Any]]


@dataclass
class _If:
    branches: list[tuple[list[tuple[str, Any]], list[Any]]]
    otherwise: list[Any]


@dataclass
class _Range:
    tokens: list[tuple[str, Any]]
    body: list[Any]
    otherwise: list[Any]


def render(template: str, variables: Mapping[str, Any]) -> str:
    """Evaluate `template` with `variables`; raise TemplateError saying what is wrong."""
    if _OPEN not in template:
        return template
    nodes, stop = _parse(_lex(template), 0, ())
    if stop is not None:
        raise TemplateError(f"${{{{ {stop[0]} }}}} without a matching if or range")
    return "".join(_run(nodes, variables, None))


# -- lexing: text and actions ------------------------------------------------------------------


def _lex(template: str) -> list[_Text | _Action]:
    pieces: list[_Text | _Action] = []
    pos = 0
    while (start := template.find(_OPEN, pos)) != -1:
        text = template[pos:start]
        inner_start = start + len(_OPEN)
        if template.startswith("- ", inner_start):
            text, inner_start = text.rstrip(), inner_start + 1
        tokens, end = _tokens(template, inner_start)
        pieces.append(_Text(text))
        pieces.append(_Action(tokens))
        pos = end
    pieces.append(_Text(template[pos:]))
    return pieces


def _tokens(template: str, pos: int) -> tuple[list[tuple[str, Any]], int]:
    """Tokens of the action starting at `pos`, and where the text after its `}}` starts."""
    tokens: list[tuple[str, Any]] = []
    while True:
        rest = template[pos:]
        stripped = rest.lstrip()
        if stripped.startswith("-" + _CLOSE) and rest[: len(rest) - len(stripped)]:
            after = pos + (len(rest) - len(stripped)) + 1 + len(_CLOSE)
            return tokens, len(template) - len(template[after:].lstrip())
        if stripped.startswith(_CLOSE):
            return tokens, pos + (len(rest) - len(stripped)) + len(_CLOSE)
        match = _TOKEN.match(template, pos)
        if match is None or match.end() == pos:
            snippet = stripped[:20] or "end of text"
            raise TemplateError(f"unexpected {snippet!r} in ${{{{ }}}} (is a }}}} missing?)")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "str":
            value = json.loads(value)
        elif kind == "raw":
            value = value[1:-1]
        elif kind == "num":
            value = float(value) if "." in value else int(value)
        tokens.append((kind, value))
        pos = match.end()


# -- parsing: if / range blocks ------------------------------------------------------------------


def _keyword(action: _Action) -> str | None:
    if action.tokens and action.tokens[0][0] == "name":
        word = str(action.tokens[0][1])
        if word in ("if", "else", "end", "range", "with", "define", "template", "block"):
            return word
    return None


def _parse(pieces: list[_Text | _Action], pos: int, stops: Sequence[str]) -> tuple[list[Any], Any]:
    """Parse nodes from `pieces[pos:]` until a keyword in `stops`; return (nodes, stop).
    The stop is (keyword, rest-of-tokens, next position) or None at the end."""
    nodes: list[Any] = []
    while pos < len(pieces):
        piece = pieces[pos]
        pos += 1
        if isinstance(piece, _Text):
            nodes.append(piece)
            continue
        word = _keyword(piece)
        if word is None:
            if not piece.tokens:
                raise TemplateError("empty ${{ }} action")
            nodes.append(piece)
        elif word in stops:
            return nodes, (word, piece.tokens[1:], pos)
        elif word in ("if", "range"):
            node, pos = _block(word, piece.tokens[1:], pieces, pos)
            nodes.append(node)
        elif word in ("else", "end"):
            if stops:  # an else after a block's else
                raise TemplateError(f"unexpected ${{{{ {word} }}}}")
            return nodes, (word, piece.tokens[1:], pos)
        else:
            raise TemplateError(f"{word} is not supported by the practice template engine")
    if stops:
        raise TemplateError("missing ${{ end }}")
    return nodes, None


def _block(
    word: str, tokens: list[tuple[str, Any]], pieces: list[_Text | _Action], pos: int
) -> tuple[Any, int]:
    if not tokens:
        raise TemplateError(f"missing value for {word}")
    branches: list[tuple[list[tuple[str, Any]], list[Any]]] = []
    condition = tokens
    while True:
        body, (stop, rest, pos) = _parse(pieces, pos, ("else", "end"))
        branches.append((condition, body))
        if stop == "end":
            otherwise: list[Any] = []
            break
        if word == "if" and rest[:1] == [("name", "if")]:
            condition = rest[1:]
            continue
        otherwise, (stop, _, pos) = _parse(pieces, pos, ("end",))
        break
    if word == "range":
        return _Range(branches[0][0], branches[0][1], otherwise), pos
    return _If(branches, otherwise), pos


# -- evaluation ----------------------------------------------------------------------------------


def _run(nodes: list[Any], variables: Mapping[str, Any], dot: Any) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, _Text):
            out.append(node.text)
        elif isinstance(node, _Action):
            out.append(format_value(_pipeline(node.tokens, variables, dot)))
        elif isinstance(node, _If):
            for condition, body in node.branches:
                if truthy(_pipeline(condition, variables, dot)):
                    out += _run(body, variables, dot)
                    break
            else:
                out += _run(node.otherwise, variables, dot)
        else:
            items = _pipeline(node.tokens, variables, dot)
            values = list(items.values()) if isinstance(items, Mapping) else list(items or [])
            for item in values:
                out += _run(node.body, variables, item)
            if not values:
                out += _run(node.otherwise, variables, dot)
    return out


def _pipeline(tokens: list[tuple[str, Any]], variables: Mapping[str, Any], dot: Any) -> Any:
    commands: list[list[Any]] = [[]]
    pos = 0
    while pos < len(tokens):
        kind, value = tokens[pos]
        if (kind, value) == ("punct", "|"):
            commands.append([])
        elif (kind, value) == ("punct", "("):
            depth, end = 1, pos + 1
            while end < len(tokens) and depth:
                depth += (
                    {"(": 1, ")": -1}.get(tokens[end][1], 0) if tokens[end][0] == "punct" else 0
                )
                end += 1
            if depth:
                raise TemplateError("unclosed ( in ${{ }}")
            commands[-1].append(("value", _pipeline(tokens[pos + 1 : end - 1], variables, dot)))
            pos = end
            continue
        elif (kind, value) == ("punct", ")"):
            raise TemplateError("unexpected ) in ${{ }}")
        else:
            commands[-1].append((kind, value))
        pos += 1
    result: Any = _NOTHING
    for command in commands:
        if not command:
            raise TemplateError("missing command in pipeline")
        result = _command(command, variables, dot, result)
    return result


_NOTHING = object()


def _command(command: list[Any], variables: Mapping[str, Any], dot: Any, piped: Any) -> Any:
    kind, value = command[0]
    function = FUNCTIONS.get(value) if kind == "name" and value not in variables else None
    if function is not None:
        args = [_operand(op, variables, dot) for op in command[1:]]
        if piped is not _NOTHING:
            args.append(piped)
        try:
            return function(*args)
        except TypeError as exc:
            raise TemplateError(f"wrong arguments for {value}: {exc}") from None
    if len(command) > 1 or piped is not _NOTHING:
        raise TemplateError(f"{_spell(command[0])} is not a function")
    return _operand(command[0], variables, dot)


def _spell(token: tuple[str, Any]) -> str:
    return json.dumps(token[1]) if token[0] in ("str", "raw") else str(token[1])


def _operand(token: tuple[str, Any], variables: Mapping[str, Any], dot: Any) -> Any:
    kind, value = token
    if kind != "name":
        return value
    if value in ("true", "false"):
        return value == "true"
    if value == "nil":
        return None
    if value == ".":
        return dot
    if value.startswith("."):
        return _fields(dot, value[1:].split("."), ".")
    root, *path = value.split(".")
    if root not in variables:
        if root in FUNCTIONS:
            return FUNCTIONS[root]()
        raise TemplateError(f'"{root}" is not defined (is it spelled as in the batch spec docs?)')
    return _fields(variables[root], path, root)


def _fields(value: Any, path: list[str], seen: str) -> Any:
    for name in path:
        if isinstance(value, Record):
            if name not in value:
                raise TemplateError(f"{seen} has no field {name}")
            value = value[name]
        elif isinstance(value, Mapping):
            value = value.get(name)
        elif value is None:
            return None
        else:
            raise TemplateError(f"{seen} is not something with fields (it cannot have .{name})")
        seen = f"{seen}.{name}".lstrip(".")
    return value


def format_value(value: Any) -> str:
    """A value printed as Go's text/template prints it."""
    if value is None:
        return "<no value>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "[" + " ".join(format_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "map[" + " ".join(f"{k}:{format_value(value[k])}" for k in sorted(value)) + "]"
    return str(value)


def truthy(value: Any) -> bool:
    """Go's truth: false, 0, nil and empty strings, lists and maps are false."""
    return (
        value is not None
        and value is not False
        and value != 0
        and value != ""
        and (not isinstance(value, list | tuple | Mapping) or len(value) > 0)
    )


def _join(items: Sequence[Any], sep: str) -> str:
    return sep.join(format_value(i) if not isinstance(i, str) else i for i in items or ())


def _index(collection: Any, *keys: Any) -> Any:
    for key in keys:
        try:
            collection = collection[key]
        except (KeyError, IndexError, TypeError):
            if isinstance(collection, Mapping):
                return None
            raise TemplateError(f"index {key} out of range") from None
    return collection


def _and(*args: Any) -> Any:
    for arg in args:
        if not truthy(arg):
            return arg
    return args[-1]


def _or(*args: Any) -> Any:
    for arg in args:
        if truthy(arg):
            return arg
    return args[-1]


def _printf(fmt: str, *args: Any) -> str:
    values = iter(args)
    return re.sub(r"%[vsdq%]", lambda m: "%" if m[0] == "%%" else _verb(m[0], next(values)), fmt)


def _verb(verb: str, value: Any) -> str:
    return json.dumps(value) if verb == "%q" else format_value(value)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "join": _join,
    "join_if": lambda sep, *items: sep.join(str(i) for i in items if truthy(i)),
    "replace": lambda s, old, new: str(s).replace(old, new),
    "split": lambda s, sep: str(s).split(sep),
    "matches": lambda s, glob: fnmatch.fnmatchcase(str(s), glob),
    "eq": lambda a, *others: any(a == b for b in others),
    "ne": lambda a, b: a != b,
    "not": lambda a: not truthy(a),
    "and": _and,
    "or": _or,
    "len": lambda a: len(a),
    "index": _index,
    "printf": _printf,
}
"""The functions templates can call, by name."""
