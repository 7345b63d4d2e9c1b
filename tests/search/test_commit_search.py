"""`type:commit` and `type:diff` search over the practice corpus's real git history.

Expectations come from git itself (`git log` with its own revision, pickaxe and date options)
or from the story each history file tells, never from this engine's earlier output.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from rich.console import Console

from kit.errors import QuerySyntaxError
from kit.search.commits import CommitSearch, last_commit_date, missing_revisions, search_commits
from kit.search.corpus import find_repositories
from kit.search.diffs import FileHighlights, format_preview, parse_patch
from kit.search.git_dates import parse_git_date
from kit.search.git_log import read_history
from kit.search.render import result_lines
from kit.search.results import CommitMatch, Progress, SearchResults, render_html

BILLING = "github.com/acme/billing-service"
INVENTORY = "github.com/acme/inventory-service"
UIKIT = "github.com/acme/ui-kit"
TOOLS = "gitlab.example.com/platform/internal-tools"
LEAKED_KEY = "AKIAFAKETRAINING0001"


class Logged(NamedTuple):
    oid: str
    author: str
    email: str
    committer: str
    committed: datetime
    message: str


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)
    return done.stdout.decode()


def git_log(repo: Path, *args: str) -> list[Logged]:
    """`git log` with `args`, newest first, as git itself lists it."""
    out = git(repo, "log", "-z", "--format=%H%x1f%an%x1f%ae%x1f%cn%x1f%ct%x1f%B", *args)
    found = []
    for record in filter(None, out.split("\0")):
        oid, author, email, committer, committed, message = record.split("\x1f")
        when = datetime.fromtimestamp(int(committed), UTC)
        found.append(Logged(oid, author, email, committer, when, message.strip()))
    return found


def oids(logged: list[Logged]) -> list[str]:
    return [c.oid for c in logged]


def search(corpus: Path, repository: str, **spec: Any) -> list[CommitMatch]:
    """Search one repository of the corpus (as repository 7)."""
    return list(search_commits(corpus / repository, repository, 7, CommitSearch(**spec)))


def found(corpus: Path, repository: str, **spec: Any) -> list[str]:
    return [m.oid for m in search(corpus, repository, **spec)]


# --- type:commit: the message ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repository", "pattern"),
    [(BILLING, "uuid"), (INVENTORY, "release"), (INVENTORY, r"log4j|spring"), (UIKIT, "^bump")],
)
def test_type_commit_finds_exactly_the_commits_whose_message_matches(
    corpus_dir: Path, repository: str, pattern: str
) -> None:
    expected = [
        c for c in git_log(corpus_dir / repository, "HEAD") if re.search(pattern, c.message, re.I)
    ]
    assert expected
    assert found(corpus_dir, repository, patterns=(pattern,)) == oids(expected)


def test_keyword_terms_must_all_match_the_same_message(corpus_dir: Path) -> None:
    matches = search(corpus_dir, BILLING, patterns=("bump", r"v1\.5"))
    assert [m.subject for m in matches] == ["Bump github.com/google/uuid to v1.5.0"]
    lines = matches[0].content.splitlines()
    assert [lines[line][c : c + n] for line, c, n in matches[0].ranges] == ["Bump", "v1.5"]


def test_case_yes_makes_message_patterns_match_case(corpus_dir: Path) -> None:
    release = git_log(corpus_dir / BILLING, "release/1.4")
    for pattern in ("Hotfix", "hotfix"):
        expected = [c for c in release if re.search(pattern, c.message)]
        got = found(
            corpus_dir,
            BILLING,
            patterns=(pattern,),
            case_sensitive=True,
            revisions=("release/1.4",),
        )
        assert got == oids(expected)
    assert found(corpus_dir, BILLING, patterns=("Hotfix",), revisions=("release/1.4",))


def test_a_commit_counts_its_highlights_or_one_when_filters_alone_found_it(
    corpus_dir: Path,
) -> None:
    (bumps,) = search(corpus_dir, BILLING, patterns=("uuid", r"v1\.5"), message_include=("bump",))
    by_author = search(corpus_dir, BILLING, author_include=("dana",))
    assert bumps.match_count == len(bumps.ranges) == 3
    assert by_author and all(m.match_count == 1 and m.ranges == () for m in by_author)


# --- People, messages, dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("include", "exclude", "keep"),
    [
        (("dana",), (), lambda c: "dana" in c.author.lower()),
        ((r"ravi\.menon@",), (), lambda c: c.email.startswith("ravi.menon@")),
        ((r"acme\.example>$",), (), lambda c: c.email.endswith("acme.example")),
        ((), ("bot",), lambda c: "bot" not in f"{c.author} <{c.email}>".lower()),
        (("acme",), ("bot", "dana"), lambda c: c.author in ("Ravi Menon",)),
    ],
)
def test_author_filters_match_the_name_the_email_or_name_and_email(
    corpus_dir: Path,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    keep: Callable[[Logged], bool],
) -> None:
    expected = [c for c in git_log(corpus_dir / BILLING, "HEAD") if keep(c)]
    assert expected
    got = found(corpus_dir, BILLING, author_include=include, author_exclude=exclude)
    assert got == oids(expected)


def test_committer_filters_read_the_committer(corpus_dir: Path) -> None:
    history = git_log(corpus_dir / INVENTORY, "HEAD")
    oskar = [c for c in history if c.committer == "Oskar Berg"]
    everyone_else = [c for c in history if c.committer != "Oskar Berg"]
    assert oskar and everyone_else
    assert found(corpus_dir, INVENTORY, committer_include=("oskar",)) == oids(oskar)
    assert found(corpus_dir, INVENTORY, committer_exclude=("oskar",)) == oids(everyone_else)


def test_message_filters_keep_and_drop_commits_and_highlight_what_they_keep(
    corpus_dir: Path,
) -> None:
    matches = search(corpus_dir, BILLING, message_include=("uuid",), message_exclude=(r"1\.6",))
    expected = [
        c
        for c in git_log(corpus_dir / BILLING, "HEAD")
        if "uuid" in c.message.lower() and "1.6" not in c.message
    ]
    assert [m.oid for m in matches] == oids(expected)
    assert all(m.match_count >= 1 and m.ranges for m in matches)


def test_after_and_before_compare_the_committer_date_strictly(corpus_dir: Path) -> None:
    history = git_log(corpus_dir / BILLING, "HEAD")
    dockerfile = next(c for c in history if c.message == "Add a Dockerfile")
    moment = dockerfile.committed
    later = [c for c in history if c.committed > moment]
    earlier = [c for c in history if c.committed < moment]
    assert found(corpus_dir, BILLING, after=moment) == oids(later)
    assert found(corpus_dir, BILLING, after=moment.replace(tzinfo=None)) == oids(later)  # UTC
    assert found(corpus_dir, BILLING, before=moment) == oids(earlier)
    assert dockerfile.oid in found(corpus_dir, BILLING, after=moment - timedelta(seconds=1))
    between = found(corpus_dir, BILLING, after=earlier[0].committed, before=later[-1].committed)
    assert between == [dockerfile.oid]


def test_relative_dates_agree_with_gits_own_since_and_until(corpus_dir: Path) -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    after = parse_git_date("3 months ago", now)
    before = parse_git_date("2 weeks ago", now)
    expected = git_log(
        corpus_dir / INVENTORY,
        "HEAD",
        f"--since={after.isoformat()}",
        f"--until={before.isoformat()}",
    )
    assert expected
    assert found(corpus_dir, INVENTORY, after=after, before=before) == oids(expected)


# --- Revisions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("revisions", "git_args"),
    [
        ((), ["HEAD"]),
        (("HEAD",), ["HEAD"]),
        (("",), ["main"]),
        (("v1.2.0",), ["v1.2.0"]),
        (("refs/tags/v1.2.0",), ["v1.2.0"]),
        (("release/1.4",), ["release/1.4"]),
        (("feature/multi-currency",), ["feature/multi-currency"]),
        (("release/1.4", "feature/multi-currency"), ["release/1.4", "feature/multi-currency"]),
        (("v1.4.0", "^v1.3.0"), ["v1.3.0..v1.4.0"]),
        (("release/1.4", "^main"), ["main..release/1.4"]),
        (("*refs/heads/*",), ["--glob=refs/heads/*"]),
        (("*refs/heads/release",), ["--glob=refs/heads/release/*"]),
        (("*heads/feature/*",), ["--glob=refs/heads/feature/*"]),
        (("*refs/tags/*",), ["--glob=refs/tags/*"]),
        (
            ("*refs/heads/*", "*!refs/heads/release*"),
            ["--exclude=refs/heads/release*", "--glob=refs/heads/*"],
        ),
        (("main~3",), ["main~3"]),
    ],
)
def test_revisions_select_the_commits_git_log_would(
    corpus_dir: Path, revisions: tuple[str, ...], git_args: list[str]
) -> None:
    expected = git_log(corpus_dir / BILLING, *git_args)
    assert expected
    assert found(corpus_dir, BILLING, revisions=revisions) == oids(expected)


def test_a_commit_id_or_a_unique_prefix_names_that_commit(corpus_dir: Path) -> None:
    dockerfile = next(
        c for c in git_log(corpus_dir / BILLING, "HEAD") if c.message == "Add a Dockerfile"
    )
    expected = oids(git_log(corpus_dir / BILLING, dockerfile.oid))
    assert found(corpus_dir, BILLING, revisions=(dockerfile.oid,)) == expected
    assert found(corpus_dir, BILLING, revisions=(dockerfile.oid[:8],)) == expected


def test_hotfixes_made_only_on_a_release_branch_are_not_on_the_default_branch(
    corpus_dir: Path,
) -> None:
    """billing-service's story: hotfixes on release/1.4 that never went back to main."""
    on_release = search(corpus_dir, BILLING, patterns=("hotfix",), revisions=("release/1.4",))
    assert [m.subject.split(":")[0] for m in on_release] == ["Hotfix", "Hotfix"]
    assert search(corpus_dir, BILLING, patterns=("hotfix",)) == []


