"""``ttmigrate snapshot``: the reviewer's tools for golden snapshots (see docs/REVIEWING.md)."""

from __future__ import annotations

import json
import os
import sys
import termios
import time
import tty
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ttmigrate.cli.choices import NoMatch, artifact_choice, did_you_mean, mode_choice
from ttmigrate.cpus import available_cpus
from ttmigrate.snapshot.groups import ChangeGroup, find_group, group_changes
from ttmigrate.snapshot.impact import KernelImpact, totals
from ttmigrate.snapshot.layout import ReadOnlyInCI, ensure_writable, snapshot_root
from ttmigrate.snapshot.pending import PendingChange, accept, list_pending, matches_pattern, reject, select
from ttmigrate.snapshot.review import describe_group, run_review
from ttmigrate.snapshot.source import PipelineSource, load_source
from ttmigrate.snapshot.status import (
    CHANGED,
    ERROR,
    NEW,
    ORPHANED,
    UNCHANGED,
    StatusReport,
    compute_status,
    proposed_changes,
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
_impact_option = click.option(
    "--impact/--no-impact",
    default=True,
    show_default=True,
    help="Work out what each change means (parity, emulator verdict, category, flip gate).",
)
_jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None,
    help="Kernels whose impact is worked out at once, and the most host-batch compiles started at "
    "once.  [default: the CPUs this process may use, as for `ttmigrate run`]",
)  # fmt: skip
_manifest_option = click.option(
    "--manifest",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="A kernel manifest: its kernels instead of the corpus; goldens default to snapshots/ beside it.",
)


def _root(root: Path | None, manifest: Path | None) -> Path:
    if root is not None:
        return root
    if manifest is not None:
        from ttmigrate.corpus.manifest import find_manifest, manifest_snapshot_root

        return manifest_snapshot_root(find_manifest(manifest.resolve()))
    return snapshot_root()


def _source(source_spec: str | None, manifest: Path | None) -> Any:
    if manifest is not None:
        if source_spec is not None:
            raise click.UsageError("give --source or --manifest, not both")
        from ttmigrate.snapshot.manifest_source import ManifestSource

        return ManifestSource(manifest=manifest)
    return load_source(source_spec)


@contextmanager
def _writes() -> Iterator[None]:
    """Turn the CI refusal into one clear message and a non-zero exit."""
    try:
        ensure_writable()
        yield
    except ReadOnlyInCI as exc:
        raise click.ClickException(str(exc)) from exc


def _impacts(
    changes: Sequence[PendingChange], *, root: Path, manifest: Path | None = None, jobs: int | None = None
) -> dict[str, KernelImpact]:
    """Impact per ``family/kernel`` through the run's cached stages, with a progress line on stderr."""
    from ttmigrate.config import ConfigError, load_config
    from ttmigrate.run.impact import compute_impact, corpus_handles, manifest_handles, requests_for

    requests = requests_for(changes)
    if not requests:
        return {}
    try:
        expected = dict(load_config(None).expected_divergences)
    except ConfigError as exc:
        click.echo(f"impact: {exc}; expected divergences not taken into account", err=True)
        expected = {}
    start = time.perf_counter()
    done = 0

    live = sys.stderr.isatty()

    def progress(impact: KernelImpact) -> None:
        nonlocal done
        done += 1
        if live:
            click.echo(
                f"\rimpact: {done}/{len(requests)} kernels ({impact.name})".ljust(70), nl=False, err=True
            )
        elif done % 10 == 0:
            click.echo(f"impact: {done}/{len(requests)} kernels", err=True)

    impacts = compute_impact(
        requests=requests,
        root=root,
        handles=manifest_handles(manifest) if manifest is not None else corpus_handles(),
        expected_divergences=expected,
        on_done=progress,
        jobs=jobs or available_cpus(),
    )
    click.echo(
        f"\rimpact of {len(requests)} kernel(s) in {time.perf_counter() - start:.1f} s".ljust(70), err=True
    )
    return {i.name: i for i in impacts}


