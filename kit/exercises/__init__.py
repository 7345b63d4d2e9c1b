"""Exercises: how an answer is checked (visible, instant) and graded (hidden, by what it does).

A notebook's test cell calls a `check_*` function with a fingerprint of the expected effect (what
the learner's release may contain) and, in its hidden tests, the matching `grade_*` function with
the instructor's reference answer. Queries are judged by their results, code monitors by the
commits they fire on, insights by the series they draw, batch specs by the changesets they make, site configurations
by the settings they give, code host connections by the repositories they mirror, GraphQL
requests by the data they return or the state they leave, API scripts by the report they make.
"""

from kit.exercises.checks import (
    check_api_script,
    check_batch_change,
    check_code_host,
    check_graphql,
    check_insight,
    check_monitor,
    check_query,
    check_site_config,
    grade_api_script,
    grade_batch_change,
    grade_code_host,
    grade_graphql,
    grade_insight,
    grade_monitor,
    grade_query,
    grade_site_config,
)
from kit.exercises.deployments import check_deployment, grade_deployment
from kit.exercises.findings import check_findings, grade_findings
from kit.exercises.queries import (
    Compare,
    Verdict,
    fingerprint,
    judge_against_fingerprint,
    judge_against_reference,
    reference_fingerprint,
    result_keys,
)

__all__ = [
    "Compare",
    "Verdict",
    "check_api_script",
    "check_batch_change",
    "check_code_host",
    "check_deployment",
    "check_findings",
    "check_graphql",
    "check_insight",
    "check_monitor",
    "check_query",
    "check_site_config",
    "fingerprint",
    "grade_api_script",
    "grade_batch_change",
    "grade_code_host",
    "grade_deployment",
    "grade_findings",
    "grade_graphql",
    "grade_insight",
    "grade_monitor",
    "grade_query",
    "grade_site_config",
    "judge_against_fingerprint",
    "judge_against_reference",
    "reference_fingerprint",
    "result_keys",
]