def test_a_revision_the_repository_lacks_finds_nothing_and_is_reported(corpus_dir: Path) -> None:
    revisions = ("no-such-branch", "*refs/heads/nothing-here/*", "main")
    assert missing_revisions(corpus_dir / BILLING, revisions) == revisions[:2]
    assert found(corpus_dir, BILLING, revisions=revisions) == oids(git_log(corpus_dir / BILLING))
    assert found(corpus_dir, BILLING, revisions=("no-such-branch",)) == []
    assert found(corpus_dir, BILLING, revisions=("--all",)) == []


def test_every_repository_lists_its_whole_history_newest_first_as_git_log_does(
    corpus_dir: Path,
) -> None:
    for repo in find_repositories(corpus_dir):
        name = repo.relative_to(corpus_dir).as_posix()
        expected = oids(git_log(repo, "--all"))
        assert found(corpus_dir, name, revisions=("*refs/*", "HEAD")) == expected, name


# --- type:diff ---------------------------------------------------------------------------------


def changed_lines(repo: Path, oid: str, prefix: str) -> list[str]:
    """The added (`+`) or removed (`-`) lines of a commit, as `git show` prints them."""
    patch = git(repo, "show", "--format=", "--no-renames", oid)
    return [
        line[1:]
        for line in patch.splitlines()
        if line.startswith(prefix) and not line.startswith(prefix * 3)
    ]


