"""`ttmigrate history [FILE]`: the runs recorded by `ttmigrate run --history FILE`, oldest first."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ttmigrate.escape import terminal_safe
from ttmigrate.report.history import HistoryError, parity_points, read_history, sparkline, to_data

EXIT_BAD_INPUT = 2
DEFAULT_HISTORY = Path("history.jsonl")


@click.command()
@click.argument("history_file", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_HISTORY)
@click.option("--json", "as_json", is_flag=True, help="The records as a JSON list.")
def history(history_file: Path, as_json: bool) -> None:
    """List the recorded runs of HISTORY_FILE: when, commit, kernels, parity, time; and the trend."""
    try:
        read = read_history(history_file)
    except HistoryError as exc:
        click.echo(f"ttmigrate history: {terminal_safe(str(exc))}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    for warning in read.warnings():
        click.echo(f"ttmigrate history: {terminal_safe(warning)}", err=True)
    records = read.records
    if as_json:
        click.echo(json.dumps([to_data(r) for r in records], indent=1))
        return
    if not records:
        click.echo(f"no runs recorded in {history_file} (record one: ttmigrate run --history {history_file})")
        return
    click.echo(
        f"{'#':>3}  {'started':25s} {'commit':8s} {'kernels':>7s} {'parity':>7s} {'time':>8s}  selection"
    )
    for number, record in enumerate(records, 1):
        # The record's text (times, commit, selection) comes from a file: shown, never executed.
        line = (
            f"{number:>3}  {record.started_at:25s} {(record.git_commit or '-')[:8]:8s} {len(record.kernels):>7d} "
            f"{record.parity:>7d} {record.duration_s:>7.1f}s  {' '.join(record.selection) or '(all)'}"
        )
        click.echo(terminal_safe(line, single_line=True))
    click.echo(f"parity trend: {sparkline(parity_points(records))}")
