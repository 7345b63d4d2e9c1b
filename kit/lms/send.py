"""Send statements to a learning record store: POST batches of JSON arrays to `<LRS>/statements`
with the xAPI version header and HTTP Basic auth from the environment, retry what the server
could not take (5xx, 429, a dropped connection), and name the statement an LRS rejects (a batch
answered 400/409/413 is split in halves until the rejected statement is alone). Every accepted
batch is recorded in the ledger at once.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from kit.errors import KitError
from kit.lms.ledger import Ledger
from kit.lms.statements import XAPI_VERSION, Statement

KEY_ENV = "SGKIT_LRS_KEY"
SECRET_ENV = "SGKIT_LRS_SECRET"
BATCH_SIZE = 50
ATTEMPTS = 4
_SPLIT = {400, 409, 413}  # answers about the batch's content: find the statement
_RETRY = {429}  # and every 5xx
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class LrsError(KitError):
    """The learning record store cannot be reached, refused the credentials or a statement."""


@dataclass(frozen=True)
class LrsCredentials:
    """The LRS's Basic auth key and secret (never shown in a repr or a message)."""

    key: str = field(repr=False)
    secret: str = field(repr=False)


def credentials_from_env(environ: Mapping[str, str] | None = None) -> LrsCredentials:
    """The key and secret from $SGKIT_LRS_KEY and $SGKIT_LRS_SECRET, or an LrsError."""
    env = os.environ if environ is None else environ
    key, secret = env.get(KEY_ENV, ""), env.get(SECRET_ENV, "")
    missing = [name for name, value in ((KEY_ENV, key), (SECRET_ENV, secret)) if not value]
    if missing:
        raise LrsError(
            f"set {' and '.join(missing)} to the LRS's Basic auth key and secret (environment "
            "only, never a file in the repository or a command-line argument)"
        )
    return LrsCredentials(key, secret)


def statements_url(endpoint: str) -> str:
    """`<endpoint>/statements`, once the endpoint is an https URL (http only on this machine)."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LrsError(f"the LRS endpoint {endpoint!r} is not an http(s) URL")
    if parts.scheme == "http" and parts.hostname not in _LOCAL_HOSTS:
        raise LrsError(
            f"the LRS endpoint {endpoint!r} is plain http: Basic auth would cross the network "
            "readable; use https"
        )
    return endpoint.rstrip("/") + "/statements"


@dataclass(frozen=True)
class SendReport:
    """What a run sent: statements accepted now, already in the ledger, requests and retries."""

    sent: int
    already_sent: int
    requests: int
    retries: int


@dataclass
class _Counters:
    requests: int = 0
    retries: int = 0


def send_statements(
    statements: Sequence[Statement],
    endpoint: str,
    credentials: LrsCredentials,
    ledger: Ledger,
    *,
    batch_size: int = BATCH_SIZE,
    attempts: int = ATTEMPTS,
    backoff: float = 1.0,
    timeout: float = 30.0,
    on_sent: Callable[[int], None] | None = None,
) -> SendReport:
    """Send the statements the ledger does not have, `batch_size` per request; `on_sent` hears
    how many each accepted request stored."""
    url = statements_url(endpoint)
    todo = ledger.unsent(statements)
    counters = _Counters()
    headers = {"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"}
    with httpx.Client(
        auth=(credentials.key, credentials.secret), headers=headers, timeout=timeout
    ) as client:
        sender = _Sender(client, url, ledger, counters, attempts, backoff, on_sent)
        for start in range(0, len(todo), max(batch_size, 1)):
            sender.send(todo[start : start + max(batch_size, 1)])
    return SendReport(len(todo), len(statements) - len(todo), counters.requests, counters.retries)


@dataclass
class _Sender:
    client: httpx.Client
    url: str
    ledger: Ledger
    counters: _Counters
    attempts: int
    backoff: float
    on_sent: Callable[[int], None] | None

    def send(self, batch: Sequence[Statement]) -> None:
        response = self._post(batch)
        status = response.status_code
        if status in (200, 204):
            self.ledger.record(batch)
            if self.on_sent is not None:
                self.on_sent(len(batch))
            return
        if status in _SPLIT and len(batch) > 1:
            middle = len(batch) // 2
            self.send(batch[:middle])
            self.send(batch[middle:])
            return
        reason = _reason(response)
        if status in (401, 403):
            raise LrsError(
                f"the LRS at {self.url} refused the credentials ({status} {reason}); check "
                f"${KEY_ENV} and ${SECRET_ENV}"
            )
        if len(batch) == 1:
            (one,) = batch
            raise LrsError(
                f"the LRS rejected statement {one.id} ({one.label}): {status} {reason}; the "
                "statements before it are recorded as sent, fix this one and run again"
            )
        raise LrsError(
            f"the LRS at {self.url} answered {status} {reason} to {len(batch)} statements"
        )

    def _post(self, batch: Sequence[Statement]) -> httpx.Response:
        body = json.dumps([dict(s.body) for s in batch], sort_keys=True)
        problem = ""
        for attempt in range(self.attempts):
            if attempt:
                self.counters.retries += 1
                time.sleep(self.backoff * 2 ** (attempt - 1))
            self.counters.requests += 1
            try:
                response = self.client.post(self.url, content=body)
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code >= 500 or response.status_code in _RETRY:
                problem = f"{response.status_code} {_reason(response)}"
                continue
            return response
        first = batch[0]
        raise LrsError(
            f"the LRS at {self.url} still fails after {self.attempts} attempts ({problem}); "
            f"nothing from statement {first.id} ({first.label}) on was sent, run again later"
        )


def _reason(response: httpx.Response) -> str:
    """The LRS's explanation in one short line."""
    text = " ".join(response.text.split())
    try:
        found = json.loads(response.text)
    except ValueError:
        found = None
    if isinstance(found, dict):
        text = str(found.get("message") or found.get("error") or text)
    text = text or response.reason_phrase
    return text if len(text) <= 200 else text[:197] + "..."
