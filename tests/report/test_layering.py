"""report sits below run and cli: it must never import them (it reads results.json only)."""

from __future__ import annotations

import ast
from pathlib import Path

import ttmigrate.report

FORBIDDEN = ("ttmigrate.run", "ttmigrate.cli")


def test_report_never_imports_run_or_cli() -> None:
    root = Path(ttmigrate.report.__file__).parent
    offenders = []
    files = sorted(root.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}:{node.lineno}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []
