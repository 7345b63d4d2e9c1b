"""What was sent to which LRS: one JSON line per statement the LRS accepted, appended after each
accepted batch, so the next run sends only new statements and a run cut short loses nothing it
was told was stored. A half-written last line (a crash while appending) is ignored: its
statements are sent again, which an LRS takes without storing them twice (the ids are
deterministic)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from kit.errors import ConfigError
from kit.lms.statements import Statement


def ledger_path(folder: Path, endpoint: str) -> Path:
    """The ledger of one LRS endpoint in `folder` (one file per endpoint)."""
    digest = hashlib.sha256(endpoint.rstrip("/").encode()).hexdigest()[:16]
    return folder / f"xapi-sent-{digest}.jsonl"


class Ledger:
    """The statement ids an LRS has accepted, read from and appended to a JSON Lines file."""

    def __init__(self, path: Path, endpoint: str) -> None:
        self.path = path
        self.endpoint = endpoint.rstrip("/")
        self._sent: set[str] = set()
        if path.is_file():
            self._read()

    def _read(self) -> None:
        text = self.path.read_text(encoding="utf-8")
        lines = text.split("\n")
        complete = lines if text.endswith("\n") else lines[:-1]  # a torn last line is ignored
        for number, line in enumerate(complete, start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                sid, endpoint = str(entry["id"]), str(entry["lrs"])
            except (ValueError, KeyError, TypeError):
                raise ConfigError(
                    f"line {number} is not a ledger entry; move the file away to send everything "
                    "again (the LRS keeps what it already has)",
                    where=self.path,
                ) from None
            if endpoint != self.endpoint:
                raise ConfigError(
                    f"line {number} records LRS {endpoint}, not {self.endpoint}; give each LRS "
                    "its own ledger",
                    where=self.path,
                )
            self._sent.add(sid)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self._sent

    def __len__(self) -> int:
        return len(self._sent)

    def unsent(self, statements: Iterable[Statement]) -> list[Statement]:
        """The statements this LRS has not accepted yet, in their order."""
        return [s for s in statements if s.id not in self._sent]

    def record(self, statements: Iterable[Statement]) -> None:
        """Append accepted statements and flush them to disk."""
        new = [s for s in statements if s.id not in self._sent]
        if not new:
            return
        at = datetime.now(UTC).replace(microsecond=0).isoformat()
        lines = "".join(
            json.dumps({"id": s.id, "lrs": self.endpoint, "label": s.label, "sent_at": at}) + "\n"
            for s in new
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(lines)
            handle.flush()
            os.fsync(handle.fileno())
        self._sent.update(s.id for s in new)