def test_diff_search_finds_the_commit_that_added_a_secret_and_the_one_that_removed_it(
    corpus_dir: Path,
) -> None:
    """internal-tools' story: AWS keys in the backup script, removed the next day."""
    repo = corpus_dir / TOOLS
    touching = oids(git_log(repo, "HEAD", "--no-renames", f"-G{LEAKED_KEY}"))
    added = [o for o in touching if any(LEAKED_KEY in x for x in changed_lines(repo, o, "+"))]
    removed = [o for o in touching if any(LEAKED_KEY in x for x in changed_lines(repo, o, "-"))]

    assert found(corpus_dir, TOOLS, diff=True, patterns=(LEAKED_KEY,)) == touching
    adding = search(corpus_dir, TOOLS, diff=True, patterns=(LEAKED_KEY,), select="added")
    removing = search(corpus_dir, TOOLS, diff=True, patterns=(LEAKED_KEY,), select="removed")
    assert [m.oid for m in adding] == added
    assert [m.oid for m in removing] == removed
    assert [m.subject for m in adding] == ["Nightly warehouse backup to S3"]
    assert [m.subject for m in removing] == ["Remove leaked AWS credentials from the backup script"]
    for match, prefix in ((adding[0], "+"), (removing[0], "-")):
        lines = match.content.splitlines()
        assert [lines[line][0] for line, _, _ in match.ranges] == [prefix]
        assert [lines[ln][c : c + n] for ln, c, n in match.ranges] == [LEAKED_KEY]


