"""``ttmigrate snapshot``: the reviewer's tools for golden snapshots (see docs/REVIEWING.md)."""

from __future__ import annotations

import json
import os
import sys
import termios
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ttmigrate.snapshot.layout import ReadOnlyInCI, ensure_writable, snapshot_root
from ttmigrate.snapshot.pending import PendingChange, accept, list_pending, reject, select
from ttmigrate.snapshot.review import describe, run_review
from ttmigrate.snapshot.source import load_source
from ttmigrate.snapshot.status import (
    CHANGED,
    ERROR,
    NEW,
    ORPHANED,
    UNCHANGED,
    StatusReport,
    compute_status,
    write_pending_files,
)
from ttmigrate.snapshot.store import prune as prune_orphans

_STATE_COLOURS = {NEW: "cyan", CHANGED: "yellow", UNCHANGED: "green", ORPHANED: "magenta", ERROR: "red"}

_source_option = click.option(
    "--source",
    "source_spec",
    default=None,
    metavar="MODULE:ATTR",
    help="Where current outputs come from (default: the corpus and emitters).",
)
_root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Snapshot folder (default: <repo>/snapshots or $TTMIGRATE_SNAPSHOT_ROOT).",
)


@contextmanager
def _writes() -> Iterator[None]:
    """Turn the CI refusal into one clear message and a non-zero exit."""
    try:
        ensure_writable()
        yield
    except ReadOnlyInCI as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
def snapshot() -> None:
    """Review, accept and reject golden snapshot changes (like cargo-insta)."""


@snapshot.command()
@_source_option
@_root_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--write-pending", is_flag=True, help="Write .new files for new and changed goldens (for review).")
@click.option("--check", is_flag=True, help="Exit 1 unless everything is unchanged.")
def status(source_spec: str | None, root: Path | None, as_json: bool, write_pending: bool, check: bool) -> None:
    """Per kernel and mode: new / changed / unchanged / orphaned (current emitter output vs goldens)."""
    root = root or snapshot_root()
    report = compute_status(source=load_source(source_spec), root=root)
    if write_pending:
        with _writes():
            written = write_pending_files(report=report, root=root)
    if as_json:
        click.echo(json.dumps(_status_json(report), indent=2, allow_nan=False))
    else:
        _print_status(report)
        if write_pending:
            click.echo(f"{len(written)} pending file(s) written; run `ttmigrate snapshot review`.")
    totals = report.totals()
    if check and any(totals[state] for state in (NEW, CHANGED, ORPHANED, ERROR)):
        sys.exit(1)


def _status_json(report: StatusReport) -> dict[str, object]:
    return {
        "folders": [
            {
                "family": f.family,
                "kernel": f.kernel,
                "mode": f.mode,
                "state": f.state,
                "changed": f.changed_files,
                "header_drift": f.header_drift,
                "error": f.error,
            }
            for f in report.folders
        ],
        "orphans": [{"path": o.relpath, "reason": o.reason} for o in report.orphans],
        "totals": report.totals(),
    }


def _print_status(report: StatusReport) -> None:
    for f in report.folders:
        state = click.style(f"{f.state:<9}", fg=_STATE_COLOURS[f.state])
        detail = ", ".join(f.changed_files) if f.changed_files else ""
        if f.header_drift:
            detail += f" (header drift: {', '.join(f.header_drift)})"
        if f.error:
            detail = f.error
        click.echo(f"{state} {f.family}/{f.kernel} [{f.mode}] {detail}".rstrip())
    for o in report.orphans:
        click.echo(f"{click.style(f'{ORPHANED:<9}', fg=_STATE_COLOURS[ORPHANED])} {o.relpath} ({o.reason})")
    totals = report.totals()
    click.echo("total: " + ", ".join(f"{count} {state}" for state, count in totals.items()))