@click.group()
def snapshot() -> None:
    """Review, accept and reject golden snapshot changes (like cargo-insta)."""


@snapshot.command()
@_source_option
@_root_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--write-pending", is_flag=True, help="Write .new files for new and changed goldens (for review)."
)
@click.option("--check", is_flag=True, help="Exit 1 unless everything is unchanged.")
@_impact_option
@_jobs_option
@_manifest_option
def status(
    source_spec: str | None,
    root: Path | None,
    as_json: bool,
    write_pending: bool,
    check: bool,
    impact: bool,
    jobs: int | None,
    manifest: Path | None,
) -> None:
    """Per kernel and mode: new / changed / unchanged / orphaned (current emitter output vs goldens),
    and what each change means (with the real pipeline as source)."""
    root = _root(root, manifest)
    source = _source(source_spec, manifest)
    report = compute_status(source=source, root=root)
    if write_pending:
        with _writes():
            written = write_pending_files(report=report, root=root)
    # A recorded source (tests, --source) has no corpus kernels to emulate.
    impacts = _impacts(proposed_changes(report=report, root=root), root=root, manifest=manifest, jobs=jobs) if impact and isinstance(
        source, PipelineSource
    ) else {}  # fmt: skip
    if as_json:
        click.echo(json.dumps(_status_json(report, impacts), indent=2, allow_nan=False))
    else:
        _print_status(report, impacts)
        if write_pending:
            click.echo(f"{len(written)} pending file(s) written; run `ttmigrate snapshot review`.")
    totals_ = report.totals()
    if check and any(totals_[state] for state in (NEW, CHANGED, ORPHANED, ERROR)):
        sys.exit(1)


def _status_json(report: StatusReport, impacts: dict[str, KernelImpact]) -> dict[str, object]:
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
        "impact": [i.as_json() for i in impacts.values()],
    }


def _print_status(report: StatusReport, impacts: dict[str, KernelImpact]) -> None:
    shown: set[str] = set()
    for f in report.folders:
        state = click.style(f"{f.state:<9}", fg=_STATE_COLOURS[f.state])
        detail = ", ".join(f.changed_files) if f.changed_files else ""
        if f.header_drift:
            detail += f" (header drift: {', '.join(f.header_drift)})"
        if f.error:
            detail = f.error
        click.echo(f"{state} {f.family}/{f.kernel} [{f.mode}] {detail}".rstrip())
        name = f"{f.family}/{f.kernel}"
        if name in impacts and name not in shown:
            shown.add(name)
            _echo_impact(impacts[name], indent="          ")
    for o in report.orphans:
        click.echo(f"{click.style(f'{ORPHANED:<9}', fg=_STATE_COLOURS[ORPHANED])} {o.relpath} ({o.reason})")
    counts = report.totals()
    click.echo("total: " + ", ".join(f"{count} {state}" for state, count in counts.items()))
    if impacts:
        _echo_impact_totals(list(impacts.values()))


def _echo_impact(impact: KernelImpact, *, indent: str) -> None:
    colour = "red" if impact.gate_change == "blocks the flip" or impact.error else (
        "green" if impact.gate_change == "unblocks the flip" else None
    )  # fmt: skip
    click.echo(indent + "impact: " + click.style(impact.headline(), fg=colour, bold=bool(colour)))
    for line in impact.details():
        click.echo(f"{indent}  {line}")


def _echo_impact_totals(impacts: list[KernelImpact]) -> None:
    t = totals(impacts)
    click.echo(
        f"impact: {t['kernels']} kernel(s), {t['category-changes']} change category, "
        f"{t['newly-blocking']} newly block the flip, {t['unblocked']} unblock it"
        + (f", {t['unknown']} unknown" if t["unknown"] else "")
    )


