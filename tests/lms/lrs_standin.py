"""A stand-in learning record store for tests: an HTTP server in a thread that takes
`POST <endpoint>/statements` as an xAPI 1.0.3 LRS would, and checks what it receives against the
standard's rules (written from the xAPI 1.0.3 specification, independently of `kit.lms`):

- the request: `X-Experience-API-Version` 1.0.x, HTTP Basic auth with the configured key and
  secret (401 otherwise), a JSON statement or array of statements;
- each statement: only the properties the standard defines, no null values outside extensions;
  `id` a UUID; an `actor` with exactly one inverse functional identifier (`mbox` mailto: IRI,
  `mbox_sha1sum`, `openid` or `account` {homePage IRL, name}); `verb.id`, an Activity's `id`
  and `definition.type`, and extension keys absolute IRIs; language maps of strings;
  a voiding statement's object a StatementRef; `timestamp` ISO 8601 (not -00:00); a score's
  `scaled` within [-1, 1], `min` < `max` and `raw` within them; `registration` a UUID;
  `context.platform` not with an Agent or Group object;
- the batch: no id twice (400); an id the store holds with other content: 409; with the same
  content: accepted and not stored again; a voiding statement may not target a voiding one.

A rejected request stores nothing (400 with a JSON {"message"} naming the statement). Tests can
make the next requests fail with a chosen status (`fail_next`).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


class InvalidStatementError(Exception):
    """A statement breaks a rule of the standard."""


def is_absolute_iri(value: Any) -> bool:
    """An IRI with a scheme and something after it, without spaces."""
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*$", parts.scheme)) and bool(
        parts.netloc or parts.path
    )


def is_uuid(value: Any) -> bool:
    """A UUID in its standard string form (RFC 4122 variant)."""
    return isinstance(value, str) and bool(_UUID.match(value))


def _require(condition: bool, problem: str) -> None:
    if not condition:
        raise InvalidStatementError(problem)


def _no_nulls(value: Any, where: str) -> None:
    if value is None:
        raise InvalidStatementError(f"{where} is null")
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "extensions":
                _no_nulls(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _no_nulls(item, f"{where}[{index}]")


def _language_map(value: Any, where: str) -> None:
    _require(isinstance(value, dict), f"{where} is not a language map")
    for tag, text in value.items():
        _require(bool(_LANGUAGE_TAG.match(tag)), f"{where} has a bad language tag {tag!r}")
        _require(isinstance(text, str), f"{where}[{tag}] is not a string")


def _extensions(value: Any, where: str) -> None:
    _require(isinstance(value, dict), f"{where} is not an object")
    for key in value:
        _require(is_absolute_iri(key), f"{where} key {key!r} is not an absolute IRI")


def check_agent(agent: Any, where: str) -> None:
    """An Agent (or Group) as the standard defines it."""
    _require(isinstance(agent, dict), f"{where} is not an object")
    kind = agent.get("objectType", "Agent")
    _require(kind in ("Agent", "Group"), f"{where}.objectType {kind!r} is not Agent or Group")
    found = [key for key in IFIS if key in agent]
    if kind == "Agent" or not agent.get("member"):
        _require(len(found) == 1, f"{where} has {len(found)} inverse functional identifiers, not 1")
    else:
        _require(len(found) <= 1, f"{where} has {len(found)} inverse functional identifiers")
        for index, member in enumerate(agent["member"]):
            check_agent(member, f"{where}.member[{index}]")
    if "mbox" in agent:
        mbox = agent["mbox"]
        _require(
            isinstance(mbox, str) and mbox.startswith("mailto:") and "@" in mbox,
            f"{where}.mbox is not a mailto: IRI",
        )
    if "mbox_sha1sum" in agent:
        _require(
            bool(re.match(r"^[0-9a-f]{40}$", str(agent["mbox_sha1sum"]))),
            f"{where}.mbox_sha1sum is not a SHA-1 hex digest",
        )
    if "openid" in agent:
        _require(is_absolute_iri(agent["openid"]), f"{where}.openid is not an absolute IRI")
    if "account" in agent:
        account = agent["account"]
        _require(isinstance(account, dict), f"{where}.account is not an object")
        _require(
            set(account) == {"homePage", "name"}, f"{where}.account needs homePage and name only"
        )
        _require(
            is_absolute_iri(account["homePage"]), f"{where}.account.homePage is not an absolute IRL"
        )
        _require(
            isinstance(account["name"], str) and bool(account["name"]),
            f"{where}.account.name is empty",
        )
    if "name" in agent:
        _require(isinstance(agent["name"], str), f"{where}.name is not a string")


def _check_object(obj: Any, verb_id: str) -> str:
    _require(isinstance(obj, dict), "object is not an object")
    kind = obj.get("objectType", "Activity")
    if verb_id == VOIDED:
        _require(kind == "StatementRef", "a voiding statement's object is not a StatementRef")
    if kind == "Activity":
        _require(is_absolute_iri(obj.get("id")), "object.id is not an absolute IRI")
        definition = obj.get("definition", {})
        _require(isinstance(definition, dict), "object.definition is not an object")
        for key in ("name", "description"):
            if key in definition:
                _language_map(definition[key], f"object.definition.{key}")
        if "type" in definition:
            _require(is_absolute_iri(definition["type"]), "object.definition.type is not an IRI")
        if "extensions" in definition:
            _extensions(definition["extensions"], "object.definition.extensions")
    elif kind == "StatementRef":
        _require(is_uuid(obj.get("id")), "object.id of a StatementRef is not a UUID")
    elif kind in ("Agent", "Group"):
        check_agent(obj, "object")
    elif kind == "SubStatement":
        check_agent(obj.get("actor"), "object.actor")
        _require(is_absolute_iri((obj.get("verb") or {}).get("id")), "object.verb.id not an IRI")
    else:
        raise InvalidStatementError(f"object.objectType {kind!r} is not one the standard defines")
    return str(kind)


def _check_result(result: Any) -> None:
    _require(isinstance(result, dict), "result is not an object")
    for key in ("success", "completion"):
        if key in result:
            _require(isinstance(result[key], bool), f"result.{key} is not true or false")
    score = result.get("score")
    if score is None:
        pass
    else:
        _require(isinstance(score, dict), "result.score is not an object")
        numbers = {k: v for k, v in score.items() if k in ("scaled", "raw", "min", "max")}
        _require(set(score) == set(numbers), "result.score has a property the standard lacks")
        for key, value in numbers.items():
            _require(
                isinstance(value, int | float) and not isinstance(value, bool),
                f"result.score.{key} is not a number",
            )
        if "scaled" in score:
            _require(-1 <= score["scaled"] <= 1, "result.score.scaled is outside [-1, 1]")
        if "min" in score and "max" in score:
            _require(score["min"] < score["max"], "result.score.min is not below max")
        if "raw" in score:
            _require(score["raw"] >= score.get("min", score["raw"]), "result.score.raw < min")
            _require(score["raw"] <= score.get("max", score["raw"]), "result.score.raw > max")
    if "extensions" in result:
        _extensions(result["extensions"], "result.extensions")


def _check_context(context: Any, object_kind: str) -> None:
    _require(isinstance(context, dict), "context is not an object")
    if "registration" in context:
        _require(is_uuid(context["registration"]), "context.registration is not a UUID")
    for key in ("platform", "revision"):
        if key in context:
            _require(isinstance(context[key], str), f"context.{key} is not a string")
            _require(
                object_kind not in ("Agent", "Group"),
                f"context.{key} is not allowed when the object is an {object_kind}",
            )
    if "language" in context:
        _require(bool(_LANGUAGE_TAG.match(str(context["language"]))), "context.language bad tag")
    if "extensions" in context:
        _extensions(context["extensions"], "context.extensions")


def check_timestamp(value: Any, where: str = "timestamp") -> None:
    """An ISO 8601 date and time; the -00:00 offset is not allowed."""
    _require(isinstance(value, str) and bool(_TIMESTAMP.match(value)), f"{where} is not ISO 8601")
    _require(not value.endswith("-00:00"), f"{where} uses the -00:00 offset")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise InvalidStatementError(f"{where} is not a real date and time") from None


def check_statement(statement: Any) -> None:
    """Raise InvalidStatementError naming the first rule the statement breaks."""
    _require(isinstance(statement, dict), "a statement is not a JSON object")
    unknown = sorted(set(statement) - STATEMENT_KEYS)
    _require(not unknown, f"unknown properties {unknown}")
    _no_nulls(statement, "statement")
    if "id" in statement:
        _require(is_uuid(statement["id"]), "id is not a UUID")
    for key in ("actor", "verb", "object"):
        _require(key in statement, f"{key} is missing")
    check_agent(statement["actor"], "actor")
    verb = statement["verb"]
    _require(isinstance(verb, dict), "verb is not an object")
    _require(is_absolute_iri(verb.get("id")), "verb.id is not an absolute IRI")
    if "display" in verb:
        _language_map(verb["display"], "verb.display")
    kind = _check_object(statement["object"], str(verb["id"]))
    if "result" in statement:
        _check_result(statement["result"])
    if "context" in statement:
        _check_context(statement["context"], kind)
    if "timestamp" in statement:
        check_timestamp(statement["timestamp"])


@dataclass
class Received:
    """One request as the stand-in saw it."""

    headers: dict[str, str]
    body: bytes
    status: int


@dataclass
class StandinLrs:
    """The stand-in's state: accepted statements by id, every request, forced failures."""

    key: str
    secret: str
    endpoint: str = ""
    statements: dict[str, dict[str, Any]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, status: int, times: int = 1) -> None:
        """Answer the next `times` requests with `status` before looking at them."""
        self.failures.extend([status] * times)

    def voided(self) -> set[str]:
        """Ids of the statements a stored voiding statement targets."""
        return {s["object"]["id"] for s in self.statements.values() if s["verb"]["id"] == VOIDED}

    def post(self, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        """Handle `POST /statements`: (status, JSON answer)."""
        with self.lock:
            status, answer = self._post(headers, body)
            self.received.append(Received(headers, body, status))
            return status, answer

    def _post(self, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        if self.failures:
            status = self.failures.pop(0)
            return status, {"message": f"forced {status}"}
        expected = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        if headers.get("authorization") != f"Basic {expected}":
            return 401, {"message": "unknown key or secret"}
        version = headers.get("x-experience-api-version", "")
        if not re.match(r"^1\.0(\.\d+)?$", version):
            return 400, {"message": f"X-Experience-API-Version {version!r} is not 1.0.x"}
        if not headers.get("content-type", "").startswith("application/json"):
            return 400, {"message": "Content-Type is not application/json"}
        try:
            given = json.loads(body)
        except ValueError:
            return 400, {"message": "the body is not JSON"}
        batch = given if isinstance(given, list) else [given]
        ids: list[str] = []
        for index, statement in enumerate(batch):
            label = statement.get("id", f"#{index}") if isinstance(statement, dict) else index
            try:
                check_statement(statement)
            except InvalidStatementError as exc:
                return 400, {"message": f"statement {label}: {exc}"}
            ids.append(statement.get("id", ""))
        named = [i for i in ids if i]
        if len(named) != len(set(named)):
            return 400, {"message": "the batch holds an id twice"}
        voiding = {s["id"] for s in self.statements.values() if s["verb"]["id"] == VOIDED}
        for statement in batch:
            known = self.statements.get(statement.get("id", ""))
            if known is not None and known != statement:
                return 409, {"message": f"statement {statement['id']} differs from the stored one"}
            if statement["verb"]["id"] == VOIDED and statement["object"]["id"] in voiding:
                return 400, {"message": f"statement {statement['id']} voids a voiding statement"}
        stored = []
        for statement in batch:
            sid = statement.get("id") or str(uuid.uuid4())  # the LRS names an unnamed one
            self.statements.setdefault(sid, {**statement, "id": sid})
            stored.append(sid)
        return 200, stored


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        lrs = self.server.lrs
        if urlsplit(self.path).path != urlsplit(lrs.endpoint).path + "/statements":
            self._answer(404, {"message": f"no resource {self.path}"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self._answer(*lrs.post(headers, body))

    def _answer(self, status: int, answer: Any) -> None:
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Experience-API-Version", "1.0.3")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `received` instead."""


class _Server(ThreadingHTTPServer):
    lrs: StandinLrs


@contextmanager
def standin_lrs(key: str = "test-key", secret: str = "test-secret") -> Iterator[StandinLrs]:
    """A running stand-in LRS on a free loopback port; its xAPI endpoint is `.endpoint`."""
    server = _Server(("127.0.0.1", 0), _Handler)
    lrs = StandinLrs(key, secret)
    lrs.endpoint = f"http://127.0.0.1:{server.server_address[1]}/xapi"
    server.lrs = lrs
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield lrs
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
