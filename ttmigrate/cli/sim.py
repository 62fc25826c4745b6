"""``ttmigrate sim KERNEL --mode template|ir_driven [--json]``: emit KERNEL, run it on the host
emulation of Metalium against its NumPy reference, print the verdict and the error figures.
Exit status 0 when the outputs are correct, 1 for any other verdict."""

from __future__ import annotations

import dataclasses
import json
import math
import sys
from pathlib import Path
from typing import Any

import click

from ..emulate.model import SimResult
from .manifest_option import manifest_option, resolve


@click.command()
@click.argument("kernel")
@click.option(
    "--mode",
    type=click.Choice(["template", "ir_driven"]),
    default=None,
    help="Codegen mode (default: the kernel's tt_codegen_mode attribute, then pyproject's default_mode).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random inputs.")
@click.option(
    "--timeout",
    "timeout_s",
    type=float,
    default=120.0,
    show_default=True,
    help="Seconds before a run is killed and reported as a deadlock.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build cache (default: $TTMIGRATE_CACHE_DIR/sim, else .ttmigrate-cache/sim).",
)
@manifest_option
def sim(
    kernel: str,
    mode: str | None,
    as_json: bool,
    seed: int,
    timeout_s: float,
    cache_dir: Path | None,
    manifest: Path | None,
) -> None:
    """Run KERNEL (a corpus name or a .py path) on the host emulation and compare with NumPy."""
    from ..corpus import KernelLoadError
    from ..corpus.manifest import ManifestError
    from ..emit import UnsupportedConstruct, emit_kernel
    from ..emulate import SimInputError, simulate_kernel
    from ..tt import LoweringError

    try:
        loaded = resolve(kernel, manifest)
        artifacts = emit_kernel(loaded, mode)
        result = simulate_kernel(
            kernel=loaded, artifacts=artifacts, seed=seed, timeout_s=timeout_s, cache_dir=cache_dir
        )
    except (KernelLoadError, ManifestError, LoweringError, UnsupportedConstruct, SimInputError) as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        click.echo(
            json.dumps(result_json(kernel=loaded.name, mode=mode, result=result), indent=2, allow_nan=False)
        )
    else:
        click.echo(render_text(kernel=loaded.name, mode=mode, result=result))
    sys.exit(0 if result.status == "correct" else 1)


def result_json(*, kernel: str, mode: str | None, result: SimResult) -> dict[str, Any]:
    data = dataclasses.asdict(result)
    data.pop("stderr_tail")
    return {"kernel": kernel, "mode": mode, **_finite(data)}


def _finite(value: Any) -> Any:
    """Strict JSON has no inf/NaN: an error figure that is not finite becomes null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def render_text(*, kernel: str, mode: str | None, result: SimResult) -> str:
    lines = [f"{kernel} [{mode or 'default mode'}]: {result.status}"]
    if result.max_abs_err is not None:
        lines.append(
            f"  max abs err {result.max_abs_err:.4g}  max rel err {result.max_rel_err:.4g}  PCC {result.pcc:.6f}"
        )
    lines.append(f"  {result.detail}")
    cache = "cache hit" if result.cache_hit else f"compiled in {result.compile_s:.2f} s"
    lines.append(f"  ({cache}, ran in {result.run_s:.2f} s)")
    return "\n".join(lines)
