"""The SQLite store: tokens kept only as SHA-256, a deterministic seed, a file that keeps the
instance between runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kit.practice.graphql import create_token, open_api, open_store
from kit.practice.graphql.store import token_hash
from kit.search import PracticeBackend


def test_only_the_sha256_of_a_token_is_stored(tmp_path: Path, practice: PracticeBackend) -> None:
    db = tmp_path / "practice.sqlite"
    api = open_api(practice, db)
    token = create_token(api.store, "alex")
    api.store.engine.dispose()
    rows = sqlite3.connect(db).execute("SELECT value_sha256 FROM access_tokens").fetchall()
    assert (token_hash(token),) in rows
    assert token.removeprefix("sgp_") not in db.read_bytes().decode("latin-1")


def test_the_seed_is_the_same_on_every_run(practice: PracticeBackend) -> None:
    first, second = open_api(practice, open_store()), open_api(practice, open_store())
    assert first.store.users() == second.store.users()
    assert first.store.services() == second.store.services()
    assert first.store.site_config().contents == second.store.site_config().contents
    admin = first.store.user_by_username("admin")
    assert admin is not None and admin.site_admin
    assert [s.kind for s in first.store.services()] == ["GITHUB", "GITLAB"]


def test_a_database_file_keeps_changes_and_is_not_seeded_twice(
    tmp_path: Path, practice: PracticeBackend
) -> None:
    db = tmp_path / "kept.sqlite"
    api = open_api(practice, db)
    api.store.create_user("kept", email="kept@example.com")
    token = create_token(api.store, "kept")
    api.store.engine.dispose()
    again = open_api(practice, db)
    assert (
        again.execute("{ currentUser { username } }", token=token)["data"]["currentUser"][
            "username"
        ]
        == "kept"
    )
    assert len(again.store.users()) == 4
