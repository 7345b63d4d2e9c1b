"""A live Sourcegraph, asked over its streaming API, answers with the practice backend's results.

Every test talks real HTTP to the stub in `sse_server.py`, which speaks the protocol as
Sourcegraph does; the event parser and the chunk conversion also get direct tables.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.errors import ConfigError, KitError, QuerySyntaxError, SearchError
from kit.search import FileMatch, LineMatch, RepositoryMatch, SymbolMatch
from kit.search.live import (
    DEFAULT_DISPLAY,
    LiveBackend,
    ServerSentEvent,
    collect_results,
    parse_events,
)
from kit.search.stream_matches import line_matches_from_chunks
from kit.search.symbols import Symbol
from tests.conftest import sgkit
from tests.search import sse_server as sg
from tests.search.sse_server import Stream, StubSourcegraph, encode_events, sourcegraph_stub

TOKEN = "sgp_0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to the stub go straight to 127.0.0.1, whatever proxy the machine uses."""
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def stub() -> Iterator[StubSourcegraph]:
    """A stub Sourcegraph that accepts only TOKEN."""
    with sourcegraph_stub(token=TOKEN) as running:
        yield running


@pytest.fixture
def backend(stub: StubSourcegraph) -> LiveBackend:
    """A backend for the stub, with the right token."""
    return LiveBackend(stub.url, TOKEN, timeout=5)


def search_error(backend: LiveBackend, query: str) -> KitError:
    with pytest.raises(KitError) as caught:
        backend.search(query)
    return caught.value


# --- The request ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["TODO", r'repo:^github\.com/acme/ lang:go "connection refused"', "café count:all /a+b?/ &x=1"],
)
def test_search_sends_the_streaming_request_with_token_and_event_stream_accept(
    stub: StubSourcegraph, backend: LiveBackend, query: str
) -> None:
    backend.search(query)

    [request] = stub.requests
    assert request.path == "/.api/search/stream"
    assert request.params == {
        "q": [query],
        "v": ["V3"],
        "t": ["keyword"],
        "display": [str(DEFAULT_DISPLAY)],
    }
    assert request.headers["authorization"] == f"token {TOKEN}"
    assert request.headers["accept"] == "text/event-stream"


def test_pattern_type_none_leaves_the_instance_default_and_display_is_configurable(
    stub: StubSourcegraph,
) -> None:
    LiveBackend(stub.url + "/", TOKEN, pattern_type=None, display=20).search("TODO")

    [request] = stub.requests
    assert request.path == "/.api/search/stream"
    assert request.params == {"q": ["TODO"], "v": ["V3"], "display": ["20"]}


def test_a_backend_without_token_sends_no_authorization_header() -> None:
    with sourcegraph_stub(token=None) as public:
        results = LiveBackend(public.url, None).search(sg.RESULTS_QUERY)

    assert len(results) == 5
    assert "authorization" not in public.requests[0].headers


# --- The results -------------------------------------------------------------------------------------


def test_results_arrive_as_the_practice_backends_dataclasses_in_stream_order(
    backend: LiveBackend,
) -> None:
    results = backend.search(sg.RESULTS_QUERY)

    assert results.query == "TODO"
    assert [(type(m).__name__, m.type, m.repository) for m in results] == [
        ("FileMatch", "content", sg.PIPELINE),
        ("FileMatch", "path", sg.PIPELINE),
        ("RepositoryMatch", "repo", sg.BILLING),
        ("FileMatch", "content", sg.BILLING),
        ("SymbolMatch", "symbol", sg.PIPELINE),
    ]


def test_line_matches_keep_their_0_based_line_numbers_and_character_offsets(
    backend: LiveBackend,
) -> None:
    match = backend.search(sg.RESULTS_QUERY).matches[0]

    assert match == FileMatch(
        repository=sg.PIPELINE,
        repository_id=3,
        commit=sg.COMMIT,
        path="pipeline/extract.py",
        language="Python",
        line_matches=(
            LineMatch("    # TODO: retry when the API times out", 11, ((6, 4),)),
            LineMatch("def extract(todo_list):  # TODO remove", 40, ((12, 4), (27, 4))),
        ),
    )
    highlighted = [
        lm.line[o : o + n] for lm in match.line_matches for o, n in lm.offset_and_lengths
    ]
    assert highlighted == ["TODO", "todo", "TODO"]