@snapshot.command()
@_root_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (for scripts).")
@_manifest_option
def pending(root: Path | None, as_json: bool, manifest: Path | None) -> None:
    """List pending changes (.new files beside the goldens), grouped into identical changes."""
    changes = list_pending(root=_root(root, manifest))
    if as_json:
        groups = {m.key.relpath: g.id for g in group_changes(changes) for m in g.members}
        click.echo(
            json.dumps(
                [{**c.as_json(), "group": groups[c.key.relpath]} for c in changes], indent=2, allow_nan=False
            )
        )
        return
    for group in group_changes(changes):
        click.echo(f"group {group.id}: {group.title()}")
        for member in group.members:
            click.echo(f"  {member.key.relpath}")
    click.echo(f"{len(changes)} pending change(s)")


def _selection(
    root: Path | None, pattern: str, mode: str | None, artifact: str | None, group_id: str | None = None
) -> list[PendingChange]:
    """The selected pending changes; a selection that matches nothing while something is pending is
    an error naming what was looked for and what is there."""
    everything = list_pending(root=root or snapshot_root())
    if group_id is not None:
        group = find_group(group_changes(everything), group_id)
        if group is None:
            ids = [g.id for g in group_changes(everything)]
            raise NoMatch(
                f"no pending group {group_id!r}{did_you_mean(group_id, ids)}; see `ttmigrate snapshot pending`"
            )
        everything = list(group.members)
    chosen = select(everything, pattern=pattern, mode=mode, artifact=artifact)
    narrowed = pattern != "*" or mode is not None or artifact is not None
    if chosen or not everything or not narrowed:
        return chosen
    names = sorted(
        {c.key.kernel for c in everything} | {f"{c.key.family}/{c.key.kernel}" for c in everything}
    )
    by_pattern = [c for c in everything if matches_pattern(pattern, family=c.key.family, kernel=c.key.kernel)]
    if not by_pattern:
        hint = did_you_mean(pattern, names)
        raise NoMatch(
            f"pattern {pattern!r} matches no kernel with pending changes{hint}. "
            f"{len(everything)} change(s) are pending; PATTERN is a glob over kernel names "
            "(over family/kernel when it contains '/')."
        )
    there = sorted({f"{c.key.mode}/{c.key.name}" for c in by_pattern})
    wanted = "/".join(x for x in (mode, artifact) if x)
    raise NoMatch(
        f"{pattern!r} has no pending change in {wanted}; its pending changes are in: {', '.join(there)}"
    )


_filters = [
    click.argument("pattern", default="*"),
    click.option("--mode", type=mode_choice(), default=None, help="Only this mode."),
    click.option(
        "--artifact", type=artifact_choice(), default=None, help="Only this artifact (e.g. reader.cpp)."
    ),
    click.option(
        "--group", "group_id", default=None, metavar="ID", help="Only this group (ids: `snapshot pending`)."
    ),
    _root_option,
    _manifest_option,
]


def _with_filters(command: Callable[..., None]) -> Callable[..., None]:
    for decorator in reversed(_filters):
        command = decorator(command)
    return command


@snapshot.command(name="accept")
@_with_filters
def accept_command(
    pattern: str,
    mode: str | None,
    artifact: str | None,
    group_id: str | None,
    root: Path | None,
    manifest: Path | None,
) -> None:
    """Accept pending changes of kernels matching the glob PATTERN."""
    with _writes():
        changes = _selection(_root(root, manifest), pattern, mode, artifact, group_id)
        for change in changes:
            accept(change)
            click.echo(f"accepted {change.key.relpath}")
    click.echo(f"{len(changes)} change(s) accepted")


@snapshot.command(name="reject")
@_with_filters
def reject_command(
    pattern: str,
    mode: str | None,
    artifact: str | None,
    group_id: str | None,
    root: Path | None,
    manifest: Path | None,
) -> None:
    """Reject (delete) pending changes of kernels matching the glob PATTERN."""
    with _writes():
        changes = _selection(_root(root, manifest), pattern, mode, artifact, group_id)
        for change in changes:
            reject(change)
            click.echo(f"rejected {change.key.relpath}")
    click.echo(f"{len(changes)} change(s) rejected")


