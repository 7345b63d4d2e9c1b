"""The two Sourcegraphs `connect()` hands out, with one interface: `.search`, `.graphql`,
`.batch_preview`, `.validate_site_config` and `.validate_code_host_connection`.

Both also draw Code Insights series (`.insight`, practice only) and run code monitors
(`.monitor`). `PracticeSourcegraph` answers everything locally: search over the corpus index,
GraphQL in process against a seeded practice store, batch previews in sandboxed scratch
checkouts, and configuration checks against the shipped schemas. `LiveSourcegraph` sends search and GraphQL to
the instance at `SRC_ENDPOINT` with `SRC_ACCESS_TOKEN` (as the src CLI does); configuration is
still checked locally (the schemas are offline data), and batch previews stay on the practice
corpus, since previewing on a live instance is `src batch preview`'s job.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from kit.errors import PracticeError
from kit.search import PracticeBackend
from kit.search.live import LiveBackend

if TYPE_CHECKING:
    from kit.practice.batch import BatchPreview, BatchSpec
    from kit.practice.graphql import PracticeAPI
    from kit.practice.insights import InsightSeries, Step
    from kit.practice.monitors import MonitorRun
    from kit.practice.site_config import ValidationReport

GRAPHQL_PATH = "/.api/graphql"


class PracticeSourcegraph(PracticeBackend):
    """The practice Sourcegraph over a local corpus (see the module docstring)."""

    _api: PracticeAPI | None = None
    _admin_token: str | None = None

    @property
    def api(self) -> PracticeAPI:
        """The in-process GraphQL API over this corpus (a fresh, seeded in-memory store)."""
        if self._api is None:
            from kit.practice.graphql import open_api

            self._api = open_api(self)
        return self._api

    def graphql(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        """Run a GraphQL request as the holder of `token` (default: the practice site admin's
        own token); return the response (`data`, and `errors` if any)."""
        return self.api.execute(query, variables, token=token or self.admin_token)

    @property
    def admin_token(self) -> str:
        """An access token of the practice site admin, made on first use."""
        if self._admin_token is None:
            from kit.practice.graphql import create_token

            self._admin_token = create_token(self.api.store, note="practice notebook")
        return self._admin_token

    def insight(self, query: str, *, step: Step = "month", label: str = "") -> InsightSeries:
        """The Code Insights series `query` draws over this corpus's history: its match count
        at 12 points one `step` apart, ending at the newest commit."""
        from kit.practice.insights import insight_series

        return insight_series(self, query, step=step, label=label)

    def monitor(self, query: str, *, since: str | date) -> MonitorRun:
        """What a code monitor with this `type:commit`/`type:diff` query reports for the
        commits made after `since` (an ISO day or a date)."""
        from kit.practice.monitors import run_monitor

        return run_monitor(self, query, since=since)

    def batch_preview(self, spec: str | Path | BatchSpec) -> BatchPreview:
        """Preview a batch spec (a file, YAML text or a loaded spec) on this corpus."""
        return _batch_preview(spec, self.corpus.root)

    def validate_site_config(self, config: str | Path) -> ValidationReport:
        """Check a site configuration (JSONC text or a file) and explain each problem."""
        from kit.practice.site_config import validate_site_config

        return validate_site_config(config)

    def validate_code_host_connection(self, kind: str, config: str | Path) -> ValidationReport:
        """Check a `kind` (github, gitlab) code host connection and which repositories of this
        corpus it would mirror."""
        from kit.practice.site_config import validate_code_host_connection

        return validate_code_host_connection(kind, config, corpus=self.corpus.root)


class LiveSourcegraph(LiveBackend):
    """A live Sourcegraph: search and GraphQL go to the instance (see the module docstring)."""

    def graphql(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        """POST the request to the instance's `/.api/graphql` with `token` (default: the
        `SRC_ACCESS_TOKEN` this instance was opened with); return the response."""
        credential = token or (self._token.reveal() if self._token else None)
        headers = {"Authorization": f"token {credential}"} if credential else {}
        try:
            reply = httpx.post(
                f"{self.endpoint}{GRAPHQL_PATH}",
                json={"query": query, "variables": variables or {}},
                headers=headers,
                timeout=self.timeout,
            )
        except httpx.HTTPError as exc:
            raise PracticeError(
                f"cannot reach {self.endpoint} ({exc}): check SRC_ENDPOINT", where=GRAPHQL_PATH
            ) from exc
        if reply.status_code != 200:
            detail = (
                reply.text.strip().splitlines()[0] if reply.text.strip() else reply.reason_phrase
            )
            raise PracticeError(
                f"HTTP {reply.status_code} from {self.endpoint}: {detail}"
                + (" (check SRC_ACCESS_TOKEN)" if reply.status_code in (401, 403) else ""),
                where=GRAPHQL_PATH,
            )
        result: dict[str, Any] = reply.json()
        return result

    def insight(self, query: str, *, step: Step = "month", label: str = "") -> InsightSeries:
        """Not offered on a live instance: its Code Insights page draws series from its own
        history; the practice corpus's series are `connect(corpus).insight(...)`."""
        raise PracticeError(
            "insight series are drawn on the practice corpus only: create the insight in your "
            f"Sourcegraph's Code Insights page ({self.endpoint}/insights)"
        )

    def monitor(self, query: str, *, since: str | date) -> MonitorRun:
        """What a code monitor with this query reports for the instance's commits after `since`."""
        from kit.practice.monitors import run_monitor

        return run_monitor(self, query, since=since)

    def batch_preview(self, spec: str | Path | BatchSpec) -> BatchPreview:
        """Preview a batch spec on the practice corpus (a live preview is `src batch preview`)."""
        from kit.practice.corpus_builder import default_corpus

        return _batch_preview(spec, default_corpus())

    def validate_site_config(self, config: str | Path) -> ValidationReport:
        """Check a site configuration locally against the shipped schema."""
        from kit.practice.site_config import validate_site_config

        return validate_site_config(config)

    def validate_code_host_connection(self, kind: str, config: str | Path) -> ValidationReport:
        """Check a code host connection locally; repository selection is computed on the
        practice corpus (the live code host is never contacted)."""
        from kit.practice.site_config import validate_code_host_connection

        return validate_code_host_connection(kind, config)


def _batch_preview(spec: str | Path | BatchSpec, corpus: Path) -> BatchPreview:
    from kit.practice.batch import BatchSpec, load_spec, parse_spec, preview_batch_change

    if isinstance(spec, BatchSpec):
        loaded = spec
    elif isinstance(spec, Path) or "\n" not in spec:
        loaded = load_spec(Path(spec))
    else:
        loaded = parse_spec(spec)
    return preview_batch_change(loaded, corpus)
