"""GraphQL exercises, judged by what the request does on a fresh practice instance.

A query is judged by the data it returns; a mutation by the state it leaves, read back with the
exercise's `probe` query. Each answer runs on its own fresh, seeded practice API (as the site
admin unless the exercise says `as_user`), so a learner's earlier experiments never change a
verdict. Two answers are equally right when they return the same data, however they are written
(variables, fragments, argument order). The visible check knows a fingerprint of the expected
data (`graphql:<shape>:<hash>`: the shape says whether the fields were right, the hash whether
the values were); the hidden test runs the instructor's reference and says what differs.

An API script exercise (`check_api_script`) asks for a Python function `f(endpoint, token)` that
calls the API over HTTP (httpx) and returns a report; it runs against a freshly served practice
instance that has a few more users than the learner's own, so a report copied by hand fails.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from kit.errors import ConfigError, KitError
from kit.exercises.queries import Verdict, not_a_query
from kit.exercises.sealing import is_sealed_hint, sealed_advice

_PREFIX = "graphql"
_SCRIPT_PREFIX = "report"

GRADING_USERS = (
    # username, email, site admin: added to the instance API scripts are graded on
    ("grader-ada", "ada@grading.example", True),
    ("grader-ben", "ben@grading.example", False),
    ("grader-cleo", "cleo@grading.example", False),
    ("grader-dev", "dev@grading.example", False),
)


def _fresh_api() -> Any:
    from kit.practice import practice
    from kit.practice.graphql import open_api

    return open_api(practice())


def _shape(value: Any, at: str = "") -> list[str]:
    """The field paths of a response (list items merged), e.g. `users.nodes.username`."""
    if isinstance(value, dict):
        paths: list[str] = []
        for key, item in value.items():
            path = f"{at}.{key}" if at else key
            paths += _shape(item, path) or [path]
        return paths
    if isinstance(value, list):
        return sorted({p for item in value for p in _shape(item, at)})
    return []


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def data_fingerprint(data: Any) -> str:
    """`graphql:<shape hash>:<data hash>` of a response's data."""
    shape = sorted(set(_shape(data)))
    return f"{_PREFIX}:{_digest(shape)[:8]}:{_digest(data)}"


def _first_error(response: Mapping[str, Any]) -> str:
    error = response["errors"][0]
    where = ".".join(str(p) for p in error.get("path") or [])
    return f"{error.get('message', error)}" + (f" (at {where})" if where else "")


def run_request(
    request: object,
    *,
    variables: Mapping[str, Any] | None = None,
    probe: str | None = None,
    as_user: str | None = None,
) -> tuple[Any, str]:
    """(data, "") of `request` run on a fresh practice instance (the `probe` query's data
    afterwards, when given), or (None, why it failed)."""
    problem = not_a_query(request, what="GraphQL request")
    if problem:
        return None, problem
    assert isinstance(request, str)
    api = _fresh_api()
    who = as_user or "admin"
    try:
        response = api.execute(request, dict(variables or {}), username=who)
    except KitError as exc:
        return None, f"The API refuses this request: {exc.message}"
    if response.get("errors"):
        return None, f"The API answers with an error: {_first_error(response)}"
    if probe is None:
        return response.get("data"), ""
    state = api.execute(probe, username="admin")
    if state.get("errors"):
        raise ConfigError(f"the exercise's probe query fails: {_first_error(state)}")
    return state.get("data"), ""


def reference_graphql_fingerprint(
    reference: str,
    *,
    variables: Mapping[str, Any] | None = None,
    probe: str | None = None,
    as_user: str | None = None,
) -> str:
    """The fingerprint a visible GraphQL check needs, from the instructor's reference request."""
    data, problem = run_request(reference, variables=variables, probe=probe, as_user=as_user)
    if problem:
        raise ConfigError(f"the reference GraphQL request fails: {problem}")
    return data_fingerprint(data)


def _shown(data: Any, width: int = 160) -> str:
    text = json.dumps(data, separators=(",", ":"))
    return text if len(text) <= width else text[: width - 1] + "…"