@snapshot.command()
@_with_filters
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@_jobs_option
def impact(
    pattern: str,
    mode: str | None,
    artifact: str | None,
    group_id: str | None,
    root: Path | None,
    manifest: Path | None,
    as_json: bool,
    jobs: int | None,
) -> None:
    """What the pending changes mean, per kernel: parity level against the other mode, emulator
    verdict, category and flip gate, before → after. Uses the cached stages; writes nothing."""
    root = _root(root, manifest)
    changes = _selection(root, pattern, mode, artifact, group_id)
    impacts = _impacts(changes, root=root, manifest=manifest, jobs=jobs)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "kernels": [i.as_json() for i in impacts.values()],
                    "totals": totals(list(impacts.values())),
                },
                indent=2,
            )
        )
        return
    if not impacts:
        click.echo("no pending changes")
        return
    for item in impacts.values():
        click.echo(f"{item.name} ({item.changes} pending, {', '.join(item.changed_modes)})")
        _echo_impact(item, indent="  ")
    _echo_impact_totals(list(impacts.values()))


@snapshot.command()
@_with_filters
@_impact_option
@click.option("--web", is_flag=True, help="Review in a browser: a local page on 127.0.0.1 (refused in CI).")
@_jobs_option
def review(
    pattern: str,
    mode: str | None,
    artifact: str | None,
    group_id: str | None,
    root: Path | None,
    manifest: Path | None,
    impact: bool,
    web: bool,
    jobs: int | None,
) -> None:
    """Step through pending changes, identical ones grouped: diff and impact, then a accept /
    r reject / s skip / x split a group (A/R/S for all)."""
    root = _root(root, manifest)
    with _writes():
        changes = _selection(root, pattern, mode, artifact, group_id)
        if not changes:
            click.echo("no pending changes")
            return
        impacts = _impacts(changes, root=root, manifest=manifest, jobs=jobs) if impact else {}
        groups = group_changes(changes)
        if web:
            from ttmigrate.cli.review_web import RefusedInCI, serve

            try:
                result = serve(groups=groups, impacts=impacts, echo=click.echo)
            except RefusedInCI as exc:
                raise click.ClickException(str(exc)) from exc
            click.echo(
                f"{len(result.accepted)} accepted, {len(result.rejected)} rejected, {len(result.skipped)} skipped"
            )
            return
        interactive = sys.stdin.isatty()

        def read_key() -> str:
            # One key press in a terminal; one line per group when stdin is piped (scripts, tests).
            if interactive:
                return _read_one_key()
            line = sys.stdin.readline()
            return line.strip() if line else ""

        def show(group: ChangeGroup, index: int, total: int) -> None:
            click.echo(
                click.style(describe_group(group, index=index, total=total, impacts=impacts), bold=True)
            )
            for line in group.first.diff().splitlines():
                colour = "green" if line.startswith("+") else "red" if line.startswith("-") else None
                click.echo(click.style(line, fg=colour) if colour else line)

        result = run_review(groups, read_key=read_key, show=show, prompt=lambda text: click.echo(text))
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
@_manifest_option
def prune(source_spec: str | None, root: Path | None, dry_run: bool, manifest: Path | None) -> None:
    """Delete orphaned goldens (no kernel produces them any more). Local only: refused in CI."""
    root = _root(root, manifest)
    report = compute_status(source=_source(source_spec, manifest), root=root)
    if dry_run:
        for o in report.orphans:
            click.echo(f"would delete {o.relpath} ({o.reason})")
        return
    with _writes():
        deleted = prune_orphans(orphans=report.orphans)
    for o in deleted:
        click.echo(f"deleted {o.relpath} ({o.reason})")
    click.echo(f"{len(deleted)} orphan(s) deleted")
