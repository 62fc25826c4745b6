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
from ttmigrate.escape import terminal_safe
from ttmigrate.report import load_results
from ttmigrate.report.history import TrendPoint
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
@click.option(
    "--history", "history_path", type=click.Path(dir_okay=False, path_type=Path),
    help="A run history (`ttmigrate run --history FILE`): the terminal dashboard adds the parity "
    "sparkline, the HTML report the parity-over-runs chart.",
)  # fmt: skip
def report(
    results_path: Path | None, fmt: str, out: Path | None, pyproject: Path | None, history_path: Path | None
) -> None:
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

        console = Console()
        render(summary, console)
        if history_path is not None:
            _trend(history_path, console)
        return
    module_name, attr = FORMATS[fmt].split(":")
    if fmt == "html" and history_path is not None:
        from ttmigrate.report.render.html import render_html

        text = render_html(summary, history=_points(history_path))
    else:
        text = getattr(importlib.import_module(module_name), attr)(summary)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_text(out, text)
        click.echo(f"{fmt} report: {out}", err=True)


def _points(history_path: Path) -> list[TrendPoint]:
    from ttmigrate.report.history import HistoryError, parity_points, read_history

    try:
        read = read_history(history_path)
    except HistoryError as exc:
        click.echo(f"ttmigrate report: {terminal_safe(str(exc))}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    for warning in read.warnings():
        click.echo(f"ttmigrate report: {terminal_safe(warning)}", err=True)
    return parity_points(read.records)


def _trend(history_path: Path, console: Console) -> None:
    from ttmigrate.report.history import sparkline
    from ttmigrate.report.render.terminal import trend

    points = _points(history_path)
    if not points:
        console.print(f"no runs recorded in {history_path}")
        return
    first, last = points[0], points[-1]
    console.print(
        trend(
            sparkline=sparkline(points),
            first=(first.parity, first.total),
            last=(last.parity, last.total),
            runs=len(points),
        )
    )
