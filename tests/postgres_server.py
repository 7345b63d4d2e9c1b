"""A throwaway PostgreSQL server for tests, run from Debian's `postgresql` package binaries.

`postgres_server()` initialises a fresh cluster in a temporary folder, starts it on a free
port of 127.0.0.1 with trust authentication, creates one database, yields its SQLAlchemy URL,
and on exit stops the server and deletes the folder. `make postgres-deps` installs the binaries.

PostgreSQL refuses to run as root, so when the tests run as root the cluster's folder is
handed to the `postgres` user (created by Debian's package) and the server runs as that user.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

__all__ = ["PostgresServerError", "find_bin_dir", "postgres_server"]

DEBIAN_LIB = Path("/usr/lib/postgresql")
SERVER_USER = "postgres"
# A throwaway cluster needs no durability; these make startup and writes much faster.
SETTINGS = """
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
"""
TIMEOUT = 60
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
PORT_ATTEMPTS = 5


class PostgresServerError(RuntimeError):
    """The throwaway PostgreSQL server could not be set up, started or stopped."""


def find_bin_dir() -> Path:
    """The bin folder of the newest PostgreSQL installed by Debian's packages."""
    found = [p.parent for p in DEBIAN_LIB.glob("*/bin/initdb") if (p.parent / "pg_ctl").exists()]
    if not found:
        raise PostgresServerError(
            f"no PostgreSQL server binaries under {DEBIAN_LIB}/<version>/bin/: "
            "run `make test` (which installs them) or `apt-get install postgresql`"
        )
    return max(found, key=lambda bin_dir: _version_key(bin_dir.parent.name))


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _clean_env() -> dict[str, str]:
    """This process's environment without PG* variables, which would redirect the tools."""
    return {key: value for key, value in os.environ.items() if not key.startswith("PG")}


def _run(
    args: list[str], *, cwd: Path, env: Mapping[str, str], what: str
) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise PostgresServerError(f"{what} timed out after {TIMEOUT}s: {args}") from error
    if result.returncode != 0:
        raise PostgresServerError(
            f"{what} failed (exit {result.returncode}): {args}\n{result.stdout}{result.stderr}"
        )
    return result


def _log_tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextmanager
def postgres_server(dbname: str = "test", user: str = "postgres") -> Iterator[str]:
    """Start a throwaway PostgreSQL server and yield a SQLAlchemy URL to a fresh database in it.

    The URL has the form ``postgresql+psycopg://USER@127.0.0.1:PORT/DBNAME``; `user` is the
    cluster's superuser, reachable without a password. The server listens on 127.0.0.1 only
    (no unix socket). On exit the server is stopped and its folder deleted.
    """
    for name in (dbname, user):
        if not IDENTIFIER.fullmatch(name):
            raise ValueError(f"not a plain identifier, unsafe in a URL: {name!r}")
    bin_dir = find_bin_dir()
    env = _clean_env()
    as_server_user: list[str] = []
    owner: pwd.struct_passwd | None = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise PostgresServerError(
                f"running as root, but there is no {SERVER_USER!r} user to run PostgreSQL as: "
                "run `make test` (which installs the package that creates it) "
                "or `apt-get install postgresql`"
            ) from None
        as_server_user = ["runuser", "-u", SERVER_USER, "--"]

    # Not pytest's tmp_path: as root that lives in a 0700 folder the server user can't enter.
    root = Path(tempfile.mkdtemp(prefix="pg-test-"))
    data, log = root / "data", root / "server.log"
    try:
        if owner is not None:
            os.chown(root, owner.pw_uid, owner.pw_gid)
        _run(
            [
                *as_server_user,
                str(bin_dir / "initdb"),
                f"--pgdata={data}",
                f"--username={user}",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ],
            cwd=root,
            env=env,
            what="initdb",
        )
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(SETTINGS)

        # A free port can be taken between probing and binding: try a few.
        for attempt in range(1, PORT_ATTEMPTS + 1):
            port = _free_port()
            start = [
                *as_server_user,
                str(bin_dir / "pg_ctl"),
                f"--pgdata={data}",
                f"--log={log}",
                f"--options=-p {port}",
                "--wait",
                f"--timeout={TIMEOUT}",
                "--silent",
                "start",
            ]
            log.unlink(missing_ok=True)
            try:
                _run(start, cwd=root, env=env, what="pg_ctl start")
            except PostgresServerError as error:
                if attempt < PORT_ATTEMPTS and "already in use" in _log_tail(log):
                    continue
                raise PostgresServerError(f"{error}\nserver log:\n{_log_tail(log)}") from None
            break

        _run(
            [
                str(bin_dir / "createdb"),
                "--host=127.0.0.1",
                f"--port={port}",
                f"--username={user}",
                dbname,
            ],
            cwd=root,
            env=env,
            what="createdb",
        )
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/{dbname}"
    finally:
        # Whether or not pg_ctl start reported success, a postmaster.pid means a server may run.
        if (data / "postmaster.pid").exists():
            stop = [
                *as_server_user,
                str(bin_dir / "pg_ctl"),
                f"--pgdata={data}",
                "--mode=immediate",
                "--wait",
                f"--timeout={TIMEOUT}",
                "--silent",
                "stop",
            ]
            # If it will not stop, keep its folder for a look rather than delete it under it.
            _run(stop, cwd=root, env=env, what=f"pg_ctl stop (server folder kept: {root})")
        shutil.rmtree(root, ignore_errors=True)
