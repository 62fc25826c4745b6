"""``ttmigrate emit KERNEL --mode template|ir_driven --out DIR``."""

from __future__ import annotations

from pathlib import Path

import click

from ..corpus import KernelLoadError
from ..corpus.manifest import ManifestError
from ..escape import terminal_safe
from .manifest_option import manifest_option, resolve


@click.command()
@click.argument("kernel")
@click.option(
    "--mode",
    type=click.Choice(["template", "ir_driven"]),
    default=None,
    help="Codegen mode (default: the kernel's tt_codegen_mode attribute, then pyproject's default_mode).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for reader.cpp, compute.cpp, writer.cpp, main.cpp and tt.plan.json.",
)
@manifest_option
def emit(kernel: str, mode: str | None, out_dir: Path, manifest: Path | None) -> None:
    """Lower KERNEL (a corpus name or a .py path) and write its five artifacts."""
    from ..emit import UnsupportedConstruct, emit_kernel, write_artifacts_to_disk
    from ..snapshot.layout import ReadOnlyInCI, ensure_not_golden_in_ci
    from ..tt import LoweringError

    try:
        ensure_not_golden_in_ci(out_dir)
    except ReadOnlyInCI as err:
        raise click.ClickException(str(err)) from None
    try:
        artifacts = emit_kernel(resolve(kernel, manifest), mode=mode)
    except (KernelLoadError, ManifestError, LoweringError, UnsupportedConstruct) as err:
        raise click.ClickException(terminal_safe(str(err))) from None
    for path in write_artifacts_to_disk(artifacts, out_dir):
        click.echo(str(path))