def test_path_and_repository_matches(backend: LiveBackend) -> None:
    path, repo = backend.search(sg.RESULTS_QUERY).matches[1:3]

    assert path == FileMatch(
        repository=sg.PIPELINE,
        repository_id=3,
        commit=sg.COMMIT,
        path="docs/TODO.md",
        language=None,
        path_matches=((5, 4),),
    )
    assert repo == RepositoryMatch(
        repository=sg.BILLING,
        repository_id=1,
        description="Invoices and payments (TODO: split)",
        private=True,
    )


def test_chunk_matches_become_one_line_match_per_highlighted_line(backend: LiveBackend) -> None:
    match = backend.search(sg.RESULTS_QUERY).matches[3]

    assert isinstance(match, FileMatch)
    assert match.path == "billing/labels.py"
    # The context line 6 is left out; "translate\nTOTAL" is split over lines 7 and 8;
    # columns count characters, not the bytes of "é".
    assert match.line_matches == (
        LineMatch('label = "café"  # TODO: translate', 7, ((18, 4), (24, 9))),
        LineMatch("TOTAL = 1  # TODO", 8, ((0, 5), (13, 4))),
    )
    highlighted = [
        lm.line[o : o + n] for lm in match.line_matches for o, n in lm.offset_and_lengths
    ]
    assert highlighted == ["TODO", "translate", "TOTAL", "TODO"]


@pytest.mark.parametrize(
    ("chunk", "expected"),
    [
        pytest.param(
            {"content": "abc", "contentStart": {"line": 0}, "ranges": []},
            (),
            id="no ranges",
        ),
        pytest.param(
            {
                "content": "xx ab\ncd yy",
                "contentStart": {"line": 4},
                "ranges": [{"start": {"line": 4, "column": 3}, "end": {"line": 5, "column": 2}}],
            },
            (LineMatch("xx ab", 4, ((3, 2),)), LineMatch("cd yy", 5, ((0, 2),))),
            id="range over two lines",
        ),
        pytest.param(
            {
                "content": "ab\n",
                "contentStart": {"line": 0},
                "ranges": [{"start": {"line": 0, "column": 0}, "end": {"line": 1, "column": 0}}],
            },
            (LineMatch("ab", 0, ((0, 2),)),),
            id="empty remainder on the next line is dropped",
        ),
        pytest.param(
            {
                "content": "b a b",
                "contentStart": {"line": 2},
                "ranges": [
                    {"start": {"line": 2, "column": 4}, "end": {"line": 2, "column": 5}},
                    {"start": {"line": 2, "column": 0}, "end": {"line": 2, "column": 1}},
                ],
            },
            (LineMatch("b a b", 2, ((0, 1), (4, 1))),),
            id="ranges sorted by offset",
        ),
    ],
)
def test_chunk_conversion_table(chunk: dict[str, object], expected: tuple[LineMatch, ...]) -> None:
    assert line_matches_from_chunks([chunk]) == expected


def test_symbol_matches_keep_the_kind_sourcegraph_shows_and_the_1_based_line(
    backend: LiveBackend,
) -> None:
    match = backend.search(sg.RESULTS_QUERY).matches[4]

    # An older instance's URL (`#L4`) has no column: the symbol starts at column 0.
    assert match == SymbolMatch(
        repository=sg.PIPELINE,
        repository_id=3,
        commit=sg.COMMIT,
        path="pipeline/todo.py",
        language=None,
        symbols=(Symbol(name="TodoList", kind="class", line=4),),
    )


def test_match_types_the_kit_does_not_know_are_left_out_and_logged(
    stub: StubSourcegraph, backend: LiveBackend, caplog: pytest.LogCaptureFixture
) -> None:
    person = {"type": "person", "handle": "someone", "user": {"username": "someone"}}
    stub.responses["people"] = Stream(
        encode_events([("matches", [person, sg.PATH_MATCH]), ("progress", sg.progress(2))])
        + encode_events([("done", {})])
    )
    with caplog.at_level(logging.WARNING, logger="kit.search.live"):
        results = backend.search("people")

    assert [m.type for m in results] == ["path"]
    assert "left out 1 person match(es)" in caplog.text


def test_the_last_progress_event_is_kept(backend: LiveBackend) -> None:
    results = backend.search(sg.RESULTS_QUERY)

    assert results.progress.match_count == results.match_count == 9
    assert results.progress.duration_ms == 42
    assert results.progress.repositories_count == 2
    assert results.progress.skipped == ()
    assert results.limit_hit is False


