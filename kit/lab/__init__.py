"""A learner's own workspace: copies of the released notebooks that `sgkit lab` serves, so a
learner never edits the committed `release/` folder and `make release` never touches their work."""

from kit.lab.workspace import Workspace, WorkspaceReport, lab_command, prepare_workspace

__all__ = ["Workspace", "WorkspaceReport", "lab_command", "prepare_workspace"]
