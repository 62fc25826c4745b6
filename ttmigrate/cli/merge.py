"""`ttmigrate merge SHARD_RESULTS... --out-dir DIR`: shard results into one results.json."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ttmigrate.report.model import ResultsError

EXIT_BAD_INPUT = 2
ORPHANS_NAME = "orphans.txt"


@click.command()
@click.argument("shard_files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="Folder for the merged results.json (and orphans.txt).",
)  # fmt: skip
@click.option(
    "--snapshots", "snapshot_root", type=click.Path(file_okay=False, path_type=Path),
    help="Golden snapshot root, judged for orphans on the union of the shards (default: snapshots/).",
)  # fmt: skip
@click.option(
    "--junit", "junit_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JUnit XML file to merge (repeatable; e.g. one per pytest-split group).",
)  # fmt: skip
@click.option(
    "--junit-out", type=click.Path(dir_okay=False, path_type=Path), help="Where the merged JUnit XML goes."
)
def merge(
    shard_files: tuple[Path, ...],
    out_dir: Path,
    snapshot_root: Path | None,
    junit_files: tuple[Path, ...],
    junit_out: Path | None,
) -> None:
    """Merge SHARD_FILES (shard-K-of-N.json from `ttmigrate run --shard K/N`) into OUT_DIR/results.json.

    Refuses overlapping or missing shards and shards of another corpus hash or tool version (exit 2,
    naming the files). Snapshots unused by every shard are listed in OUT_DIR/orphans.txt.
    """
    from ttmigrate.atomic import write_text
    from ttmigrate.run.merge import MergeError, merge_junit, merge_shards
    from ttmigrate.run.runner import RESULTS_NAME
    from ttmigrate.snapshot.layout import snapshot_root as default_snapshot_root

    if bool(junit_files) != (junit_out is not None):
        click.echo("ttmigrate merge: --junit and --junit-out go together", err=True)
        sys.exit(EXIT_BAD_INPUT)
    try:
        if junit_out is not None:
            cases = merge_junit(paths=junit_files, out=junit_out)
            click.echo(f"junit ({cases} test cases from {len(junit_files)} files): {junit_out}")
        if not shard_files:
            if junit_out is None:
                raise MergeError("no shard results given")
            return
        outcome = merge_shards(paths=shard_files, snapshot_root=snapshot_root or default_snapshot_root())
    except (MergeError, ResultsError) as exc:
        click.echo(f"ttmigrate merge: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    results_path = out_dir / RESULTS_NAME
    write_text(results_path, outcome.results.to_json())
    lines = [f"{o.relpath}: {o.reason}" for o in outcome.orphans]
    write_text(out_dir / ORPHANS_NAME, "".join(f"{line}\n" for line in lines))
    count = len(outcome.results.kernels)
    click.echo(f"merged {len(shard_files)} shards, {count} kernel{'s' * (count != 1)}: {results_path}")
    if lines:
        click.echo(f"orphaned snapshots ({len(lines)}, judged on all shards): {out_dir / ORPHANS_NAME}")
        for line in lines:
            click.echo(f"  {line}")
