"""Site configuration and code host connection exercises are judged by what the configuration
does: the settings it gives the exercise's keys once Sourcegraph would save it, and the practice
repositories a connection mirrors. Comments, key order and layout never matter."""

from __future__ import annotations

import re

import pytest

from kit.errors import ConfigError
from kit.exercises import check_code_host, check_site_config, grade_code_host, grade_site_config
from kit.exercises.authoring import visible_check
from kit.exercises.sealing import seal_expected
from kit.exercises.site_config import reference_config_fingerprint

KEYS = ["externalURL", "auth.providers"]
REFERENCE = """{
  "externalURL": "https://sourcegraph.acme.example",
  "auth.providers": [{"type": "builtin", "allowSignup": false}]
}"""
TOKEN = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
ONE_REPO = f'{{"url": "https://github.com", "token": "{TOKEN}", "repos": ["acme/billing-service"]}}'


@pytest.fixture(scope="module")
def expected() -> str:
    return reference_config_fingerprint(REFERENCE, keys=KEYS)


def test_a_configuration_that_sets_the_same_values_passes_however_it_is_written(
    expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = """{
      // Sign-up stays closed: accounts come from the admin.
      "auth.providers": [{"allowSignup": false, "type": "builtin"}],
      "externalURL": "https://sourcegraph.acme.example",  // trailing commas are fine in JSONC
    }"""
    check_site_config(answer, expected, keys=KEYS)
    grade_site_config(answer, REFERENCE, keys=KEYS)
    assert "Correct" in capsys.readouterr().out


def test_keys_the_exercise_is_not_about_do_not_matter(expected: str) -> None:
    answer = REFERENCE.replace("{\n", '{\n  "search.limits": {"maxTimeoutSeconds": 30},\n', 1)
    check_site_config(answer, expected, keys=KEYS)


def test_a_wrong_value_fails_and_the_hidden_test_names_the_setting(expected: str) -> None:
    answer = REFERENCE.replace("https://", "http://")
    with pytest.raises(AssertionError, match="externalURL is not set as the exercise asks"):
        check_site_config(answer, expected, keys=KEYS)
    with pytest.raises(AssertionError) as hidden:
        grade_site_config(answer, REFERENCE, keys=KEYS)
    assert 'externalURL is "http://sourcegraph.acme.example"' in str(hidden.value)
    assert "auth.providers" not in str(hidden.value)  # the one that is right is not mentioned


def test_a_missing_key_is_reported_as_not_set() -> None:
    with pytest.raises(AssertionError, match=r"auth.providers is \(not set\)"):
        grade_site_config(
            '{"externalURL": "https://sourcegraph.acme.example"}', REFERENCE, keys=KEYS
        )


def test_a_configuration_sourcegraph_rejects_fails_with_the_line_and_the_reason(
    expected: str,
) -> None:
    answer = '{\n  "externalURL": "https://sourcegraph.acme.example",\n  "auth.providers": 3\n}'
    with pytest.raises(AssertionError, match=r"has an error: line 3: auth.providers"):
        check_site_config(answer, expected, keys=KEYS)


def test_text_that_is_not_jsonc_says_so(expected: str) -> None:
    with pytest.raises(AssertionError, match="cannot read this site configuration"):
        check_site_config('{"externalURL": ', expected, keys=KEYS)


@pytest.mark.parametrize(
    ("answer", "says"),
    [(..., "Not answered yet"), (42, "not a int"), ("  ", "is empty")],
)
def test_an_answer_that_is_not_a_configuration_says_what_an_answer_is(
    answer: object, says: str, expected: str
) -> None:
    with pytest.raises(AssertionError, match=says):
        check_site_config(answer, expected, keys=KEYS)


def test_strict_exercises_also_refuse_warnings() -> None:
    reference = '{"externalURL": "https://sourcegraph.acme.example"}'
    with_warning = '{"externalURL": "https://sourcegraph.acme.example", "externalURL": "https://sourcegraph.acme.example"}'
    grade_site_config(with_warning, reference, keys=["externalURL"])
    with pytest.raises(AssertionError, match="a warning the exercise asks you to fix"):
        grade_site_config(with_warning, reference, keys=["externalURL"], strict=True)


def test_a_near_miss_gives_its_advice_to_a_configuration_that_does_the_same(expected: str) -> None:
    miss = REFERENCE.replace("false", "true")
    hint = {reference_config_fingerprint(miss, keys=KEYS): "Sign-up must stay closed."}
    answer = miss.replace('"type": "builtin", ', "").replace(
        '{"allowSignup', '{"type": "builtin", "allowSignup'
    )
    with pytest.raises(AssertionError, match=re.escape("Hint: Sign-up must stay closed.")):
        check_site_config(answer, expected, keys=KEYS, hints=hint)


def test_a_reference_with_an_error_is_refused_to_the_author() -> None:
    with pytest.raises(ConfigError, match="the reference site configuration is not right"):
        reference_config_fingerprint('{"externalURL": 3}', keys=["externalURL"])


def test_a_connection_is_judged_by_the_repositories_it_mirrors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = reference_config_fingerprint(ONE_REPO, kind="github")
    assert expected.startswith("connection:1:")
    others = ["data-pipeline", "inventory-service", "legacy-reports", "mlutils", "ui-kit"]
    excluded = ", ".join(f'{{"name": "acme/{name}"}}' for name in [*others, "web-storefront"])
    same = f'{{"url": "https://github.com/", "token": "{TOKEN}", "orgs": ["acme"], "exclude": [{excluded}]}}'
    check_code_host(same, expected, kind="github")
    assert "mirrors 1 repositories (github.com/acme/billing-service)" in capsys.readouterr().out


def test_a_connection_that_mirrors_too_much_names_what_it_should_not_mirror() -> None:
    every = f'{{"url": "https://github.com", "token": "{TOKEN}", "orgs": ["acme"]}}'
    with pytest.raises(
        AssertionError,
        match=re.escape(
            "github.com/acme/ui-kit, github.com/acme/web-storefront, which it should not"
        ),
    ):
        grade_code_host(every, ONE_REPO, kind="github")


def test_a_connection_with_a_placeholder_token_fails_with_the_validator_s_advice() -> None:
    with pytest.raises(AssertionError, match="looks like a placeholder"):
        grade_code_host(ONE_REPO.replace(TOKEN, "ghp_xxx"), ONE_REPO, kind="github")


def test_the_visible_check_keeps_the_options_it_needs_as_python_literals() -> None:
    source = visible_check(
        "check_graphql", "graphql:1:2", {"probe": '{ user(username: "kim") { id } }'}, {}
    )
    assert source.splitlines() == [
        "check_graphql(",
        "    answer,",
        f'    "{seal_expected("graphql:1:2")}",',
        "    probe='{ user(username: \"kim\") { id } }',",
        ")",
    ]
    compile(source, "<check>", "eval")
