"""AND, OR, NOT and parentheses, as Sourcegraph reads them: NOT binds tightest, then AND (also
written by juxtaposition), then OR; filters at the start of the first branch or the end of the
last scope the whole OR (Sourcegraph's hoisting). Each boolean query returns exactly the set
algebra of its parts."""

from __future__ import annotations

import pytest

from kit.search import FileMatch, PracticeBackend, RepositoryMatch, parse_query


def files(backend: PracticeBackend, query: str) -> set[str]:
    return {
        f"{m.repository}/{m.path}"
        for m in backend.search(f"{query} count:all")
        if isinstance(m, FileMatch)
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("TODO or retry", lambda f: f("TODO") | f("retry")),
        ("TODO OR FIXME", lambda f: f("TODO")),  # no FIXME in the corpus
        ("TODO and port", lambda f: f("TODO port")),
        ("TODO AND port", lambda f: f("TODO") & f("port")),
        ("TODO not lang:python", lambda f: f("TODO") - f("TODO lang:python")),
        ("TODO and not lang:python", lambda f: f("TODO") - f("lang:python TODO")),
        ("TODO -lang:python", lambda f: f("TODO not lang:python")),
        ("(TODO or retry) lang:go", lambda f: (f("TODO") | f("retry")) & f("lang:go")),
        ("TODO or retry lang:go", lambda f: (f("TODO") | f("retry")) & f("lang:go")),
        ("repo:billing TODO or retry", lambda f: f("repo:billing TODO") | f("repo:billing retry")),
        ("(lang:go TODO) or retry", lambda f: f("lang:go TODO") | f("retry")),
        ("patterntype:literal import and TODO", lambda f: f("import") & f("TODO")),
        ("patterntype:literal TODO or retry", lambda f: f("TODO") | f("retry")),
        ("patterntype:regexp TODO and retry", lambda f: f("TODO") & f("retry")),
        (
            "patterntype:standard TODO AND port OR retry",
            lambda f: (f("TODO") & f("port")) | f("retry"),
        ),
        (
            "repo:contains.file(path:go.mod) TODO",
            lambda f: f("repo:has.file(path:go.mod) TODO"),
        ),
        (
            'repohascommitafter:"30 years ago" TODO',
            lambda f: f("repo:has.commit.after(30 years ago) TODO"),
        ),
        ("lang:go TODO or lang:python TODO", lambda f: f("lang:go TODO") | f("lang:python TODO")),
        (
            "(repo:billing or repo:pipeline) (TODO or retry)",
            lambda f: (
                (f("repo:billing TODO") | f("repo:billing retry"))
                | (f("repo:pipeline TODO") | f("repo:pipeline retry"))
            ),
        ),
        ("calculateTotal not file:test", lambda f: f("calculateTotal") - f("file:test")),
        ("not TODO lang:go", lambda f: f("lang:go") - f("TODO")),
        ("(TODO)", lambda f: f("TODO")),
        # literal and regexp search read balanced parentheses without operators as text
        ("patterntype:literal (error)", lambda f: f('"(error)"')),
        ("patterntype:literal (err", lambda f: f('"(err"')),  # read again: `(` is text
        ("patterntype:regexp (} catch)", lambda f: f('"} catch"')),
        ("patterntype:regexp HandleFunc(", lambda f: f('"HandleFunc("')),
        ("patterntype:literal catch or (error", lambda f: f("catch") | f('"(error"')),
        (
            "patterntype:literal catch repo:storefront (error)",
            lambda f: f('repo:storefront "catch (error)"'),  # the filter stands apart
        ),
    ],
)
def test_boolean_queries_are_the_set_algebra_of_their_parts(
    practice: PracticeBackend, query: str, expected
) -> None:  # type: ignore[no-untyped-def]
    found = files(practice, query)
    assert found == expected(lambda q: files(practice, q))
    assert found or query.startswith("not")  # the table exercises non-empty results


def test_an_or_highlights_whichever_side_matched(practice: PracticeBackend) -> None:
    lines = {
        line.line.strip()
        for m in practice.search("TODO or retry count:all")
        if isinstance(m, FileMatch)
        for line in m.line_matches
    }
    assert any("TODO" in line for line in lines)
    assert any("retry" in line.lower() for line in lines)


def test_a_negated_pattern_is_not_highlighted(practice: PracticeBackend) -> None:
    for match in practice.search("lang:go not TODO count:all"):
        assert isinstance(match, FileMatch)
        assert not any("TODO" in lm.line for lm in match.line_matches)


def test_repository_queries_combine_too(practice: PracticeBackend) -> None:
    repos = {m.repository for m in practice.search("repo:billing or repo:storefront")}
    assert repos == {"github.com/acme/billing-service", "github.com/acme/web-storefront"}
    assert all(isinstance(m, RepositoryMatch) for m in practice.search("repo:acme not repo:pipe"))