@pytest.mark.parametrize("word", ["timeout", "password", "TODO", "log4j", "formatPrice", "uuid"])
def test_diff_search_finds_the_commits_whose_added_or_removed_lines_match_as_git_pickaxe_does(
    corpus_dir: Path, word: str
) -> None:
    hits = 0
    for repo in find_repositories(corpus_dir):
        name = repo.relative_to(corpus_dir).as_posix()
        expected = oids(git_log(repo, "HEAD", "--no-renames", f"-G{word}"))
        assert found(corpus_dir, name, diff=True, patterns=(word,), case_sensitive=True) == expected
        hits += len(expected)
    assert hits


def test_a_diff_match_previews_the_matching_lines_as_sourcegraph_formats_them(
    corpus_dir: Path,
) -> None:
    (match,) = search(corpus_dir, TOOLS, diff=True, patterns=(LEAKED_KEY,), select="removed")
    assert match.content == (
        "```diff\n"
        "scripts/backup-warehouse.sh scripts/backup-warehouse.sh\n"
        "@@ -4,3 +4,1 @@ \n"
        " \n"
        '-export AWS_ACCESS_KEY_ID="AKIAFAKETRAINING0001"\n'
        '-export AWS_SECRET_ACCESS_KEY="fakeTrainingSecretKey/NotReal/0000000001"\n'
        "\n"
        "```"
    )
    assert match.ranges == ((4, 27, 20),)


def headers(match: CommitMatch) -> list[str]:
    """The `old new` file lines of a diff preview."""
    return [line for line in match.preview.splitlines() if line and line[0] not in "+- @"]


def test_a_file_filter_keeps_only_matching_files_and_highlights_their_names(
    corpus_dir: Path,
) -> None:
    """internal-tools' story: the same AWS key variable in a script, an example .env and docs."""
    key = ("AWS_ACCESS_KEY_ID",)
    everywhere = search(corpus_dir, TOOLS, diff=True, patterns=key)
    scripts = search(corpus_dir, TOOLS, diff=True, patterns=key, file_include=(r"\.sh$",))
    not_docs = search(corpus_dir, TOOLS, diff=True, patterns=key, file_exclude=("^docs/",))

    assert {h.split()[-1] for m in everywhere for h in headers(m)} == {
        "scripts/backup-warehouse.sh",
        ".env.example",
        "docs/credentials.md",
    }
    assert [m.oid for m in scripts] == [
        m.oid for m in everywhere if any(h.endswith(".sh") for h in headers(m))
    ]
    assert [m.oid for m in not_docs] == [m.oid for m in everywhere]  # each has a file elsewhere
    assert {h.split()[-1] for m in not_docs for h in headers(m)} == {
        "scripts/backup-warehouse.sh",
        ".env.example",
    }
    for match in scripts:
        assert [h.split()[-1] for h in headers(match)] == ["scripts/backup-warehouse.sh"]
        header = match.preview.splitlines()[0]
        marked = [header[c : c + n] for line, c, n in match.highlights if line == 0]
        assert marked and set(marked) == {".sh"}


def test_a_file_filter_on_type_commit_keeps_commits_that_change_such_a_file(
    corpus_dir: Path,
) -> None:
    expected = oids(git_log(corpus_dir / BILLING, "HEAD", "--", "Dockerfile"))
    assert found(corpus_dir, BILLING, file_include=("^Dockerfile$",)) == expected


