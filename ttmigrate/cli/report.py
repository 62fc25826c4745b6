"""`ttmigrate report`: render a results.json (terminal dashboard, html, md, junit, json)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click
from rich.console import Console

from ttmigrate.atomic import write_text
from ttmigrate.cli.results_path import find_results
from ttmigrate.config import ConfigError, load_config
from ttmigrate.report import load_results
from ttmigrate.report.model import ResultsError
from ttmigrate.report.render import FORMATS
from ttmigrate.report.summary import summarize

EXIT_BAD_INPUT = 2


@click.command()
@click.option(
    "--results", "results_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="results.json to read (default: reports/results.json, else ./results.json).",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="terminal", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option(
    "--pyproject", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Config file."
)
def report(results_path: Path | None, fmt: str, out: Path | None, pyproject: Path | None) -> None:
    """Render RESULTS. The flip gate shown uses the current expected-divergence list."""
    results_path = find_results(results_path, command="report")
    try:
        results = load_results(results_path)
        config = load_config(pyproject)
    except (ResultsError, ConfigError) as exc:
        click.echo(f"ttmigrate report: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    summary = summarize(results, expected_divergences=config.expected_divergences)
    if fmt == "terminal" and out is None:
        from ttmigrate.report.render.terminal import render

        render(summary, Console())
        return
    module_name, attr = FORMATS[fmt].split(":")
    text = getattr(importlib.import_module(module_name), attr)(summary)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_text(out, text)
        click.echo(f"{fmt} report: {out}", err=True)
