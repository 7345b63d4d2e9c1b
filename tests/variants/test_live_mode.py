"""Live mode: a customer with a Sourcegraph URL gets variants whose search checks were computed on
that instance and run there; the token stays in the environment.

"The customer's Sourcegraph" is a practice instance served over HTTP on a corpus that differs from
the practice corpus (two repositories fewer, as if the customer had other code), speaking the
streaming search API a real instance speaks.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from kit.customers import CustomerProfile, load_profile
from kit.errors import SearchError
from kit.exercises import check_query
from kit.exercises.authoring import hidden_calls
from kit.exercises.queries import reference_fingerprint
from kit.exercises.sealing import reveal_expected
from kit.practice import connect
from kit.practice.graphql.api import open_api
from kit.practice.graphql.seed import ADMIN_USERNAME, create_token
from kit.practice.graphql.server import serve_api
from kit.project import Project
from kit.search import PracticeBackend
from kit.search.live import LiveBackend
from kit.variants.build import MANIFEST, VariantsIncompleteError, build_variants
from kit.variants.live import LIVE_SOURCEGRAPH, PRACTICE_NOTE
from kit.yaml_io import read_yaml
from tests.variants.test_build import NOTEBOOK, TODAY

REMOVED = ("github.com/acme/billing-service", "github.com/acme/web-storefront")
ONE: dict[str, Any] = {"courses": ["sourcegraph-101"], "assignments": ["search-basics"]}


@pytest.fixture(scope="module")
def customer_instance(
    corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(URL, token) of a practice instance over a corpus without two of the practice repos."""
    corpus = tmp_path_factory.mktemp("customer") / "corpus"
    shutil.copytree(corpus_dir, corpus, symlinks=True)
    metadata = read_yaml(corpus / "corpus.yaml")
    for name in REMOVED:
        shutil.rmtree(corpus / name)
        metadata["repositories"].pop(name, None)
    (corpus / "corpus.yaml").write_text(yaml.safe_dump(metadata), encoding="utf-8")
    api = open_api(corpus, None)
    token = create_token(api.store, ADMIN_USERNAME, note="live-mode test")
    with serve_api(api) as url:
        yield url, token


@pytest.fixture
def live_customer(
    project: Project, customer_instance: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> CustomerProfile:
    url, token = customer_instance
    monkeypatch.setenv("SRC_ACCESS_TOKEN", token)
    path = project.courses_dir / "customers" / "tallgrass-logistics.yaml"
    return load_profile(path, today=TODAY).model_copy(update={"sourcegraph_url": url})


def _references(project: Project) -> dict[str, tuple[str, str]]:
    """grade id -> (reference query, compare) of the instructor notebook's search exercises."""
    source = nbformat.read(project.notebooks_dir / NOTEBOOK, as_version=4)
    out = {}
    for cell in source.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.cell_type == "code" and grade_id:
            for call in hidden_calls(cell.source, grade_id):
                if call.name == "grade_query":
                    out[grade_id] = (call.reference, call.options.get("compare", "files"))
    return out


def _expected(cell_source: str) -> str:
    """The fingerprint a check cell judges against (released sealed: see kit.exercises.sealing)."""
    (statement,) = [s for s in ast.parse(cell_source).body if isinstance(s, ast.Expr)]
    call = statement.value
    assert isinstance(call, ast.Call)
    value = ast.literal_eval(call.args[1])
    assert isinstance(value, str) and value.startswith("fp1.")  # no count readable in the cell
    return reveal_expected(value)


def test_the_practice_instance_answers_the_streaming_search_api_like_the_engine(
    customer_instance: tuple[str, str], corpus_dir: Path
) -> None:
    url, token = customer_instance
    live = LiveBackend(url, token).search("lang:python TODO")
    assert live.matches and {m.repository for m in live.matches}.isdisjoint(REMOVED)
    with pytest.raises(SearchError, match="HTTP 401"):
        LiveBackend(url, "sgp_not-a-token").search("TODO")


def test_search_checks_are_computed_on_the_customers_instance_and_run_there(
    project: Project, live_customer: CustomerProfile, tmp_path: Path, practice: PracticeBackend
) -> None:
    (built,) = build_variants([live_customer], project, out=tmp_path, workers=1, check=False, **ONE)
    path = tmp_path / "tallgrass-logistics" / NOTEBOOK
    variant = nbformat.read(path, as_version=4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in variant.cells}
    instance = connect(endpoint=live_customer.endpoint)  # the token from the environment
    live, practice_only, differs = 0, 0, 0
    for grade_id, (reference, compare) in _references(project).items():
        source = cells[grade_id].source
        if source.startswith(PRACTICE_NOTE):
            practice_only += 1
            assert reference_fingerprint(reference, compare, instance).split(":")[1] == "0"
            continue
        live += 1
        expected = _expected(source)
        assert expected == reference_fingerprint(reference, compare, instance)
        assert f"sourcegraph={LIVE_SOURCEGRAPH}" in source
        differs += expected != reference_fingerprint(reference, compare, practice)
        namespace = {
            "answer": reference,
            "check_query": check_query,
            "connect": connect,
            "sourcegraph_url": live_customer.endpoint,
        }
        exec(source, namespace)  # the reference passes the learner's check on their instance
    print(f"live {live}, practice only {practice_only}, differing from practice {differs}")
    assert live >= 3 and differs >= 1, (live, differs)
    assert practice_only >= 1
    assert built.notebooks[0].live is not None
    assert (built.notebooks[0].live.live, built.notebooks[0].live.practice) == (
        live,
        practice_only,
    )
    assert '"live_checks": {' in (built.folder / MANIFEST).read_text()


def test_the_token_is_never_written(
    project: Project, live_customer: CustomerProfile, tmp_path: Path
) -> None:
    import os

    build_variants([live_customer], project, out=tmp_path, workers=1, check=False, **ONE)
    token = os.environ["SRC_ACCESS_TOKEN"]
    for written in (tmp_path / "tallgrass-logistics").rglob("*"):
        if written.is_file():
            assert token not in written.read_text(encoding="utf-8"), written


def test_an_unreachable_instance_stops_the_build_with_its_address(
    project: Project, live_customer: CustomerProfile, tmp_path: Path
) -> None:
    gone = live_customer.model_copy(update={"sourcegraph_url": "http://127.0.0.1:9"})
    with pytest.raises(VariantsIncompleteError) as error:
        build_variants([gone], project, out=tmp_path, workers=1, check=False, **ONE)
    assert isinstance(error.value.failures[0].error, SearchError)
    message = str(error.value)
    assert message.startswith("Tallgrass Logistics: live mode runs each exercise's reference on")
    assert "http://127.0.0.1:9" in message and "--practice-checks" in message
    assert [p.name for p in tmp_path.iterdir()] == [], "no half-written variant folder"


def test_practice_checks_keep_a_live_customer_on_the_practice_corpus(
    project: Project, live_customer: CustomerProfile, tmp_path: Path
) -> None:
    gone = live_customer.model_copy(update={"sourcegraph_url": "http://127.0.0.1:9"})
    (built,) = build_variants(
        [gone], project, out=tmp_path, workers=1, check=False, live_checks=False, **ONE
    )
    text = (tmp_path / "tallgrass-logistics" / NOTEBOOK).read_text()
    assert "sgkit-live" in text and LIVE_SOURCEGRAPH not in text
    assert built.notebooks[0].live is None