def test_without_a_pattern_a_diff_shows_every_file_and_cuts_long_hunks(corpus_dir: Path) -> None:
    first = git_log(corpus_dir / BILLING, "HEAD")[-1]
    (match,) = search(corpus_dir, BILLING, diff=True, revisions=(first.oid,))
    assert match.preview.splitlines()[0] == "/dev/null README.md"
    assert "/dev/null main.go" in match.preview.splitlines()
    assert "@@ -0,0 +1,7 @@ ... +7" in match.preview.splitlines()
    assert match.match_count == 1


def test_select_removed_without_a_pattern_keeps_commits_that_remove_lines(corpus_dir: Path) -> None:
    repo = corpus_dir / BILLING
    removing = [o for o in oids(git_log(repo, "HEAD")) if changed_lines(repo, o, "-")]
    assert found(corpus_dir, BILLING, diff=True, select="removed") == removing


def test_merge_commits_have_no_diff(corpus_dir: Path) -> None:
    merges = oids(git_log(corpus_dir / UIKIT, "HEAD", "--merges"))
    assert merges
    assert found(corpus_dir, UIKIT, patterns=("^merge branch",)) == merges
    merge_diffs = search(corpus_dir, UIKIT, diff=True, message_include=("^Merge branch",))
    assert [(m.oid, m.preview) for m in merge_diffs] == [(merges[0], "")]
    assert not set(merges) & set(found(corpus_dir, UIKIT, diff=True, patterns=("usage",)))


def test_select_needs_type_diff_and_bad_regular_expressions_are_named() -> None:
    with pytest.raises(QuerySyntaxError, match="type:diff"):
        CommitSearch(select="added")
    with pytest.raises(QuerySyntaxError, match=r"invalid regular expression /\(unclosed/"):
        CommitSearch(diff=True, patterns=("(unclosed",))
    with pytest.raises(QuerySyntaxError, match=r"/\[a-/"):
        CommitSearch(author_include=("[a-",))


# --- Sourcegraph's diff preview, from its own test -----------------------------------------------


def test_the_preview_format_reproduces_sourcegraphs_own_example() -> None:
    """internal/gitserver/search/diff_format_test.go, "last line matches"."""
    raw = (
        "diff --git a/.mailmap b/.mailmap\n"
        "index dbace57d5f..53357b4971 100644\n"
        "--- file with spaces\n"
        "+++ new file with spaces\n"
        "@@ -59,3 +59,4 @@ Unknown <u@gogs.io> 无闻 <u@gogs.io>\n"
        " Renovate Bot <bot@renovateapp.com> renovate[bot] <renovate[bot]@users.noreply.github.com>\n"
        " Matt King <kingy895@gmail.com> Matthew King <kingy895@gmail.com>\n"
        "+Camden Cheek <camden@sourcegraph.com> Camden Cheek <camden@ccheek.com>\n"
    )
    (diff,) = parse_patch(raw)
    preview, ranges = format_preview([(diff, FileHighlights(lines={0: {2: ((0, 6),)}}))])
    assert preview == (
        "file\\ with\\ spaces new\\ file\\ with\\ spaces\n"
        "@@ -60,1 +60,2 @@ Unknown <u@gogs.io> 无闻 <u@gogs.io>\n"
        " Matt King <kingy895@gmail.com> Matthew King <kingy895@gmail.com>\n"
        "+Camden Cheek <camden@sourcegraph.com> Camden Cheek <camden@ccheek.com>\n"
    )
    assert ranges == ((3, 1, 6),)


# --- The streaming API's shape, and how results show ---------------------------------------------


def test_a_commit_match_has_the_streaming_apis_commit_shape(corpus_dir: Path) -> None:
    (match,) = search(corpus_dir, BILLING, patterns=("dockerfile",))
    out = match.to_json()
    assert list(out) == [
        "type",
        "label",
        "url",
        "detail",
        "repositoryID",
        "repository",
        "oid",
        "message",
        "authorName",
        "authorDate",
        "committerName",
        "committerDate",
        "content",
        "ranges",
    ]
    url = f"/{BILLING}/-/commit/{match.oid}"
    assert out["type"] == "commit" and out["url"] == url
    assert (
        out["label"]
        == f"[acme/billing-service](/{BILLING}) › [Dana Okafor]({url}): [Add a Dockerfile]({url})"
    )
    assert re.fullmatch(rf"\[`{match.oid[:7]}` .+ ago\]\({re.escape(url)}\)", out["detail"])
    assert out["repositoryID"] == 7 and out["repository"] == BILLING
    assert out["message"] == "Add a Dockerfile" and out["authorName"] == "Dana Okafor"
    assert out["authorDate"] == out["committerDate"] == "2025-09-12T14:30:00Z"
    assert out["content"] == "```COMMIT_EDITMSG\nAdd a Dockerfile\n```"
    assert out["ranges"] == [[1, 6, 10]]


