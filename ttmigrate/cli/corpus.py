"""`ttmigrate corpus`: list the kernel corpus (with the load status of every file) and show a kernel."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ttmigrate.corpus import BrokenKernel, CorpusLoad, Kernel, KernelLoadError, load_corpus, resolve_kernel

_WIDE = 100_000  # off a terminal, never wrap a row: one kernel per line greps and diffs cleanly


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else _WIDE, highlight=False)


def _error_json(error: KernelLoadError) -> dict[str, Any]:
    return {"path": str(error.path), "line": error.line, "message": error.message}


def _kernel_row(kernel: Kernel) -> dict[str, Any]:
    return {
        "name": kernel.name,
        "family": kernel.family,
        "path": str(kernel.path),
        "status": "ok",
        "params": [{"name": p.name, "shape": list(p.shape), "dtype": p.dtype} for p in kernel.params],
        "inputs": list(kernel.inputs),
        "outputs": list(kernel.outputs),
        "tags": list(kernel.tags),
    }


def _broken_row(broken: BrokenKernel) -> dict[str, Any]:
    return {
        "name": broken.name,
        "family": broken.family,
        "path": str(broken.path),
        "status": "broken",
        "error": _error_json(broken.error),
    }


def _rows(load: CorpusLoad) -> list[dict[str, Any]]:
    rows = [_kernel_row(k) for k in load.kernels] + [_broken_row(b) for b in load.broken]
    return sorted(rows, key=lambda r: (r["family"], r["name"]))


def _render_table(load: CorpusLoad, console: Console) -> None:
    table = Table(title="ttmigrate corpus")
    table.add_column("name", no_wrap=True)
    table.add_column("family", no_wrap=True)
    table.add_column("shapes")
    table.add_column("status")
    by_path = {k.path: k for k in load.kernels}
    for row in _rows(load):
        kernel = by_path.get(Path(row["path"]))
        if kernel is not None:
            table.add_row(kernel.name, kernel.family, kernel.shapes or "-", "[green]ok[/green]")
        else:
            error = row["error"]
            where = f"{error['path']}:{error['line']}" if error["line"] else error["path"]
            table.add_row(row["name"], row["family"], "-", f"[red]broken[/red]: {where}: {error['message']}")
    console.print(table)
    console.print(
        f"{len(load.kernels) + len(load.broken)} kernel files: {len(load.kernels)} ok, {len(load.broken)} broken"
    )


@click.group()
def corpus() -> None:
    """The TileLang kernel corpus (corpus/<family>/<name>.py)."""


@corpus.command(name="list")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Corpus folder (default: the project's corpus/).",
)
@click.option("--strict", is_flag=True, help="Exit non-zero when any kernel file fails to load.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_kernels(root: Path | None, strict: bool, as_json: bool) -> None:
    """List every kernel: name, family, tensor shapes, and whether it loads (with the error if not)."""
    load = load_corpus(root)
    if as_json:
        click.echo(json.dumps(_rows(load), indent=2, allow_nan=False))
    else:
        _render_table(load, _console())
    if strict and load.broken:
        raise SystemExit(1)


@corpus.command()
@click.argument("name_or_path")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Corpus folder searched for NAME (default: the project's corpus/).",
)
def show(name_or_path: str, root: Path | None) -> None:
    """Print a kernel's TVMScript. NAME_OR_PATH: `gemm_256`, `gemm/gemm_256`, or a .py file."""
    try:
        kernel = resolve_kernel(name_or_path, root=root)
    except KernelLoadError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"# {kernel.family}/{kernel.name}: {kernel.path}")
    click.echo(f"# inputs: {', '.join(kernel.inputs) or '-'}; outputs: {', '.join(kernel.outputs) or '-'}")
    click.echo(kernel.main.script())
