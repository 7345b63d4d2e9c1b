"""Repository metadata of a corpus (`corpus.yaml`): what the code host says beside the code.

Sourcegraph searches it with `fork:`, `archived:`, `visibility:`, `repo:has.description()`,
`repo:has.topic()` and `repo:has.meta(key:value)`. The file maps repository names to entries:

    repositories:
      github.com/acme/billing-service:
        description: Creates invoices and takes payments
        stars: 41
        topics: [go, payments]
        metadata: {owner: payments-team, tier: "1", deprecated: null}
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

from kit.errors import ConfigError
from kit.yaml_io import read_yaml, validated

METADATA_FILE = "corpus.yaml"

Topic = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,49}$")]


class RepoMetadata(BaseModel):
    """One repository's metadata; a repository the file leaves out gets these defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str = ""
    fork: bool = False
    archived: bool = False
    private: bool = False
    stars: NonNegativeInt = 0
    topics: tuple[Topic, ...] = ()
    metadata: dict[str, str | None] = Field(default_factory=dict)
    """Key-value pairs, as `repo:has.meta(key:value)` reads them; a key may have no value."""


class CorpusMetadata(BaseModel):
    """The whole `corpus.yaml`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    repositories: dict[str, RepoMetadata] = Field(default_factory=dict)


def load_corpus_metadata(corpus_root: Path) -> dict[str, RepoMetadata]:
    """Metadata of every repository in the corpus folder, by name, from its `corpus.yaml`."""
    from kit.search.corpus import find_repositories  # the corpus module imports this one

    names = [repo.relative_to(corpus_root).as_posix() for repo in find_repositories(corpus_root)]
    return read_metadata_file(corpus_root / METADATA_FILE, names)


def read_metadata_file(path: Path, names: list[str]) -> dict[str, RepoMetadata]:
    """Metadata of the repositories `names` from the file at `path`.

    A missing file, or a repository the file leaves out, gets the defaults; an entry for a
    repository not in `names` is an error (usually a typo).
    """
    declared = (
        validated(CorpusMetadata, read_yaml(path), path).repositories if path.is_file() else {}
    )
    unknown = sorted(set(declared) - set(names))
    if unknown:
        raise ConfigError(
            f"field 'repositories.{unknown[0]}': no such repository in this corpus", where=path
        )
    return {name: declared.get(name, RepoMetadata()) for name in names}
