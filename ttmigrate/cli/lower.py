"""``ttmigrate lower KERNEL [--stage defaults|ws2|ws3]``: the kernel's TIR after a lowering stage."""

from __future__ import annotations

import sys

import click

from ttmigrate.corpus import KernelLoadError, resolve_kernel
from ttmigrate.tt import STAGES, LoweringError
from ttmigrate.tt import lower as lower_module


def _core_grid(text: str) -> tuple[int, int]:
    try:
        x, y = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise click.BadParameter(f"expected COLSxROWS such as 8x8, got {text!r}") from None
    if x <= 0 or y <= 0:
        raise click.BadParameter(f"core grid must be positive, got {text!r}")
    return x, y


@click.command()
@click.argument("kernel")
@click.option(
    "--stage",
    type=click.Choice(STAGES),
    default="ws3",
    show_default=True,
    help="Print the IR after this stage.",
)
@click.option("--core-grid", default="8x8", show_default=True, help="Tensix core grid, COLSxROWS.")
def lower(kernel: str, stage: str, core_grid: str) -> None:
    """Lower KERNEL (a corpus name or a .py path) and print its TVMScript with its attributes."""
    grid = _core_grid(core_grid)
    try:
        loaded = resolve_kernel(kernel)
    except KernelLoadError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(1)
    try:
        mod = lower_module(loaded.main, stage=stage, core_grid=grid)
    except LoweringError as err:
        click.echo(
            f"error: {loaded.name} cannot be lowered ({len(err.diagnostics)} diagnostic(s)):", err=True
        )
        for diagnostic in err.diagnostics:
            click.echo(f"  {diagnostic.render()}", err=True)
        sys.exit(1)
    click.echo(mod["main"].script())
