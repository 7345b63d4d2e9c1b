"""Build the query-language cheat sheet: check it covers the engine's vocabulary, run every
example on the practice corpus, and render HTML and a compact two-column A4 PDF."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kit.collateral.customer_examples import repository_examples
from kit.collateral.sheet_entries import SECTIONS, Section
from kit.collateral.vocabulary import engine_vocabulary
from kit.customers.profile import CustomerProfile
from kit.errors import KitError
from kit.practice.connect import practice
from kit.search import PracticeBackend
from kit.templating import html_templates


@dataclass(frozen=True)
class CheatSheet:
    """The files a build wrote and how many results each example returned."""

    html: Path
    pdf: Path
    counts: dict[str, int]


def check_coverage(sections: Sequence[Section], vocabulary: set[str] | None = None) -> None:
    """Raise KitError naming every engine word (field, alias, type, ...) no entry shows."""
    shown = {
        word.lower() for section in sections for entry in section.entries for word in entry.syntax
    }
    wanted = engine_vocabulary() if vocabulary is None else vocabulary
    missing = sorted(word for word in wanted if not _shown(word.lower(), shown))
    if missing:
        raise KitError(
            f"the cheat sheet has no entry for {', '.join(missing)}; add one to SECTIONS",
            where="kit/collateral/sheet_entries.py",
        )


def _shown(word: str, shown: set[str]) -> bool:
    """A field (`type:`) counts as shown by its own entry or by entries for its values (`type:diff`)."""
    if word in shown:
        return True
    return word.endswith(":") and any(s.startswith(word) for s in shown)


def run_examples(sections: Sequence[Section], backend: PracticeBackend) -> dict[str, int]:
    """Each example query's result count; raise KitError naming an example that errors or finds nothing."""
    counts: dict[str, int] = {}
    for section in sections:
        for entry in section.entries:
            for query in entry.examples:
                where = f"cheat sheet example {query!r} ({section.title})"
                try:
                    results = backend.search(query)
                except KitError as exc:
                    raise KitError(
                        f"the query fails: {exc}; fix or replace it", where=where
                    ) from exc
                if not results.matches:
                    raise KitError(
                        "the query returns no results on the practice corpus; replace it",
                        where=where,
                    )
                counts[query] = len(results.matches)
    return counts


def render_html(
    sections: Sequence[Section],
    counts: dict[str, int],
    customer: CustomerProfile | None = None,
) -> str:
    """The sheet as one self-contained HTML page (print CSS: A4, two columns); a customer's
    copy carries their name and a section of queries on their own repositories."""
    return (
        html_templates("kit.collateral")
        .get_template("cheatsheet.html.j2")
        .render(
            sections=sections,
            counts=counts,
            customer=customer,
            examples=repository_examples(customer) if customer else (),
        )
    )


def build_cheatsheet(
    out_dir: Path,
    *,
    corpus: str | Path | None = None,
    sections: Sequence[Section] = SECTIONS,
    customer: CustomerProfile | None = None,
) -> CheatSheet:
    """Check coverage, run the examples on `corpus` (default: the practice corpus), and write
    `cheatsheet.html` and `cheatsheet.pdf` into `out_dir` (for `customer`, when given)."""
    check_coverage(sections)
    counts = run_examples(sections, practice(corpus))
    return write_cheatsheet(out_dir, sections, counts, customer)


def write_cheatsheet(
    out_dir: Path,
    sections: Sequence[Section],
    counts: dict[str, int],
    customer: CustomerProfile | None = None,
) -> CheatSheet:
    """Write the sheet whose examples ran with `counts` as `cheatsheet.html` and `.pdf`."""
    html = render_html(sections, counts, customer)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "cheatsheet.html"
    html_path.write_text(html, encoding="utf-8")
    pdf_path = out_dir / "cheatsheet.pdf"
    from weasyprint import HTML

    logging.getLogger("fontTools").setLevel(logging.WARNING)
    HTML(string=html, base_url=str(out_dir)).write_pdf(pdf_path)
    return CheatSheet(html_path, pdf_path, counts)
