"""Hand-off to a learning management system: course completions and certifications as xAPI 1.0.3
statements, sent to a learning record store (LRS) once each."""

from kit.lms.facts import CredentialFact, LearnerCompletion, credential_facts, learner_completions
from kit.lms.handoff import gather_statements, write_statements
from kit.lms.ledger import Ledger, ledger_path
from kit.lms.send import LrsCredentials, LrsError, SendReport, credentials_from_env, send_statements
from kit.lms.statements import Statement, XapiSettings, build_statements, xapi_settings

__all__ = [
    "CredentialFact",
    "LearnerCompletion",
    "Ledger",
    "LrsCredentials",
    "LrsError",
    "SendReport",
    "Statement",
    "XapiSettings",
    "build_statements",
    "credential_facts",
    "credentials_from_env",
    "gather_statements",
    "learner_completions",
    "ledger_path",
    "send_statements",
    "write_statements",
    "xapi_settings",
]