@pytest.mark.parametrize(
    ("reason", "limit_hit"),
    [
        ("shard-match-limit", True),
        ("document-match-limit", True),
        ("repository-limit", True),
        ("display", True),
        ("shard-timeout", False),
        ("repository-cloning", False),
        ("excluded-archive", False),
    ],
)
def test_limit_hit_follows_the_skipped_reasons_that_are_limits(
    stub: StubSourcegraph, backend: LiveBackend, reason: str, limit_hit: bool
) -> None:
    stub.responses["count:1 TODO"] = Stream(
        encode_events(
            [
                ("matches", [sg.CONTENT_WITH_LINE_MATCHES]),
                ("progress", sg.progress(3, skipped=[sg.skipped(reason)])),
                ("done", {}),
            ]
        )
    )

    results = backend.search("count:1 TODO")

    assert results.limit_hit is limit_hit
    [skip] = results.progress.skipped
    assert (skip.reason, skip.severity, skip.suggested) == (
        reason,
        "info",
        {"title": "more results", "queryExpression": "count:all"},
    )


def test_a_search_without_progress_counts_the_matches_it_got(
    stub: StubSourcegraph, backend: LiveBackend
) -> None:
    stub.responses["q"] = Stream(
        encode_events([("matches", [sg.CONTENT_WITH_LINE_MATCHES]), ("done", {})])
    )

    results = backend.search("q")

    assert (results.match_count, results.progress.repositories_count) == (3, 1)


# --- Alerts and errors in the stream ------------------------------------------------------------------


def test_the_alert_for_an_invalid_query_raises_query_syntax_error(backend: LiveBackend) -> None:
    error = search_error(backend, sg.INVALID_QUERY)

    assert isinstance(error, QuerySyntaxError)
    assert str(error) == (
        f"Sourcegraph at {backend.endpoint} rejected the query: Unable To Process Query: "
        'Unbalanced expression: unmatched closing parenthesis ) (try `"foo("`)'
    )


def test_other_alerts_are_logged_and_the_results_returned(
    backend: LiveBackend, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kit.search.live"):
        results = backend.search(sg.NO_REPOSITORIES_QUERY)

    assert len(results) == 0
    assert "No repositories found: Check your repo: filter." in caplog.text


def test_an_error_event_raises_search_error_with_its_message(backend: LiveBackend) -> None:
    error = search_error(backend, sg.ERROR_QUERY)

    assert type(error) is SearchError
    assert str(error) == (
        f"Sourcegraph at {backend.endpoint} could not run the search: context deadline exceeded"
    )


def test_events_are_handled_as_they_arrive_not_when_the_stream_ends(
    stub: StubSourcegraph, backend: LiveBackend
) -> None:
    error_event = encode_events([("error", {"message": "shard failed"})])
    stub.responses["q"] = Stream(
        error_event + encode_events([("done", {})]), stall_at=len(error_event)
    )
    started = time.monotonic()

    error = search_error(backend, "q")

    assert time.monotonic() - started < 2  # the stream is still open: the timeout is 5 s
    assert str(error).endswith("could not run the search: shard failed")


def test_a_stream_that_ends_before_done_is_an_error(backend: LiveBackend) -> None:
    error = search_error(backend, sg.CUT_SHORT_QUERY)

    assert type(error) is SearchError
    assert "ended before the search finished" in str(error)


def test_a_malformed_event_is_an_error(stub: StubSourcegraph, backend: LiveBackend) -> None:
    stub.responses["q"] = Stream(b"event: matches\ndata: [{not json\n\nevent: done\ndata: {}\n\n")

    error = search_error(backend, "q")

    assert type(error) is SearchError
    assert "sent a `matches` event this kit cannot read" in str(error)


# --- HTTP and network failures -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "query", "expected"),
    [
        (
            "sgp_wrong",
            sg.RESULTS_QUERY,
            "refused the access token (HTTP 401): check SRC_ACCESS_TOKEN",
        ),
        (TOKEN, sg.FORBIDDEN_QUERY, "refused the access token (HTTP 403): check SRC_ACCESS_TOKEN"),
        (None, sg.RESULTS_QUERY, "requires an access token (HTTP 401): set SRC_ACCESS_TOKEN"),
    ],
)
def test_a_refused_token_says_which_variable_to_fix(
    stub: StubSourcegraph, token: str | None, query: str, expected: str
) -> None:
    error = search_error(LiveBackend(stub.url, token), query)

    assert type(error) is SearchError
    assert str(error) == f"Sourcegraph at {stub.url} {expected}"


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(sg.SLOW_QUERY, id="no response headers"),
        pytest.param(sg.STALLED_QUERY, id="stream stalls after one event"),
    ],
)
def test_a_silent_instance_times_out(stub: StubSourcegraph, query: str) -> None:
    backend = LiveBackend(stub.url, TOKEN, timeout=0.5)
    started = time.monotonic()

    error = search_error(backend, query)

    assert time.monotonic() - started < 3
    assert str(error).startswith(f"no answer from {stub.url} within 0.5 s")