@pytest.mark.parametrize(
    ("query", "pattern_type", "patterns"),
    [
        ("connection refused or timeout", "keyword", ["connection", "refused", "timeout"]),
        (
            "patterntype:literal connection refused or timeout",
            "literal",
            ["connection refused", "timeout"],
        ),
        ("patterntype:regexp conn.*refused or time", "regexp", ["conn.*refused", "time"]),
    ],
)
def test_adjacent_patterns_are_read_by_the_pattern_type(
    query: str, pattern_type: str, patterns: list[str]
) -> None:
    from kit.search.query_model import PatternTest, leaf_tests

    parsed = parse_query(query)
    assert parsed.pattern_type == pattern_type
    assert parsed.condition is not None
    found = [t.term.text for t in leaf_tests(parsed.condition) if isinstance(t, PatternTest)]
    assert found == patterns


def test_parentheses_inside_a_pattern_are_not_grouping() -> None:
    assert parse_query("foo() bar").condition is None
    assert parse_query("patterntype:regexp (a|b)c").condition is None
    assert parse_query("repo:(billing|storefront) x").condition is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "TODO select:repo",
            lambda f, r: {x for x in r if any(y.startswith(x + "/") for y in f("TODO"))},
        ),
        ("TODO select:file", lambda f, r: f("TODO")),
        ("TODO select:file.path", lambda f, r: f("TODO")),
        (
            "TODO select:file.directory",
            lambda f, r: {
                f"{repo}/{path.rsplit('/', 1)[0]}/" if "/" in path else f"{repo}/./"
                for x in f("TODO")
                for repo in r
                if x.startswith(repo + "/")
                for path in [x.removeprefix(repo + "/")]
            },
        ),
        ("TODO select:content", lambda f, r: f("TODO type:file")),
        ("type:repo acme", lambda f, r: {x for x in r if "acme" in x}),
        (
            "type:repo billing or storefront",
            lambda f, r: {x for x in r if "billing" in x or "storefront" in x},
        ),
        (
            "type:repo acme -repo:pipeline",
            lambda f, r: {x for x in r if "acme" in x and "pipeline" not in x},
        ),
    ],
)
def test_select_and_type_repo_keep_what_they_name_once(
    practice: PracticeBackend, query: str, expected
) -> None:  # type: ignore[no-untyped-def]
    everything = {m.repository for m in practice.search("type:repo .")}
    results = list(practice.search(f"{query} count:all"))
    found = {
        m.repository if isinstance(m, RepositoryMatch) else f"{m.repository}/{m.path}"
        for m in results
    }
    assert len(found) == len(results)  # de-duplicated
    assert found == expected(lambda q: files(practice, q), everything)
    assert found


def test_a_timeout_stops_the_search_and_says_so(practice: PracticeBackend) -> None:
    results = practice.search("timeout:1ns count:all .")
    assert results.limit_hit
    assert [s.reason for s in results.progress.skipped] == ["shard-timeout"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("repo:has.file(go.mod)", {"github.com/acme/billing-service"}),
        ("repo:contains.file(go.mod)", {"github.com/acme/billing-service"}),
        (
            "repo:has.file(path:package.json content:typescript)",
            {"github.com/acme/web-storefront", "github.com/acme/ui-kit"},
        ),
        ("repo:has.file(path:package.json content:nothing-like-this)", set()),
        ("repo:has.path(requirements)", {"github.com/acme/data-pipeline"}),
        (
            "repo:has.path(requirements) fork:yes",
            {"github.com/acme/data-pipeline", "github.com/acme/mlutils"},
        ),
        (
            "repo:has.content(calculateTotal)",
            {"github.com/acme/billing-service", "github.com/acme/web-storefront"},
        ),
    ],
)
def test_repository_predicates(practice: PracticeBackend, query: str, expected: set[str]) -> None:
    assert {m.repository for m in practice.search(query)} == expected


def test_a_negated_predicate_excludes_those_repositories(practice: PracticeBackend) -> None:
    everything = {m.repository for m in practice.search("type:repo .")}
    with_docker = {m.repository for m in practice.search("repo:has.path(Dockerfile)")}
    without = {m.repository for m in practice.search("-repo:has.path(Dockerfile)")}
    assert with_docker and without and without == everything - with_docker


def test_file_has_content_keeps_files_and_highlights_the_pattern(practice: PracticeBackend) -> None:
    found = files(practice, "file:has.content(TODO) lang:go port")
    assert found == files(practice, "lang:go TODO") & files(practice, "lang:go port")
    assert found


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("patterntype:standard connection refused", "patterntype:literal connection refused"),
        ("patterntype:standard /conn.*refused/", "patterntype:regexp conn.*refused"),
        ('patterntype:standard "connection refused"', 'patterntype:literal "connection refused"'),
    ],
)
def test_standard_search_is_literal_with_slash_delimited_regexps(
    practice: PracticeBackend, query: str, same_as: str
) -> None:
    assert files(practice, query) == files(practice, same_as)


def test_standard_search_matches_quotes_literally(practice: PracticeBackend) -> None:
    assert not files(practice, 'patterntype:standard "connection refused"')
    assert files(practice, '"connection refused"')  # keyword: the quotes delimit a phrase
