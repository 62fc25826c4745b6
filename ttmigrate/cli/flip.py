"""`ttmigrate flip`: move the default codegen mode to ir_driven, behind the gate.

`--check` only reports: exit 0 when ready, 1 listing every blocker. Without `--check`, when ready,
pyproject.toml gets `default_mode = "ir_driven"` and `kernel_modes` replaced by the pins: each kernel
that is not ready (ir-unsupported) stays on template. Re-running flip after a later run recomputes the
pins, so the list shrinks as ir_driven learns constructs. Only those two lines change; the write is
atomic. Besides
the gate in `ttmigrate.report.gate`, results computed on another corpus than the current one block.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from ttmigrate.cli.results_path import find_results
from ttmigrate.config import ConfigError, load_config, write_modes
from ttmigrate.escape import terminal_safe
from ttmigrate.report import load_results
from ttmigrate.report.gate import Blocker, evaluate_gate
from ttmigrate.report.model import IR_DRIVEN, ResultsError
from ttmigrate.report.render.terminal import pinned_lines

EXIT_BLOCKED = 1
EXIT_BAD_INPUT = 2


def _stale_corpus(corpus_hash: str, corpus_root: Path | None) -> Blocker | None:
    from ttmigrate.corpus import default_corpus_root, kernel_files
    from ttmigrate.run.metadata import corpus_hash_of_files

    root = corpus_root or default_corpus_root()
    current = corpus_hash_of_files(kernel_files(root))
    if current == corpus_hash:
        return None
    return Blocker(
        "stale-results", None, f"results were computed on another corpus than {root}; re-run `ttmigrate run`"
    )


@click.command()
@click.option("--check", "check_only", is_flag=True, help="Only report readiness and blockers.")
@click.option(
    "--results", "results_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="results.json to read (default: reports/results.json, else ./results.json).",
)  # fmt: skip
@click.option(
    "--pyproject",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Config file to read and edit.",
)
@click.option(
    "--corpus",
    "corpus_root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Corpus root.",
)
def flip(
    check_only: bool, results_path: Path | None, pyproject: Path | None, corpus_root: Path | None
) -> None:
    """Flip the default codegen mode to ir_driven when the gate allows it."""
    results_path = find_results(results_path, command="flip")
    try:
        results = load_results(results_path)
        config = load_config(pyproject)
    except (ResultsError, ConfigError) as exc:
        click.echo(f"ttmigrate flip: {terminal_safe(str(exc))}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    gate = evaluate_gate(results, expected_divergences=config.expected_divergences)
    blockers = list(gate.blockers)
    stale = _stale_corpus(results.meta.corpus_hash, corpus_root)
    if stale is not None:
        blockers.insert(0, stale)
    if blockers:
        click.echo(f"flip blocked by {len(blockers)} blocker(s):")
        for blocker in blockers:
            click.echo(f"  {terminal_safe(str(blocker), single_line=True)}")
        if not check_only:
            click.echo(f"{config.path} left unchanged.")
        sys.exit(EXIT_BLOCKED)
    click.echo(f"flip ready: {len(gate.flipped)} kernels to ir_driven, {len(gate.pins)} pinned to template")
    for line in pinned_lines(results, gate):
        click.echo(f"  {terminal_safe(line, single_line=True)}")
    if check_only:
        click.echo("next: ttmigrate flip")
        return
    # The date the default moved; a later re-flip (recomputing pins) keeps the original date.
    flipped_on = config.flipped_on if config.default_mode == IR_DRIVEN and config.flipped_on else None
    flipped_on = flipped_on or datetime.now(UTC).date().isoformat()
    try:
        write_modes(config.path, default_mode=IR_DRIVEN, kernel_modes=gate.pins, flipped_on=flipped_on)
    except ConfigError as exc:
        click.echo(f"ttmigrate flip: {terminal_safe(str(exc))}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(
        f'{config.path}: default_mode = "ir_driven" (flipped_on = "{flipped_on}"), '
        f"kernel_modes pins {len(gate.pins)} kernel(s)"
    )
