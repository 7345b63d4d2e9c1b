"""A benchmark corpus of real source: the packages installed in this virtualenv, as git repositories.

Each top-level package folder of `site-packages` becomes one repository at
`pypi.org/site-packages/<package>/` (the corpus layout `<host>/<org>/<name>/`), with its text files
(UTF-8, no NUL byte, at most 1 MB: what both the engine and ripgrep search) committed once. Packages
are taken in name order until the corpus holds `target_bytes`. The working tree is left checked out
so that ripgrep searches exactly the files the engine reads from HEAD.
"""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from pathlib import Path

from rich.progress import Progress

TEXT_SUFFIXES = {
    ".py", ".pyi", ".pyx", ".pxd", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".css", ".scss",
    ".html", ".json", ".md", ".rst", ".txt", ".c", ".h", ".cpp", ".toml", ".yaml", ".yml",
    ".cfg", ".ini", ".sh", ".xml",
}  # fmt: skip
MAX_FILE_BYTES = 1_000_000
STAMP = ".bench-corpus"


def site_packages() -> Path:
    """The `site-packages` folder of the running interpreter."""
    return Path(sysconfig.get_paths()["purelib"])


def _text_files(package: Path) -> list[tuple[Path, bytes]]:
    files: list[tuple[Path, bytes]] = []
    for path in sorted(package.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or path.is_symlink() or not path.is_file():
            continue
        if "__pycache__" in path.parts or path.stat().st_size > MAX_FILE_BYTES:
            continue
        data = path.read_bytes()
        if b"\0" in data or b"\r" in data:
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        files.append((path.relative_to(package), data))
    return files


def build_bench_corpus(dest: Path, target_bytes: int = 110_000_000) -> tuple[Path, int, int]:
    """Build (or reuse) the corpus at `dest`; return it with its size in bytes and file count."""
    stamp = dest / STAMP
    if stamp.is_file():
        size, count = (int(x) for x in stamp.read_text().split())
        if size >= target_bytes:
            return dest, size, count
    shutil.rmtree(dest, ignore_errors=True)
    packages = sorted(
        p
        for p in site_packages().iterdir()
        if p.is_dir() and p.name.isidentifier() and not p.name.startswith("_")
    )
    total = count = 0
    with Progress() as progress:
        task = progress.add_task("building benchmark corpus", total=target_bytes)
        for package in packages:
            files = _text_files(package)
            if not files:
                continue
            repo = dest / "pypi.org" / "site-packages" / package.name
            for rel, data in files:
                out = repo / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(data)
            _commit(repo)
            size = sum(len(data) for _, data in files)
            total += size
            count += len(files)
            progress.update(task, advance=size)
            if total >= target_bytes:
                break
    stamp.write_text(f"{total} {count}\n")
    return dest, total, count


def _commit(repo: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A", "--force")
    git(
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@example.com",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "snapshot",
    )