@snapshot.command()
@_root_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (for scripts).")
def pending(root: Path | None, as_json: bool) -> None:
    """List pending changes (.new files beside the goldens)."""
    changes = list_pending(root=root or snapshot_root())
    if as_json:
        click.echo(json.dumps([c.as_json() for c in changes], indent=2, allow_nan=False))
        return
    for c in changes:
        click.echo(f"{c.key.relpath}: {c.summary()}")
    click.echo(f"{len(changes)} pending change(s)")


def _selection(root: Path | None, pattern: str, mode: str | None, artifact: str | None) -> list[PendingChange]:
    return select(list_pending(root=root or snapshot_root()), pattern=pattern, mode=mode, artifact=artifact)


_filters = [
    click.argument("pattern", default="*"),
    click.option("--mode", default=None, help="Only this mode."),
    click.option("--artifact", default=None, help="Only this artifact (e.g. reader.cpp)."),
    _root_option,
]


def _with_filters(command: Callable[..., None]) -> Callable[..., None]:
    for decorator in reversed(_filters):
        command = decorator(command)
    return command


@snapshot.command(name="accept")
@_with_filters
def accept_command(pattern: str, mode: str | None, artifact: str | None, root: Path | None) -> None:
    """Accept pending changes of kernels matching the glob PATTERN."""
    with _writes():
        changes = _selection(root, pattern, mode, artifact)
        for change in changes:
            accept(change)
            click.echo(f"accepted {change.key.relpath}")
    click.echo(f"{len(changes)} change(s) accepted")


@snapshot.command(name="reject")
@_with_filters
def reject_command(pattern: str, mode: str | None, artifact: str | None, root: Path | None) -> None:
    """Reject (delete) pending changes of kernels matching the glob PATTERN."""
    with _writes():
        changes = _selection(root, pattern, mode, artifact)
        for change in changes:
            reject(change)
            click.echo(f"rejected {change.key.relpath}")
    click.echo(f"{len(changes)} change(s) rejected")


@snapshot.command()
@_with_filters
def review(pattern: str, mode: str | None, artifact: str | None, root: Path | None) -> None:
    """Step through pending changes: diff, then a accept / r reject / s skip (A/R/S for all)."""
    with _writes():
        changes = _selection(root, pattern, mode, artifact)
        if not changes:
            click.echo("no pending changes")
            return
        interactive = sys.stdin.isatty()

        def read_key() -> str:
            # One key press in a terminal; one line per change when stdin is piped (scripts, tests).
            if interactive:
                return _read_one_key()
            line = sys.stdin.readline()
            return line.strip() if line else ""

        def show(change: PendingChange, index: int, total: int) -> None:
            click.echo(click.style(describe(change, index=index, total=total), bold=True))
            for line in change.diff().splitlines():
                colour = "green" if line.startswith("+") else "red" if line.startswith("-") else None
                click.echo(click.style(line, fg=colour) if colour else line)

        result = run_review(changes, read_key=read_key, show=show, prompt=lambda text: click.echo(text))
    click.echo(
        f"{len(result.accepted)} accepted, {len(result.rejected)} rejected, {len(result.skipped)} skipped"
    )


def _read_one_key() -> str:
    """One key press, without Enter. Unlike ``click.getchar`` (raw mode with TCSAFLUSH) this keeps
    keys typed ahead while the diff was printing, and Ctrl-C still interrupts (cbreak mode)."""
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)
        return os.read(fd, 1).decode("utf-8", errors="replace")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@snapshot.command()
@_source_option
@_root_option
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
def prune(source_spec: str | None, root: Path | None, dry_run: bool) -> None:
    """Delete orphaned goldens (no kernel produces them any more). Local only: refused in CI."""
    root = root or snapshot_root()
    report = compute_status(source=load_source(source_spec), root=root)
    if dry_run:
        for o in report.orphans:
            click.echo(f"would delete {o.relpath} ({o.reason})")
        return
    with _writes():
        deleted = prune_orphans(orphans=report.orphans)
    for o in deleted:
        click.echo(f"deleted {o.relpath} ({o.reason})")
    click.echo(f"{len(deleted)} orphan(s) deleted")
