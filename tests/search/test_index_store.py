"""The search index is built on first use, saved, reused while the corpus is unchanged, and
rebuilt when a repository's HEAD moves or the saved files are damaged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kit.search import index_store, open_corpus
from kit.search.index_store import index_folder, open_index

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]


def make_corpus(root: Path, files: dict[str, str]) -> Path:
    repo = root / "git.example.org" / "team" / "tool"
    repo.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        (repo / path).write_text(text)
    if not (repo / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run([*GIT, "-C", str(repo), "add", "."], check=True)
    subprocess.run([*GIT, "-C", str(repo), "commit", "-qm", "change"], check=True)
    return root


def forbid_reading_git(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(root: Path) -> None:
        raise AssertionError(f"the corpus at {root} was read again instead of the saved index")

    monkeypatch.setattr(index_store, "read_corpus", fail)


def test_the_index_is_saved_and_reused_while_the_corpus_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(tmp_path / "corpus", {"a.py": "import requests  # TODO\n"})
    first = open_index(corpus)
    assert (index_folder(corpus) / "manifest.json").is_file()
    forbid_reading_git(monkeypatch)
    again = open_index(corpus)
    assert again.corpus.signature == first.corpus.signature
    assert [d.data for d in again.documents] == [d.data for d in first.documents]
    assert again.candidates("requests", content=True, path=False) == [0]


def test_a_new_commit_rebuilds_the_index(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", {"a.py": "old text\n"})
    assert open_corpus(corpus).search("fresh").matches == ()
    make_corpus(corpus, {"a.py": "fresh text\n"})
    (match,) = open_corpus(corpus).search("fresh").matches
    assert match.path == "a.py"


def test_a_damaged_index_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", {"a.py": "needle in a haystack\n"})
    open_index(corpus)
    (index_folder(corpus) / "content.tri").write_bytes(b"garbage")
    index = open_index(corpus)
    assert index.candidates("needle", content=True, path=False) == [0]


def test_an_unwritable_index_folder_keeps_the_index_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the index folder should be")
    monkeypatch.setenv(index_store.INDEX_DIR_ENV, str(blocked))
    corpus = make_corpus(tmp_path / "corpus", {"a.py": "still searchable\n"})
    index = open_index(corpus)
    assert index.folder is None
    assert index.candidates("searchable", content=True, path=False) == [0]


def test_symbols_are_extracted_once_and_saved_with_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(tmp_path / "corpus", {"shapes.py": "class Circle:\n    pass\n"})
    (symbol,) = open_index(corpus).symbols(0)
    assert (symbol.name, symbol.kind, symbol.line) == ("Circle", "class", 1)
    assert (index_folder(corpus) / "symbols.json").is_file()

    def no_ctags(files: object) -> None:
        raise AssertionError("ctags ran again although the symbols were saved")

    monkeypatch.setattr(index_store, "extract_symbols", no_ctags)
    assert open_index(corpus).symbols(0) == (symbol,)


def test_the_index_is_smaller_than_the_text_it_indexes(tmp_path: Path) -> None:
    text = "".join(
        f"def handler_{i}(request):\n    return render(request, {i})\n" for i in range(2000)
    )
    corpus = make_corpus(tmp_path / "corpus", {"views.py": text})
    index = open_index(corpus)
    assert index.size_bytes < len(text.encode())
