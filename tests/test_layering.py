"""The package layout follows the data, and a stage never imports a later one.

Every cross-package reference of ttmigrate's code is checked against one order: the op registry
that every stage derives from, the TileLang frontend, then the pipeline (corpus -> tt -> emit ->
normalize -> compare -> snapshot -> emulate -> report), then the orchestration (run, cli). A reference
is an import statement anywhere in a module (function bodies included, where lazy imports live), an
`importlib.import_module` of a literal name, or a string that is a module path as a whole
(`"ttmigrate.report.render.html:render_html"` in a table of formats): what the code can reach by
name. The leaf utilities (atomic writes, the CPU count, escaping, the config file, lazy exports, the TVM import
guard) may be
used by every stage and use none.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import ttmigrate

PACKAGE = Path(ttmigrate.__file__).resolve().parent
ORDER = (
    "ops", "frontend", "corpus", "tt", "emit", "normalize", "compare", "snapshot", "emulate", "report",
    "run", "cli",
)  # fmt: skip
UTILITIES = ("atomic", "cpus", "escape", "config", "lazy", "tvm_without_torch")
_MODULE_PATH = re.compile(r"ttmigrate(?:\.\w+)+(?::\w+)?")


def _top_level(path: Path) -> str:
    """The stage or utility a file of the package belongs to ("" for the package's __init__)."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem if path.stem != "__init__" else ""


def _references(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every ttmigrate module the file names."""
    package = ".".join(("ttmigrate", *path.relative_to(PACKAGE).parent.parts))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                yield node.lineno, f"{base}.{node.module}" if node.module else base
            elif node.module:
                yield node.lineno, node.module
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _names_a_module(node.value):
            yield node.lineno, node.value.partition(":")[0]


def _names_a_module(text: str) -> bool:
    """A whole string that is a path into one of ttmigrate's packages ("ttmigrate.toml", a file name,
    and "ttmigrate.parity", a JUnit suite name, are not)."""
    return bool(_MODULE_PATH.fullmatch(text)) and text.split(".")[1].partition(":")[0] in (*ORDER, *UTILITIES)


def _violations(path: Path, owner: str) -> list[str]:
    """What the file of `owner` (a stage or utility) names that it may not: a later stage, or for a
    utility any stage."""
    allowed = set(UTILITIES) | {owner}
    if owner in ORDER:
        allowed |= set(ORDER[: ORDER.index(owner)])
    found = []
    for line, name in sorted(_references(path)):
        parts = name.split(".")
        if parts[0] != "ttmigrate" or len(parts) < 2:
            continue
        if parts[1] not in allowed:
            found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {owner} names {name}")
    return found


def test_every_file_belongs_to_a_declared_stage_or_utility() -> None:
    owners = {_top_level(path) for path in PACKAGE.rglob("*.py")}
    assert owners - {""} == set(ORDER) | set(UTILITIES)


@pytest.mark.parametrize("owner", [*ORDER, *UTILITIES])
def test_no_stage_names_a_later_one(owner: str) -> None:
    files = [path for path in sorted(PACKAGE.rglob("*.py")) if _top_level(path) == owner]
    assert files, owner
    assert [v for path in files for v in _violations(path, owner)] == []


def test_a_later_stage_named_in_any_form_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: each form of reference, placed in an early stage, is reported."""
    stage = tmp_path / "ttmigrate" / "emit"
    stage.mkdir(parents=True)
    module = stage / "bad.py"
    module.write_text(
        "import importlib\n"
        "from ttmigrate.normalize import normalize_cpp\n"  # the stage right after emit
        "def lazy():\n"
        "    from ttmigrate.run.cache import StageCache\n"
        "    return importlib.import_module('ttmigrate.report')\n"
        "FORMATS = {'html': 'ttmigrate.cli.report:report'}\n"
        "from ..snapshot import layout\n"
        "from ..tt import lower\n"  # an earlier stage: allowed
        "MESSAGE = 'see ttmigrate.run.cache for why'\n",  # prose, not a reference
        encoding="utf-8",
    )
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path / "ttmigrate")
    assert [v.split(": ", 1)[1] for v in _violations(module, "emit")] == [
        "emit names ttmigrate.normalize",
        "emit names ttmigrate.run.cache",
        "emit names ttmigrate.report",
        "emit names ttmigrate.cli.report",
        "emit names ttmigrate.snapshot",
    ]
    assert [v.split(": ", 1)[1] for v in _violations(module, "atomic")][-1] == "atomic names ttmigrate.tt"