def test_an_unreachable_endpoint_names_the_endpoint_and_the_os_error() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"

    error = search_error(LiveBackend(endpoint, TOKEN, timeout=2), "TODO")

    assert type(error) is SearchError
    assert str(error).startswith(f"cannot reach Sourcegraph at {endpoint}: [Errno ")
    assert "Connection refused" in str(error)
    assert str(error).endswith("(check SRC_ENDPOINT)")


def test_an_html_page_is_reported_as_not_an_event_stream(
    stub: StubSourcegraph, backend: LiveBackend
) -> None:
    error = search_error(backend, sg.HTML_QUERY)

    assert str(error) == (
        f"Sourcegraph at {stub.url} answered with an HTML page, not a search event stream: "
        "check that SRC_ENDPOINT is the instance's URL and no sign-in page or proxy is in the way"
    )


def test_a_redirect_to_a_sign_in_page_is_named_and_does_not_carry_the_token(
    stub: StubSourcegraph, backend: LiveBackend
) -> None:
    error = search_error(backend, sg.REDIRECT_QUERY)

    assert f"answered with an HTML page (redirected to {stub.url}/sign-in)" in str(error)
    stream, sign_in = stub.requests
    assert stream.headers["authorization"] == f"token {TOKEN}"
    assert sign_in.path == "/sign-in"
    assert "authorization" not in sign_in.headers


@pytest.mark.parametrize(
    ("endpoint_suffix", "query", "expected"),
    [
        (
            "/wrong-prefix",
            "TODO",
            "answered HTTP 404: 404 page not found (check that SRC_ENDPOINT is the instance's URL)",
        ),
        (
            "",
            sg.SERVER_ERROR_QUERY,
            "answered HTTP 500: internal error: zoekt unavailable (the instance failed; try again later)",
        ),
    ],
)
def test_other_http_errors_name_the_status_and_the_servers_words(
    stub: StubSourcegraph, endpoint_suffix: str, query: str, expected: str
) -> None:
    endpoint = stub.url + endpoint_suffix

    error = search_error(LiveBackend(endpoint, TOKEN), query)

    assert str(error) == f"Sourcegraph at {endpoint} {expected}"


@pytest.mark.parametrize(
    "query",
    [
        sg.INVALID_QUERY,
        sg.ERROR_QUERY,
        sg.CUT_SHORT_QUERY,
        sg.STALLED_QUERY,
        sg.HTML_QUERY,
        sg.REDIRECT_QUERY,
        sg.FORBIDDEN_QUERY,
        sg.SERVER_ERROR_QUERY,
    ],
)
def test_the_token_never_appears_in_errors_reprs_or_logs(
    stub: StubSourcegraph, query: str, caplog: pytest.LogCaptureFixture
) -> None:
    backend = LiveBackend(stub.url, TOKEN, timeout=0.5)

    with caplog.at_level(logging.DEBUG):
        error = search_error(backend, query)

    texts = [repr(backend), str(vars(backend)), caplog.text]
    cause: BaseException | None = error
    while cause is not None:
        texts += [str(cause), repr(cause)]
        cause = cause.__cause__ or cause.__context__
    assert not [text for text in texts if TOKEN in text]


def test_a_wrong_token_is_not_echoed_either(stub: StubSourcegraph) -> None:
    wrong = "sgp_ffffffffffffffffffffffffffffffffffffffff"

    error = search_error(LiveBackend(stub.url, wrong), "TODO")

    assert wrong not in str(error)
    assert wrong not in repr(error.__cause__)


