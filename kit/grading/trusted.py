"""Verdicts made by a sandboxed judge, plugged into nbgrader's autograde pipeline.

nbgrader's `Execute` step runs the learner's notebook and the hidden tests in one kernel, where
learner code can forge its own verdict. `TrustedExecute` replaces it:

1. each answer cell is reduced to plain data: read as a literal when it is one (nothing runs), or
   else run in the sandbox, which hands back only JSON data;
2. each test cell (the instructor's source, read from the gradebook) runs in a sandboxed judge
   with `answer` bound to that data and a deadline per exercise: the grader itself never runs
   a search, a parser or a tool over learner data;
3. the test cell's outputs record the verdict, and nbgrader's own `SaveAutoGrades` turns them into
   scores in the gradebook, so the formgrader and feedback work as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float, Int

from kit.grading.answers import NOT_ANSWERED, read_literal_answer
from kit.grading.judging import EXERCISE_SECONDS, JUDGE_MEMORY_MIB, practice_judge
from kit.notebook_io import new_output
from kit.practice import default_corpus
from kit.sandbox import JudgeStep, SandboxCell, SandboxLimits, StepOutcome, run_in_sandbox

MAX_VERDICT_CHARS = 2_000


@dataclass(frozen=True)
class Unanswerable:
    """An answer cell that yielded no data: why, in words for the learner."""

    reason: str


@dataclass(frozen=True)
class GradingPlan:
    """What the instructor's notebook, as saved in the gradebook, says to grade.

    Which cells are answers and what each test cell's source is come from here, never from the
    submission: a learner can add a cell that claims to be a test, and nbgrader's
    `OverwriteCells` keeps a cell whose grade id it does not know.
    """

    answer_ids: frozenset[str]
    tests: dict[str, str]
    setup: dict[str, str]
    """Locked instructor code cells (imports, worked examples): the context tests run in."""


@lru_cache(maxsize=16)
def _session_factory(db_url: str) -> Any:
    """One engine per gradebook per process (nbgrader's `Gradebook()` builds one per call).

    Its pooled connection is closed at exit: a PostgreSQL connection left to the garbage
    collector warns (psycopg's ResourceWarning) and holds a server slot until then.
    """
    import atexit

    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    engine = create_engine(db_url)
    atexit.register(engine.dispose)
    return sessionmaker(bind=engine)


def load_plan(db_url: str, notebook_id: str, assignment_id: str) -> GradingPlan:
    """Read the grading plan of one notebook from the gradebook, through nbgrader's models."""
    from nbgrader.api import Assignment, GradeCell, Notebook, SolutionCell, SourceCell

    with _session_factory(db_url)() as session:
        notebook = (
            session.query(Notebook)
            .join(Assignment)
            .filter(Notebook.name == notebook_id, Assignment.name == assignment_id)
            .one()
        )
        cells = notebook._base_cells
        graded = {c.name: c for c in cells if isinstance(c, GradeCell)}
        solutions = {c.name for c in cells if isinstance(c, SolutionCell)}
        sources = {c.name: c for c in session.query(SourceCell).filter_by(notebook=notebook)}
        tests = {
            name: sources[name].source
            for name, cell in graded.items()
            if cell.cell_type == "code" and name not in solutions and name in sources
        }
        setup = {
            name: cell.source
            for name, cell in sources.items()
            if cell.cell_type == "code"
            and cell.locked
            and name not in graded
            and name not in solutions
        }
    answers = frozenset(name for name in solutions if name not in graded)
    return GradingPlan(answer_ids=answers, tests=tests, setup=setup)


def plan_from_notebook(source: Any) -> GradingPlan:
    """The grading plan an instructor notebook declares, read as `load_plan` reads the gradebook
    nbgrader makes from it (for proofs that run without a gradebook)."""
    answers: set[str] = set()
    tests: dict[str, str] = {}
    setup: dict[str, str] = {}
    for cell in source.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        name = meta.get("grade_id")
        if not name or cell.cell_type != "code":
            continue
        graded, solution = bool(meta.get("grade")), bool(meta.get("solution"))
        if solution and not graded:
            answers.add(name)
        elif graded and not solution:
            tests[name] = cell.source
        elif meta.get("locked") and not graded and not solution:
            setup[name] = cell.source
    return GradingPlan(answer_ids=frozenset(answers), tests=tests, setup=setup)


def _grade_id(cell: Any) -> str:
    return str(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))


def extract_answers(nb: Any, plan: GradingPlan, limits: SandboxLimits) -> dict[str, Any]:
    """Every answer cell's value by grade id: literals read, the rest run in the sandbox."""
    answers: dict[str, Any] = {}
    needs_run = False
    for cell in nb.cells:
        grade_id = _grade_id(cell)
        if cell.cell_type == "code" and grade_id in plan.answer_ids and grade_id not in answers:
            literal = read_literal_answer(cell.source)
            if literal is None:
                needs_run = True
            else:
                answers[grade_id] = literal.value
    if not needs_run:
        return answers
    runnable = [
        SandboxCell(
            source=cell.source,
            answer_id=_grade_id(cell) if _grade_id(cell) in plan.answer_ids else None,
        )
        for cell in nb.cells
        if cell.cell_type == "code" and _grade_id(cell) not in plan.tests
    ]
    result = run_in_sandbox(runnable, limits, corpus=default_corpus())
    for cell in runnable:
        if cell.answer_id is None or cell.answer_id in answers:
            continue
        if cell.answer_id in result.answers:
            answers[cell.answer_id] = result.answers[cell.answer_id]
        else:
            reason = result.errors.get(cell.answer_id) or result.failure or "gave no answer"
            answers[cell.answer_id] = Unanswerable(f"Your answer cell failed: {reason}")
    return answers


def judge_steps(nb: Any, plan: GradingPlan, answers: dict[str, Any]) -> list[JudgeStep]:
    """The judge's work for one notebook, in notebook order: instructor setup cells, and each
    test cell with the answer given since the previous test (the learner's data, as a literal)."""
    steps: list[JudgeStep] = []
    present = {_grade_id(cell) for cell in nb.cells}
    for name, source in plan.setup.items():
        if name not in present:  # a learner deleted it: the tests still get their context
            steps.append(JudgeStep("setup", name, source))
    current: Any = NOT_ANSWERED
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        grade_id = _grade_id(cell)
        if grade_id in plan.setup:
            steps.append(JudgeStep("setup", grade_id, plan.setup[grade_id]))
        elif grade_id in plan.answer_ids:
            current = answers.get(grade_id, NOT_ANSWERED)
        elif grade_id in plan.tests:
            steps.append(_test_step(grade_id, plan.tests[grade_id], current))
            current = NOT_ANSWERED  # the next test judges only an answer given after this one
    return steps


def _test_step(grade_id: str, source: str, answer: Any) -> JudgeStep:
    if isinstance(answer, Unanswerable):
        return JudgeStep("test", grade_id, source, unanswerable=answer.reason)
    if answer is NOT_ANSWERED:
        return JudgeStep("test", grade_id, source)
    try:
        text = repr(answer)
    except (ValueError, RecursionError):  # e.g. an integer too long to print
        return JudgeStep("test", grade_id, source, unanswerable="Your answer cannot be read.")
    return JudgeStep("test", grade_id, source, answer=text)


def verdict_outputs(outcome: StepOutcome) -> list[Any]:
    """A judged step's outputs as notebook outputs; a step the judge could not finish fails."""
    if outcome.failure is not None:
        reason = f"Judging your answer {outcome.failure}; it scores 0."
        return [new_output("error", ename="JudgeError", evalue=reason, traceback=[reason])]
    return [
        new_output("stream", name=o["name"], text=o["text"][:MAX_VERDICT_CHARS])
        if o["output_type"] == "stream"
        else new_output(
            "error",
            ename=o["ename"],
            evalue=o["evalue"][:MAX_VERDICT_CHARS],
            traceback=[f"{o['ename']}: {o['evalue'][:MAX_VERDICT_CHARS]}"],
        )
        for o in outcome.outputs
    ]


class TrustedExecute(NbGraderPreprocessor):  # type: ignore[misc]
    """nbgrader's execute step: answers as data, verdicts made by a sandboxed judge."""

    wall_seconds = Float(30.0, help="Wall-clock limit for one submission's learner code.").tag(
        config=True
    )
    cpu_seconds = Int(30, help="CPU-time limit for one submission's learner code.").tag(config=True)
    memory_mib = Int(1024, help="Address-space limit for learner code, in MiB.").tag(config=True)
    processes = Int(64, help="Most processes learner code may run at once.").tag(config=True)
    exercise_seconds = Float(
        EXERCISE_SECONDS,
        help="Time the judge may take over one exercise's answer before it scores 0.",
    ).tag(config=True)
    judge_memory_mib = Int(
        JUDGE_MEMORY_MIB, help="Address-space limit of a judge sandbox, in MiB."
    ).tag(config=True)

    @property
    def limits(self) -> SandboxLimits:
        """The sandbox limits this step applies to learner code."""
        return SandboxLimits(
            wall_seconds=self.wall_seconds,
            cpu_seconds=self.cpu_seconds,
            memory_bytes=self.memory_mib << 20,
            processes=self.processes,
        )

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        info = resources["nbgrader"]
        plan = load_plan(info["db_url"], info["notebook"], info["assignment"])
        answers = extract_answers(nb, plan, self.limits)
        steps = judge_steps(nb, plan, answers)
        judge = practice_judge(self.judge_memory_mib, self.exercise_seconds)
        outcomes = judge.run(steps, step_seconds=self.exercise_seconds)
        verdicts = {
            step.name: verdict_outputs(outcome)
            for step, outcome in zip(steps, outcomes, strict=True)
            if step.kind == "test"
        }
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.outputs = verdicts.get(_grade_id(cell), [])
            cell.execution_count = None
        return nb, resources
