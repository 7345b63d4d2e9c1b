"""The judge that grading uses: a sandboxed judge over the practice corpus, one per process.

Kept apart from `trusted` (which needs nbgrader, slow to import) so that a grading worker can
start its judge first and let it load while nbgrader is imported.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from kit.sandbox import Judge, JudgeSetup, judge_for
from kit.sandbox.judge import JUDGE_LIMITS

EXERCISE_SECONDS = 30.0
"""Default time the judge may take over one exercise's answer before it scores 0."""
JUDGE_MEMORY_MIB = 3072
"""Default address-space limit of a judge (it holds the practice corpus's search index)."""


@lru_cache(maxsize=8)
def practice_judge(
    memory_mib: int = JUDGE_MEMORY_MIB, exercise_seconds: float = EXERCISE_SECONDS
) -> Judge:
    """This process's judge over the practice corpus (its saved index read, not rebuilt). Kept
    per process: the corpus and its index are looked up once, not once per submission."""
    from kit.practice import default_corpus
    from kit.search.index_store import saved_index_folder

    corpus = default_corpus().resolve()
    setup = JudgeSetup(
        corpus=corpus,
        index_folder=saved_index_folder(corpus),
        preload=("kit.exercises", "kit.practice:practice"),
    )
    limits = replace(JUDGE_LIMITS, wall_seconds=exercise_seconds, memory_bytes=memory_mib << 20)
    return judge_for(setup, limits)


def start_judge() -> None:
    """Start this process's judge now, with the default settings, so it loads in the background."""
    practice_judge().start()