# --- Configuration ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, None),
        ({"SRC_ENDPOINT": "  "}, None),
        ({"SRC_ACCESS_TOKEN": TOKEN}, None),
        (
            {"SRC_ENDPOINT": "https://sourcegraph.example.com/"},
            "LiveBackend('https://sourcegraph.example.com', token=None, timeout=30)",
        ),
        (
            {"SRC_ENDPOINT": "https://sourcegraph.example.com", "SRC_ACCESS_TOKEN": TOKEN},
            "LiveBackend('https://sourcegraph.example.com', token=<set>, timeout=30)",
        ),
    ],
)
def test_from_environment_reads_the_src_cli_variables(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str | None
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    backend = LiveBackend.from_environment()

    assert (repr(backend) if backend else None) == expected


def test_from_environment_searches_with_the_token_it_read(
    stub: StubSourcegraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SRC_ENDPOINT", stub.url)
    monkeypatch.setenv("SRC_ACCESS_TOKEN", f"{TOKEN}\n")
    backend = LiveBackend.from_environment(timeout=5)

    assert backend is not None
    assert len(backend.search(sg.RESULTS_QUERY)) == 5
    assert stub.requests[0].headers["authorization"] == f"token {TOKEN}"


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("sourcegraph.example.com", "must be an http(s) URL"),
        ("ftp://sourcegraph.example.com", "must be an http(s) URL"),
        ("https://admin:hunter2@sourcegraph.example.com", "must not contain credentials"),
    ],
)
def test_a_malformed_endpoint_is_a_config_error(endpoint: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(expected)) as caught:
        LiveBackend(endpoint, TOKEN)

    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("token", ["sgp_“pasted”", "sgp_abc def", "sgp_abc\nX-Injected: 1"])
def test_a_token_no_http_header_can_carry_is_a_config_error_that_does_not_echo_it(
    token: str,
) -> None:
    with pytest.raises(ConfigError, match="SRC_ACCESS_TOKEN has spaces or characters") as caught:
        LiveBackend("https://sourcegraph.example.com", token)

    assert "sgp_" not in str(caught.value)


# --- The event parser ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_parser_reads_fields_multiline_data_and_skips_comments(newline: str) -> None:
    text = newline.join(
        [
            ": connected",
            "event: progress",
            "id: 7",
            "retry: 1000",
            'data: {"matchCount":',
            "data:1}",
            "",
            "data: unnamed",
            "",
            "event: no-data",
            "",
            "data",
            "",
            "event: done",
            "data: {}",
            "",
            "event: cut-off",
            "data: {",
        ]
    )
    lines = [line.encode() for line in text.encode().decode().splitlines(keepends=True)]

    assert list(parse_events(lines)) == [
        ServerSentEvent("progress", '{"matchCount":\n1}'),
        ServerSentEvent("message", "unnamed"),
        ServerSentEvent("message", ""),
        ServerSentEvent("done", "{}"),
    ]


def test_events_split_across_reads_and_spread_over_data_lines_arrive_whole() -> None:
    body = encode_events(sg.RESULTS_EVENTS, comments=True, multiline_data=True)

    results = collect_results("TODO", parse_events(body.splitlines(keepends=True)))

    assert len(results) == 5
    assert results.match_count == 9


def test_connect_talks_to_the_live_instance_when_src_endpoint_is_set(
    stub: StubSourcegraph, monkeypatch: pytest.MonkeyPatch, corpus_dir: Path
) -> None:
    from kit.practice import connect, practice
    from kit.search import PracticeBackend

    monkeypatch.setenv("SRC_ENDPOINT", stub.url)
    monkeypatch.setenv("SRC_ACCESS_TOKEN", TOKEN)
    assert isinstance(connect(), LiveBackend)
    assert isinstance(connect(corpus_dir), PracticeBackend)  # an explicit corpus wins
    assert isinstance(practice(), PracticeBackend)  # what checks and grading use


def test_exercise_checks_stay_on_the_practice_corpus_with_a_live_instance_configured(
    stub: StubSourcegraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit.exercises import grade_query

    monkeypatch.setenv("SRC_ENDPOINT", stub.url)
    monkeypatch.setenv("SRC_ACCESS_TOKEN", TOKEN)
    grade_query("lang:py TODO", "lang:python TODO")  # the stub knows neither query
    assert stub.requests == []


def test_sgkit_search_endpoint_prints_the_live_results(
    stub: StubSourcegraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SRC_ACCESS_TOKEN", TOKEN)
    done = sgkit("search", "--json", "--endpoint", stub.url, sg.RESULTS_QUERY)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[-1]["done"] is True and lines[-1]["matchCount"] > 0  # the progress object
    assert [line["type"] for line in lines[:-1]] == ["content", "path", "repo", "content", "symbol"]
    assert TOKEN not in done.stdout + done.stderr

    monkeypatch.setenv("SRC_ACCESS_TOKEN", "sgp_wrong")
    refused = sgkit("search", "--endpoint", stub.url, sg.RESULTS_QUERY)
    assert refused.returncode == 2
    assert "refused the access token (HTTP 401): check SRC_ACCESS_TOKEN" in refused.stderr
