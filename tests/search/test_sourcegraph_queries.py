"""Our parser against Sourcegraph's own query-language tests, case by case.

Each case (tests/search/conformance/sourcegraph/*.yaml, transcribed from Sourcegraph's parser,
validation, transformer and predicate tests and the web client's diagnostics tests) checks that we
accept or reject the query as Sourcegraph does and, where its test gives the parse, that our parse
means the same (`sourcegraph_cases.sg_dnf` against `query_dnf`). A case marked `deliberate` is a
feature the practice instance does not simulate: it must be refused, saying so. A case marked
`xfail` is a difference not fixed yet (strict: fixing it fails the case until the mark goes).
"""

from __future__ import annotations

import pytest

from tests.search.sourcegraph_cases import NOT_SUPPORTED, Case, load_cases, run_case

CASES = load_cases()


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
    return pytest.param(case, id=case.case_id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_our_parser_reads_the_query_as_sourcegraph_does(case: Case) -> None:
    outcome = run_case(case)
    if case.deliberate:
        assert not outcome.accepts and NOT_SUPPORTED in outcome.message, outcome.message
        return
    assert outcome.accepts == case.accepts, outcome.message or "accepted"
    assert outcome.same_structure(case) is not False


def test_the_cases_cover_each_pattern_type_and_source() -> None:
    sources = {case.source for case in CASES}
    assert len(CASES) >= 400 and len(sources) == 5
    assert {c.pattern_type.value for c in CASES} >= {"keyword", "standard", "literal", "regexp"}