def _what_differs(mine: str, expected: str, data: Any, after: str) -> str:
    shape_ok = mine.split(":")[1] == expected.split(":")[1]
    if shape_ok:
        return f"the fields are right but the values are not: {after} {_shown(data)}"
    fields = ", ".join(sorted(set(_shape(data)))) or "no fields"
    return f"{after} these fields: {fields}; the exercise asks for others"


def _body(fingerprint: str) -> str:
    """A fingerprint without its kind prefix (`graphql:` or `report:`)."""
    return fingerprint.split(":", 1)[1]


def _near_miss(
    fingerprint: str, hints: Mapping[str, str], run: Callable[[str], tuple[Any, str]]
) -> str:
    """` Hint: ...` for the first near miss (a fingerprint, or a request or function source to
    run) whose result is the learner's, else ``."""
    sealed = sealed_advice(fingerprint, hints)
    if sealed:
        return f" Hint: {sealed}"
    for near_miss, advice in hints.items():
        if is_sealed_hint(near_miss):
            continue
        if near_miss.startswith((f"{_PREFIX}:", f"{_SCRIPT_PREFIX}:")):
            if _body(near_miss) == _body(fingerprint):
                return f" Hint: {advice}"
            continue
        data, problem = run(near_miss)
        if not problem and _body(data_fingerprint(data)) == _body(fingerprint):
            return f" Hint: {advice}"
    return ""


def judge_request_against_fingerprint(
    answer: object,
    expected: str,
    *,
    variables: Mapping[str, Any] | None = None,
    probe: str | None = None,
    as_user: str | None = None,
    hints: Mapping[str, str] | None = None,
) -> Verdict:
    """Judge a GraphQL request against a fingerprint: what a released notebook's check can do."""
    data, problem = run_request(answer, variables=variables, probe=probe, as_user=as_user)
    if problem:
        return Verdict(False, problem)
    mine = data_fingerprint(data)
    if mine == expected:
        return Verdict(True, _correct(probe))
    after = "afterwards the instance reports" if probe else "your request returns"
    message = f"Not yet: {_what_differs(mine, expected, data, after)}."
    return Verdict(
        False,
        message
        + _near_miss(
            mine,
            hints or {},
            lambda q: run_request(q, variables=variables, probe=probe, as_user=as_user),
        ),
    )


def _correct(probe: str | None) -> str:
    if probe:
        return "Correct: your request leaves the instance as the exercise asks."
    return "Correct: your request returns the data the exercise asks for."


def judge_request_against_reference(
    answer: object,
    reference: str,
    *,
    variables: Mapping[str, Any] | None = None,
    probe: str | None = None,
    as_user: str | None = None,
    near_misses: Mapping[str, str] | None = None,
) -> Verdict:
    """Judge a GraphQL request against the reference request: the hidden test's verdict."""
    expected = reference_graphql_fingerprint(
        reference, variables=variables, probe=probe, as_user=as_user
    )
    hints = dict(near_misses or {})
    return judge_request_against_fingerprint(
        answer, expected, variables=variables, probe=probe, as_user=as_user, hints=hints
    )


# --- API scripts ---------------------------------------------------------------------------


@contextmanager
def grading_instance() -> Iterator[tuple[str, str]]:
    """A fresh practice API, with the grading users added, served on 127.0.0.1 while the block
    runs; yields (endpoint, a site admin's access token)."""
    from kit.practice.graphql import create_token, serve_api
    from kit.practice.graphql.seed import SEED_TIME

    api = _fresh_api()
    for month, (username, email, admin) in enumerate(GRADING_USERS, start=1):
        when = SEED_TIME + timedelta(days=30 * month)  # fixed, so reports of dates are stable
        api.store.create_user(username, email=email, verified=True, site_admin=admin, at=when)
    token = create_token(api.store, note="grading")
    with serve_api(api) as endpoint:
        yield endpoint, token