def test_a_diff_match_is_a_commit_match_with_a_diff_block(corpus_dir: Path) -> None:
    (match,) = search(corpus_dir, TOOLS, diff=True, patterns=(LEAKED_KEY,), select="removed")
    out = match.to_json()
    assert out["type"] == "commit"
    assert out["content"].startswith("```diff\nscripts/backup-warehouse.sh ")
    assert out["content"].endswith("\n```")
    assert out["message"].startswith("Remove leaked AWS credentials")


def test_commit_results_show_in_html_and_in_the_terminal(corpus_dir: Path) -> None:
    matches = tuple(search(corpus_dir, TOOLS, diff=True, patterns=(LEAKED_KEY,)))
    matches += tuple(search(corpus_dir, BILLING, patterns=("dockerfile",)))
    results = SearchResults(
        query="type:diff AKIA",
        matches=matches,
        progress=Progress(sum(m.match_count for m in matches), 1, 2),
    )
    page = render_html(results)
    assert f"<mark>{LEAKED_KEY}</mark>" in page and "<mark>Dockerfile</mark>" in page
    assert "Nightly warehouse backup to S3" in page and "background:#ffebe9" in page

    console = Console(width=200, record=True, color_system="truecolor")
    for line in result_lines(results):
        console.print(line)
    text = console.export_text()
    assert f"{TOOLS} › Sam Kowalczyk: Nightly warehouse backup to S3" in text
    assert f'+export AWS_ACCESS_KEY_ID="{LEAKED_KEY}"' in text


# --- repo:has.commit.after, and speed ------------------------------------------------------------


def test_the_last_commit_date_is_the_newest_committer_date_on_the_branch(corpus_dir: Path) -> None:
    for revision in ("HEAD", "release/1.4"):
        newest = git_log(corpus_dir / BILLING, "-1", revision)[0].committed
        assert last_commit_date(corpus_dir / BILLING, revision) == newest
    assert last_commit_date(corpus_dir / BILLING, "no-such-branch") is None


def test_a_repeated_search_of_the_whole_corpus_reuses_the_history_it_read(
    corpus_dir: Path,
) -> None:
    repos = find_repositories(corpus_dir)
    spec = CommitSearch(diff=True, patterns=("password",))
    for repo in repos:
        list(search_commits(repo, repo.name, 1, spec))
    histories = [read_history(repo) for repo in repos]
    started = time.perf_counter()
    for repo in repos:
        list(search_commits(repo, repo.name, 1, spec))
    elapsed = time.perf_counter() - started
    assert [read_history(repo) for repo in repos] == histories
    assert all(a is b for a, b in zip(histories, map(read_history, repos), strict=True))
    assert elapsed < 0.5, f"{elapsed:.3f} s: the history should not be read again"


def test_a_new_commit_is_found_by_the_next_search(tmp_path: Path) -> None:
    repo = tmp_path / "example.com" / "acme" / "scratch"
    repo.mkdir(parents=True)
    env = ["-c", "user.name=Ada", "-c", "user.email=ada@example.com"]
    git(repo, "init", "--quiet", "--initial-branch=main")
    (repo / "a.txt").write_text("alpha\n")
    git(repo, "add", "a.txt")
    git(repo, *env, "commit", "--quiet", "-m", "First")
    assert [m.subject for m in search(tmp_path, "example.com/acme/scratch")] == ["First"]
    (repo / "a.txt").write_text("alpha\nbeta\n")
    git(repo, *env, "commit", "--quiet", "-am", "Second")
    got = search(tmp_path, "example.com/acme/scratch", diff=True, patterns=("beta",))
    assert [m.subject for m in got] == ["Second"]
