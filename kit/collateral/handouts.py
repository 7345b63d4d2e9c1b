"""One-page course handouts (HTML and PDF): what the course is for, its objectives and
assignments, the key queries of its worked examples, and where to go next.

The key queries are read from the instructor notebooks' worked-example cells (the first string
given to `sg.search(...)`, or to `sg.graphql(...)` for a query without variables), and each one is run on the practice Sourcegraph
when the handout is built: a query that errors fails the build, so a handout cannot drift from
the course or the engine (a search that finds nothing is a counter-example, and is left out).
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kit.collateral.customer_examples import scoped
from kit.courses import Catalog
from kit.courses.models import CertificationPath, Course
from kit.customers.profile import Audience, CustomerProfile
from kit.errors import KitError
from kit.notebook_io import read_notebook
from kit.plans.offer import CustomerOffer
from kit.practice.instances import PracticeSourcegraph
from kit.project import Project
from kit.templating import html_templates

KEYS_PER_ASSIGNMENT = 2
YOUR_QUERIES = 3
"""How many key queries a customer's copy repeats on their own repositories."""
_NUMBERED = re.compile(r"^\d+\.\s+")
RUN = ("search", "graphql")
"""The `sg.<method>(...)` calls whose first argument is a key query or request."""


@dataclass(frozen=True)
class KeyQuery:
    """A query from a worked example, and what it gave on the practice corpus."""

    assignment: str
    topic: str
    kind: str
    text: str
    results: int | None
    """Search results (None for a GraphQL request, which only has to run without errors)."""


@dataclass(frozen=True)
class Handout:
    """Everything on a course's handout; `customer` set when it is one customer's copy."""

    course: Course
    key_queries: tuple[KeyQuery, ...]
    next_courses: tuple[Course, ...]
    certifications: tuple[CertificationPath, ...]
    customer: CustomerProfile | None = None
    your_queries: tuple[KeyQuery, ...] = ()
    """The key queries scoped to the customer's repositories (not run: for their instance)."""
    audiences: tuple[Audience, ...] = ()
    """The customer's audiences this course is for."""

    @property
    def minutes(self) -> int:
        """The course's length: the sum of its assignments' estimated minutes."""
        return sum(a.estimated_minutes for a in self.course.assignments)


def _examples(notebook: Path) -> Iterator[tuple[str, str, str]]:
    """(topic, method, first string argument) of each `sg.<method>("...")` in the notebook's
    worked-example cells; the topic is the nearest heading above the cell."""
    topic = ""
    for cell in read_notebook(notebook).cells:
        if cell.cell_type == "markdown":
            headings = [line for line in cell.source.splitlines() if line.startswith("#")]
            if headings:
                topic = _NUMBERED.sub("", headings[-1].lstrip("#").strip()).replace("`", "")
            continue
        if not str(cell.get("id", "")).startswith("example"):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "sg"
                and node.func.attr in RUN
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and _self_contained(node)
            ):
                yield topic, node.func.attr, node.args[0].value


def _self_contained(call: ast.Call) -> bool:
    """Whether a worked example's call can be rerun on its own: a search, or a GraphQL query
    (not a mutation, which would change the instance) with no variables."""
    if call.func.attr == "search":  # type: ignore[attr-defined]
        return True
    text = call.args[0].value  # type: ignore[attr-defined]
    return len(call.args) == 1 and not call.keywords and not text.lstrip().startswith("mutation")


def _run(sg: PracticeSourcegraph, kind: str, text: str, where: str) -> int | None:
    """What a key query gives: its result count (0: a counter-example, not a key query), or
    None for a GraphQL request that ran; an error is the worked example's to fix."""
    try:
        if kind == "graphql":
            response = sg.graphql(text)
            if response.get("errors"):
                raise KitError(f"the request fails: {response['errors'][0].get('message')}")
            return None
        found = len(sg.search(text).matches)
    except KitError as exc:
        raise KitError(
            f"{text!r} fails: {exc.message}; fix the worked example", where=where
        ) from exc
    return found


def key_queries(course: Course, project: Project, sg: PracticeSourcegraph) -> list[KeyQuery]:
    """The first key queries of each assignment's worked examples, each run on `sg`."""
    found: list[KeyQuery] = []
    for assignment in course.assignments:
        taken = 0
        for name in assignment.notebooks:
            path = project.notebooks_dir / course.id / assignment.id / f"{name}.ipynb"
            if not path.is_file():
                continue
            for topic, kind, text in _examples(path):
                if taken == KEYS_PER_ASSIGNMENT:
                    break
                results = _run(sg, kind, text, f"{path}: {topic or 'worked example'}")
                if results == 0:  # a worked example showing what does not match
                    continue
                found.append(KeyQuery(assignment.title, topic, kind, text.strip(), results))
                taken += 1
    return found


def _next_courses(course: Course, catalog: Catalog) -> tuple[Course, ...]:
    def needs(other: Course) -> bool:
        return any(p == course.id or course.title.startswith(p) for p in other.prerequisites)

    return tuple(c for c in catalog.published_courses if c.id != course.id and needs(c))


def build_handout(
    course: Course, catalog: Catalog, project: Project, sg: PracticeSourcegraph
) -> Handout:
    """A course's handout, with its key queries run on `sg` (every next course and certification;
    `for_customer` narrows them to what a customer can take)."""
    certifications = tuple(
        path
        for path in catalog.certifications.values()
        if any(r.course == course.id for r in path.requires)
    )
    return Handout(
        course,
        tuple(key_queries(course, project, sg)),
        _next_courses(course, catalog),
        certifications,
    )


def for_customer(
    handout: Handout, profile: CustomerProfile, offer: CustomerOffer, catalog: Catalog
) -> Handout:
    """One customer's copy: their name, the key queries on their repositories, and in "Where
    next" only the courses and certifications their audiences can take."""
    courses = {c.id for c in offer.courses_for(profile.audiences, catalog)}
    paths = {c.id for c in offer.certifications_for(profile.audiences, catalog)}
    repos = profile.repositories
    yours: list[KeyQuery] = []
    for q in (q for q in handout.key_queries if q.kind == "search"):
        turn = len(yours) % len(repos)  # spread the examples over the customer's repositories
        text = scoped(q.text, repos[turn:] + repos[:turn])
        if " " in text:  # more than a repository filter: something to search for
            yours.append(replace(q, text=text, results=None))
    return replace(
        handout,
        customer=profile,
        next_courses=tuple(c for c in handout.next_courses if c.id in courses),
        certifications=tuple(c for c in handout.certifications if c.id in paths),
        your_queries=tuple(yours[:YOUR_QUERIES]),
        audiences=tuple(
            a for a in profile.audiences if handout.course in offer.courses_for([a], catalog)
        ),
    )


def handout_html(handout: Handout) -> str:
    """The handout as a standalone page (print CSS: one A4 page)."""
    return html_templates("kit.collateral").get_template("handout.html.j2").render(handout=handout)


def write_handout(handout: Handout, folder: Path) -> tuple[Path, Path]:
    """Write `<course>.html` and `<course>.pdf` into `folder`; return their paths."""
    from weasyprint import HTML

    folder.mkdir(parents=True, exist_ok=True)
    html = handout_html(handout)
    html_path = folder / f"{handout.course.id}.html"
    html_path.write_text(html, encoding="utf-8")
    pdf_path = folder / f"{handout.course.id}.pdf"
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    HTML(string=html, base_url=str(folder)).write_pdf(pdf_path)
    return html_path, pdf_path
