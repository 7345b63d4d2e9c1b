"""The JSONC parser: strict JSON plus comments and trailing commas, errors at line:column."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.errors import SiteConfigError
from kit.practice.site_config import Position, parse_jsonc

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=25,
)

_FILLERS = st.sampled_from(
    ["", " ", "\n", "\t", "// note\n", "/* c */", "/* multi\n line */", " // x\n  ", "\r\n"]
)


def _jsonc(value: Any, draw: Any) -> str:
    """`value` as JSONC with comments or whitespace between tokens and random trailing commas."""

    def fill() -> str:
        return str(draw(_FILLERS))

    if isinstance(value, dict):
        members = [
            f"{fill()}{json.dumps(k)}{fill()}:{fill()}{_jsonc(v, draw)}{fill()}"
            for k, v in value.items()
        ]
        trailing = "," if members and draw(st.booleans()) else ""
        return "{" + ",".join(members) + trailing + fill() + "}"
    if isinstance(value, list):
        items = [f"{fill()}{_jsonc(v, draw)}{fill()}" for v in value]
        trailing = "," if items and draw(st.booleans()) else ""
        return "[" + ",".join(items) + trailing + fill() + "]"
    return json.dumps(value)


@settings(max_examples=200, deadline=None)
@given(json_values, st.sampled_from([None, 0, 2]), st.booleans())
def test_any_json_document_round_trips(value: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert parse_jsonc(text).value == value


@settings(max_examples=200, deadline=None)
@given(json_values, st.data())
def test_comments_and_trailing_commas_anywhere_legal_are_accepted(value: Any, data: Any) -> None:
    text = data.draw(st.sampled_from(["", "// head\n", "/* head */ "])) + _jsonc(value, data.draw)
    text += data.draw(_FILLERS)
    assert parse_jsonc(text).value == value


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='{}[]":,0123456789.eE+-truefalsn \n\\/*u', max_size=40))
def test_strict_json_parses_as_python_does_and_nothing_else_crashes(text: str) -> None:
    try:
        expected = json.loads(text, parse_constant=lambda name: math.nan)
    except ValueError:
        expected = SiteConfigError
    try:
        got: Any = parse_jsonc(text).value
    except SiteConfigError:
        got = SiteConfigError
    if expected is not SiteConfigError and "/" not in text:
        assert got == expected
    # Where Python's strict parser rejects the text, JSONC may accept it only for its comments or
    # trailing commas.
    if got is not SiteConfigError and expected is SiteConfigError:
        assert "/" in text or "," in text


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('{\n  "a": 1\n  "b": 2\n}', "site.json:3:3", "expected ',' or '}' after object member"),
        ("[1, 2\n 3]", "site.json:2:2", "expected ',' or ']' after array element"),
        ('{"a" 1}', "site.json:1:6", "expected ':' after object key"),
        ("{'a': 1}", "site.json:1:2", "keys need double quotes"),
        ("{\"a\": 'x'}", "site.json:1:7", "strings need double quotes"),
        ("[1,,2]", "site.json:1:4", "expected a value, found ','"),
        ("{,}", "site.json:1:2", "expected a key in double quotes or '}'"),
        ("[,]", "site.json:1:2", "expected a value, found ','"),
        ('{"a": 01}', "site.json:1:7", "invalid number '01'"),
        ('{"a": 1.}', "site.json:1:7", "invalid number"),
        ('{"a": .5}', "site.json:1:7", "expected a value, found '.'"),
        ('{"a": True}', "site.json:1:7", "unknown word 'True'"),
        ('{"a": NaN}', "site.json:1:7", "unknown word 'NaN'"),
        ('{"a": "x', "site.json:1:7", "unterminated string"),
        ('{"a": "x\ny"}', "site.json:1:9", "control character U+000A"),
        ('{"a": "\\q"}', "site.json:1:8", "invalid escape '\\q'"),
        ('{"a": "\\u12g4"}', "site.json:1:8", "four hex digits"),
        ('{"a": 1} /* open', "site.json:1:10", "unterminated /* comment"),
        ('{"a": 1} {"b": 2}', "site.json:1:10", "unexpected text after the end"),
        ("", "site.json:1:1", "expected a JSON value"),
        ("// only a comment\n", "site.json:2:1", "expected a JSON value"),
        ('{"a": [1, 2}', "site.json:1:12", "expected ',' or ']'"),
        ('{"a": 1', "site.json:1:8", "expected ',' or '}'"),
    ],
)
def test_syntax_errors_name_line_and_column(text: str, where: str, message: str) -> None:
    with pytest.raises(SiteConfigError) as caught:
        parse_jsonc(text, source="site.json")
    assert caught.value.where == where
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{where}: ")


def test_errors_without_a_source_say_input() -> None:
    with pytest.raises(SiteConfigError, match=r"^<input>:1:1: "):
        parse_jsonc("}")


def test_positions_point_at_keys_and_elements() -> None:
    document = parse_jsonc(
        '{\n  "auth.providers": [\n    {"type": "builtin"},\n    {"type": "saml"}\n  ]\n}'
    )
    assert document.positions[("auth.providers",)] == Position(2, 3)
    assert document.positions[("auth.providers", 1)] == Position(4, 5)
    assert document.positions[("auth.providers", 1, "type")] == Position(4, 6)
    assert document.line_of(("auth.providers", 1, "type", "missing")) == 4
    assert document.line_of(()) == 1


def test_comment_markers_inside_strings_are_text() -> None:
    document = parse_jsonc('{"url": "https://github.com", "glob": "**/*.go /* not a comment */"}')
    assert document.value == {"url": "https://github.com", "glob": "**/*.go /* not a comment */"}


def test_repeated_keys_keep_the_last_value_and_are_recorded() -> None:
    document = parse_jsonc('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}')
    assert document.value == {"a": 3, "b": {"c": 2}}
    assert set(document.duplicate_keys) == {("a",), ("b", "c")}


def test_surrogate_pair_escapes_make_one_character() -> None:
    assert parse_jsonc('"\\ud83d\\ude00"').value == "\U0001f600"


def test_numbers_keep_integer_and_float_apart() -> None:
    assert parse_jsonc("[0, -0, 12, 1.5, 1e3, -2E-2]").value == [0, 0, 12, 1.5, 1000.0, -0.02]
    assert [type(v) for v in parse_jsonc("[1, 1.0, 1e0]").value] == [int, float, float]


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(SiteConfigError, match="nested deeper than"):
        parse_jsonc("[" * 2000 + "]" * 2000)
