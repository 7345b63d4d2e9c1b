"""The kit's layers, as ARCHITECTURE.md draws them: a package imports only from lower layers.

Every import counts, at the top of a module or inside a function (a lazy import is still a
dependency), and `if TYPE_CHECKING:` imports too. The command line is the top: the library never
imports it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

KIT = Path(__file__).resolve().parents[1] / "kit"

# Bottom to top. A package may import from any lower layer, never from its own layer or above.
LAYERS: list[set[str]] = [
    {"errors"},
    {"lazy", "lazy_imports", "yaml_io", "csv_io", "notebook_io", "project", "templating"},
    {"sandbox", "search", "courses", "customers", "records", "lab"},
    {"practice"},
    {"exercises"},
    {"grading"},
    {"evidence"},
    {"certify"},
    {"plans", "lms", "catalog", "lint"},
    {"variants", "outcomes"},
    {"collateral", "portal"},
    {"demo", "hub"},
    {"cli"},
    {"__main__"},
]
LAYER_OF = {package: height for height, packages in enumerate(LAYERS) for package in packages}


@dataclass(frozen=True)
class KitImport:
    """One import of a kit module, by the kit module (file and line) that makes it."""

    importer: str
    line: int
    imported: str

    @property
    def importing_package(self) -> str:
        return _package(self.importer)

    @property
    def imported_package(self) -> str:
        return _package(self.imported)

    def __str__(self) -> str:
        return f"{self.importer} (line {self.line}) imports {self.imported}"


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(KIT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def kit_imports() -> Iterator[KitImport]:
    """Every import of a `kit` module anywhere in the package's source."""
    for path in sorted(KIT.rglob("*.py")):
        importer = _module_name(path)
        package_parts = (
            importer.split(".") if path.name == "__init__.py" else importer.split(".")[:-1]
        )
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package_parts[: len(package_parts) - node.level + 1]
                    targets = [".".join([*base, *([node.module] if node.module else [])])]
                else:
                    targets = [node.module or ""]
            else:
                continue
            for target in targets:
                if target == "kit" and isinstance(node, ast.ImportFrom):
                    targets_in_kit = [f"kit.{alias.name}" for alias in node.names]
                else:
                    targets_in_kit = [target] if target.startswith("kit.") else []
                for imported in targets_in_kit:
                    yield KitImport(importer, node.lineno, imported)


ALL_IMPORTS = list(kit_imports())


def test_every_package_has_a_layer() -> None:
    packages = {_package(_module_name(path)) for path in KIT.rglob("*.py")}
    assert packages - {"kit"} <= set(LAYER_OF), (
        f"give these packages a layer here and in ARCHITECTURE.md: {packages - set(LAYER_OF)}"
    )


def test_imports_go_down_the_layers_only() -> None:
    upward = [
        str(kit_import)
        for kit_import in ALL_IMPORTS
        if kit_import.importing_package != kit_import.imported_package
        and kit_import.importing_package != "kit"
        and LAYER_OF[kit_import.imported_package] >= LAYER_OF[kit_import.importing_package]
    ]
    assert upward == [], "imports against the layers of ARCHITECTURE.md:\n" + "\n".join(upward)


def test_no_import_cycle_between_packages() -> None:
    depends: dict[str, set[str]] = {}
    for kit_import in ALL_IMPORTS:
        if kit_import.importing_package != kit_import.imported_package:
            depends.setdefault(kit_import.importing_package, set()).add(kit_import.imported_package)

    def reachable(start: str) -> set[str]:
        seen: set[str] = set()
        stack = [start]
        while stack:
            for nxt in depends.get(stack.pop(), set()) - seen:
                seen.add(nxt)
                stack.append(nxt)
        return seen

    cycles = sorted(package for package in depends if package in reachable(package))
    assert cycles == [], f"packages in an import cycle: {cycles}"


def test_only_the_entry_point_imports_the_command_line() -> None:
    importers = {
        kit_import.importer
        for kit_import in ALL_IMPORTS
        if kit_import.imported_package == "cli" and kit_import.importing_package != "cli"
    }
    assert importers == {"kit.__main__"}


def test_the_sandbox_builds_on_nothing_but_the_error_tree() -> None:
    imported = {
        kit_import.imported_package
        for kit_import in ALL_IMPORTS
        if kit_import.importing_package == "sandbox"
    }
    assert imported <= {"sandbox", "errors"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from kit.cli import main\n", "kit.cli"),
        ("def f():\n    from kit.hub.grading import x\n", "kit.hub.grading"),
        ("from kit import demo\n", "kit.demo"),
        ("from .. import hub\n", "kit.hub"),
    ],
)
def test_the_check_sees_every_form_of_import(
    source: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "kit" / "grading"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "probe.py").write_text(source)
    monkeypatch.setitem(globals(), "KIT", tmp_path / "kit")
    found = [i for i in kit_imports() if i.importer == "kit.grading.probe"]
    assert [i.imported for i in found] == [expected]
    assert LAYER_OF[found[0].imported_package] > LAYER_OF["grading"]