def load_script(answer: object) -> tuple[Callable[[str, str], Any] | None, str]:
    """The function in `answer`: a callable, or Python source defining one (its last `def`).
    Source is executed here: call it only on trusted source or inside the sandbox."""
    if callable(answer):
        return answer, ""
    problem = not_a_query(answer, what="function")
    if problem:
        return None, "Your answer must be a function: def report(endpoint, token): ..."
    assert isinstance(answer, str)
    namespace: dict[str, Any] = {}
    try:
        exec(compile(answer, "<answer>", "exec"), namespace)
    except Exception as exc:
        return None, f"Your code does not run: {type(exc).__name__}: {exc}"
    functions = [v for k, v in namespace.items() if callable(v) and not k.startswith("__")]
    if not functions:
        return None, "Your answer must define a function: def report(endpoint, token): ..."
    return functions[-1], ""


def run_script_here(answer: object) -> tuple[Any, str]:
    """(report, "") of the function called on a fresh grading instance in this process, or
    (None, why it failed). For trusted source (the reference, near misses) and for a function
    object, which is already code running in this process (a learner's own kernel); the report
    must be JSON data (lists, dicts, strings, numbers)."""
    function, problem = load_script(answer)
    if function is None:
        return None, problem
    with grading_instance() as (endpoint, token):
        try:
            report = function(endpoint, token)
        except Exception as exc:
            return None, f"Your function raised {type(exc).__name__}: {exc}"
    try:
        return json.loads(json.dumps(report)), ""
    except (TypeError, ValueError):
        return (
            None,
            f"Your function must return JSON data (lists, dicts...), not a {type(report).__name__}.",
        )


SCRIPT_LIMITS_SECONDS = 20.0


def run_script(answer: object) -> tuple[Any, str]:
    """`run_script_here` for a learner's answer: source text runs in the sandbox (no network but
    its own loopback, where the grading instance is served; no gradebook, keys or tokens), and
    only the report comes back as data, wherever this is called: a learner's kernel, a judge."""
    if callable(answer) or not isinstance(answer, str):
        return run_script_here(answer)
    from kit.practice import default_corpus
    from kit.sandbox import SandboxCell, SandboxLimits, run_in_sandbox

    cell = SandboxCell(
        "from kit.exercises.graphql import run_script_here\n"
        f"answer = list(run_script_here({answer!r}))\n",
        answer_id="report",
    )
    result = run_in_sandbox(
        [cell], SandboxLimits(wall_seconds=SCRIPT_LIMITS_SECONDS), corpus=default_corpus()
    )
    if result.failure:
        return None, f"Your function was stopped: it {result.failure}."
    if "report" in result.errors:
        return None, f"Your function could not be run: {result.errors['report']}"
    answer_data = result.answers["report"]
    if not (isinstance(answer_data, list) and len(answer_data) == 2):
        return None, "Your function could not be run: it gave no report."
    report, problem = answer_data
    return report, str(problem)


def reference_script_fingerprint(reference: str) -> str:
    """The fingerprint a visible API script check needs, from the reference function's source."""
    report, problem = run_script_here(reference)
    if problem:
        raise ConfigError(f"the reference function fails: {problem}")
    return data_fingerprint(report).replace(_PREFIX, _SCRIPT_PREFIX, 1)


def judge_script_against_fingerprint(
    answer: object, expected: str, *, hints: Mapping[str, str] | None = None
) -> Verdict:
    """Judge an API script by the report it returns on the grading instance; the learner's
    source runs in the sandbox, never in the process that judges it."""
    report, problem = run_script(answer)
    if problem:
        return Verdict(False, problem)
    mine = data_fingerprint(report).replace(_PREFIX, _SCRIPT_PREFIX, 1)
    if mine == expected:
        return Verdict(True, "Correct: your function reports what the grading instance holds.")
    message = (
        "Not yet: on the grading instance (a fresh practice instance with a few more users than "
        f"yours), {_what_differs(mine, expected, report, 'your function returns')}."
    )
    return Verdict(False, message + _near_miss(mine, hints or {}, run_script_here))


def judge_script_against_reference(
    answer: object, reference: str, *, near_misses: Mapping[str, str] | None = None
) -> Verdict:
    """Judge an API script against the reference function's report: the hidden test's verdict."""
    return judge_script_against_fingerprint(
        answer, reference_script_fingerprint(reference), hints=near_misses
    )
