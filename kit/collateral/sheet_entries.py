"""The cheat sheet's content: sections of entries, each with the query syntax it documents, a
short explanation and example queries that return results on the practice corpus."""

from __future__ import annotations

from dataclasses import dataclass

from kit.search.symbol_kinds import SYMBOL_KINDS


@dataclass(frozen=True)
class Entry:
    """One line of the sheet: the syntax it shows (exact query words), what it does, examples."""

    syntax: tuple[str, ...]
    explanation: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A titled group of entries."""

    title: str
    entries: tuple[Entry, ...]


def _e(syntax: str, explanation: str, *examples: str) -> Entry:
    return Entry(tuple(syntax.split(", ")), explanation, examples)


SECTIONS: tuple[Section, ...] = (
    Section(
        "Pattern types",
        (
            _e("patterntype:keyword", "Default. Words are ANDed; \"quotes\" for an exact phrase; /re/ for a regex.",
               "connection refused", "/RETRY_\\w+/"),
            _e("patterntype:standard", "Older default: the whole pattern is one literal; /re/ for a regex.",
               "patterntype:standard payment gateway"),
            _e("patterntype:literal", "The pattern exactly as typed, spaces and symbols included.",
               "patterntype:literal Decode(&items)"),
            _e("patterntype:regexp", "The pattern is an RE2 regular expression (also patterntype:regex).",
               "patterntype:regexp calculate_?total"),
            _e("patterntype:structural", "Comby-style template with holes (see Structural holes).",
               "patterntype:structural fmt.Errorf(:[args])"),
        ),
    ),
    Section(
        "Boolean operators",
        (
            _e("AND, and", "Both must match in the same file (also plain juxtaposition).", "TODO and port"),
            _e("OR, or", "Either matches. NOT binds tightest, then AND, then OR.", "TODO or retry"),
            _e("NOT, not, -", "Exclude a pattern; before a filter, the same as -filter:.",
               "calculateTotal and not TODO", "TODO not lang:python"),
            _e("( )", "Group sub-expressions, filters included.",
               "(repo:billing or repo:storefront) calculateTotal"),
        ),
    ),
    Section(
        "Filters",
        (
            _e("repo:, r:", "Repository name regex; prefix - to exclude.", "repo:billing TODO",
               "-r:acme TODO"),
            _e("file:, f:, path:", "File path regex.", "file:\\.go$ TODO", "path:test calculate"),
            _e("lang:, l:, language:", "Language of the file.", "lang:python TODO", "l:go TODO"),
            _e("content:", "Match file contents only, never paths; quotes keep spaces.",
               "content:\"connection refused\" -file:README"),
            _e("case:", "case:yes makes the search case-sensitive (default no).",
               "case:yes CalculateTotal"),
            _e("count:", "Result limit: a number or all (default 10,000).", "TODO count:2",
               "TODO count:all"),
            _e("timeout:", "Search time limit as a duration.", "timeout:1m30s TODO"),
            _e("context:", "Search context; the practice instance has only global.",
               "context:global TODO"),
            _e("fork:", "Forks: no (default), yes, only.", "fork:only pandas"),
            _e("archived:", "Archived repositories: no (default), yes, only.", "archived:yes lang:ruby def"),
            _e("visibility:", "Repository visibility: any (default), public, private.",
               "visibility:public TODO"),
            _e("index:", "Indexed repositories: yes (default), only, no.", "index:only TODO"),
        ),
    ),
    Section(
        "Repository and file predicates",
        (
            _e("repo:has.file(), repo:contains.file()",
               "Repositories with a file: a path regex, or path:... content:...",
               "repo:has.file(go.mod)", "repo:has.file(path:package.json content:typescript)"),
            _e("repo:has.path(), repo:has.content()", "Repositories with a matching path / file content.",
               "repo:has.path(Dockerfile) TODO", "repo:has.content(kubectl)"),
            _e("repo:has.description(), repo:has.topic()", "Description regex / GitHub topic.",
               "repo:has.description(warehouse)", "repo:has.topic(python)"),
            _e("repo:has.meta(), repo:has(), repo:has.key(), repo:has.tag()",
               "Repository metadata: key, key:value or key:/regex/.",
               "repo:has.meta(owner:data-team)", "repo:has.meta(pci)"),
            _e("repo:has.commit.after()", "Repositories with a commit after a date.",
               "repo:has.commit.after(2026-09-01)"),
            _e("repohasfile:, repohascommitafter:",
               "Older spellings of repo:has.file(path:...) and repo:has.commit.after().",
               "repohasfile:go.mod TODO", "repohascommitafter:2026-09-01 TODO"),
            _e("file:has.content(), file:contains.content()",
               "Files whose content matches, whatever else the query asks.",
               "file:has.content(TODO) lang:go port"),
        ),
    ),
    Section(
        "Result types (type:)",
        (
            _e("type:file", "Matching lines in file contents.", "type:file TODO lang:go"),
            _e("type:path", "Files whose path matches.", "type:path lang:go invoice"),
            _e("type:repo", "Repositories whose name matches.", "type:repo billing"),
            _e("type:symbol", "Definitions: functions, classes, types...", "type:symbol calculatetotal"),
            _e("type:commit", "Commits: message, author, date.", "type:commit repo:billing CalculateTotal"),
            _e("type:diff", "Lines added or removed by commits.", "type:diff repo:data-pipeline calculate_total"),
        ),
    ),
    Section(
        "Selecting (select:)",
        (
            _e("select:repo", "One result per repository.", "TODO select:repo"),
            _e("select:file, select:file.path", "One result per file.", "TODO select:file"),
            _e("select:file.directory", "One result per directory.", "lang:go select:file.directory"),
            _e("select:content", "Only content matches, no path matches.", "TODO select:content"),
            _e("select:symbol, select:symbol.<kind>",
               "Symbols, optionally of one kind: " + ", ".join(SYMBOL_KINDS) + ".",
               "type:symbol select:symbol.struct LineItem"),
            _e("select:commit", "One result per commit.", "type:diff repo:data-pipeline select:commit order_total"),
            _e("select:commit.diff.added, select:commit.diff.removed", "Only added / only removed diff lines.",
               "type:diff repo:internal-tools select:commit.diff.removed AKIA"),
        ),
    ),
    Section(
        "Revisions",
        (
            _e("repo:x@rev", "Search a branch, tag or commit; @a:b for several.",
               "repo:billing-service@release/1.4 TODO", "repo:billing-service@v1.0.0 calculatetotal"),
            _e("rev:, revision:", "The revision for the repositories matched by repo:.",
               "repo:billing-service rev:release/1.4 TODO"),
        ),
    ),
    Section(
        "Commit and diff fields (type:commit / type:diff only)",
        (
            _e("author:, committer:", "Author / committer name or e-mail regex.",
               "type:commit repo:billing-service author:ravi",
               "type:commit repo:inventory-service committer:release-bot"),
            _e("message:, m:, msg:", "Commit message regex.",
               "type:commit repo:web-storefront message:bump", "type:commit msg:log4j"),
            _e("before:, until:, after:, since:", "Commit date bounds (dates or \"2 weeks ago\").",
               "type:commit repo:billing-service before:2025-09-04",
               "type:commit repo:billing-service since:2026-06-01"),
        ),
    ),
    Section(
        "Structural holes (patterntype:structural)",
        (
            _e(":[x]", "Anything, balanced over brackets, possibly across lines.",
               "patterntype:structural lang:go if err != nil { :[body] }"),
            _e(":[x:e]", "One expression.", "patterntype:structural lang:python calculate_total(:[x:e])"),
            _e(":[[x]]", "Letters, digits and underscores.", "patterntype:structural return :[[x]]"),
            _e(":[x.]", "Non-space characters, up to the next punctuation.",
               "patterntype:structural return :[x.]"),
            _e(":[x\\n]", "The rest of the line, newline included.", "patterntype:structural lang:go :[[v]] := :[x\\n]"),
            _e(":[ x]", "Whitespace only (spaces and tabs).", "patterntype:structural lang:go err !=:[ w]nil"),
            _e(":[x~re]", "Text matching the regex re.", "patterntype:structural lang:go func :[name~[A-Z]\\w*](:[args])"),
        ),
    ),
)  # fmt: skip
