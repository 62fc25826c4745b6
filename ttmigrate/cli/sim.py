"""``ttmigrate sim KERNEL --mode template|ir_driven [--json]``: emit KERNEL, run it on the host
emulation of Metalium against its NumPy reference, print the verdict and the error figures.
``ttmigrate sim KERNEL --artifacts DIR``: the same for a given set of artifacts (reader, compute,
writer, main.cpp) instead of the emitter's.
``ttmigrate sim --program DIR [-- HOST_ARGS]``: run a program folder written the way tt-metal's
programming examples are (the host judges its own results): its exit status, its output and the
emulator's findings.
Exit status 0 when the outputs are correct (the program passed), 1 otherwise; with --json the
output is always one JSON object, errors included."""

from __future__ import annotations

import dataclasses
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ..emulate.faults import describe
from ..emulate.model import SimResult

if TYPE_CHECKING:
    from ..emulate.program_run import ProgramRun
from .manifest_option import manifest_option, resolve


@click.command(context_settings={"ignore_unknown_options": False})
@click.argument("args", nargs=-1, metavar="KERNEL | --program DIR [-- HOST_ARGS]")
@click.option(
    "--program",
    "program_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Run this program folder (host plus kernels); arguments after -- go to the host.",
)
@click.option(
    "--artifacts",
    "artifacts_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Run the artifacts in this folder against KERNEL's NumPy reference instead of emitting.",
)
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
    args: tuple[str, ...],
    program_dir: Path | None,
    artifacts_dir: Path | None,
    mode: str | None,
    as_json: bool,
    seed: int,
    timeout_s: float,
    cache_dir: Path | None,
    manifest: Path | None,
) -> None:
    """Run KERNEL (a corpus name or a .py path) on the host emulation and compare with NumPy, or
    run a program folder (--program DIR)."""
    if program_dir is not None:
        if artifacts_dir is not None:
            _fail(as_json, "--program and --artifacts cannot be combined")
        _run_program(program_dir, args, as_json=as_json, timeout_s=timeout_s, cache_dir=cache_dir)
        return
    if len(args) != 1:
        _fail(as_json, f"expected one KERNEL, got {len(args)} arguments {list(args)}")
    kernel = args[0]
    from ..corpus import KernelLoadError
    from ..corpus.manifest import ManifestError
    from ..emit import UnsupportedConstruct, emit_kernel
    from ..emulate import SimInputError, simulate_kernel
    from ..tt import LoweringError
    from .refusal import print_and_exit, refusal_json

    try:
        loaded = resolve(kernel, manifest)
    except (KernelLoadError, ManifestError) as err:
        _fail(as_json, str(err))
    try:
        artifacts = (
            _read_artifacts(artifacts_dir) if artifacts_dir is not None else emit_kernel(loaded, mode=mode)
        )
        result = simulate_kernel(
            kernel=loaded, artifacts=artifacts, seed=seed, timeout_s=timeout_s, cache_dir=cache_dir
        )
    except (LoweringError, UnsupportedConstruct) as err:
        if as_json:  # the named construct and where it is, as one object
            print_and_exit(refusal_json(err, kernel=loaded.name, mode=mode))
        _fail(as_json, str(err))
    except SimInputError as err:
        _fail(as_json, str(err))
    if as_json:
        click.echo(
            json.dumps(result_json(kernel=loaded.name, mode=mode, result=result), indent=2, allow_nan=False)
        )
    else:
        label = f"artifacts {artifacts_dir}" if artifacts_dir is not None else mode
        click.echo(render_text(kernel=loaded.name, mode=label, result=result))
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


def _fail(as_json: bool, message: str) -> NoReturn:
    if as_json:
        from .refusal import error_json, print_and_exit

        print_and_exit(error_json(message))
    raise click.ClickException(message)


def _read_artifacts(folder: Path) -> dict[str, str]:
    """The files of an artifacts folder (reader.cpp, compute.cpp, writer.cpp, main.cpp, ...)."""
    from ..emulate import SimInputError

    if not folder.is_dir():
        raise SimInputError(f"--artifacts {folder}: not a folder")
    return {
        path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()) if path.is_file()
    }


def _run_program(
    folder: Path, host_args: tuple[str, ...], *, as_json: bool, timeout_s: float, cache_dir: Path | None
) -> None:
    from ..emulate.program_run import ProgramFolderError, run_program_folder

    try:
        run = run_program_folder(folder=folder, host_args=host_args, cache_dir=cache_dir, timeout_s=timeout_s)
    except ProgramFolderError as err:
        _fail(as_json, str(err))
    if as_json:
        data = dataclasses.asdict(run)
        click.echo(
            json.dumps({"program": str(folder), **_finite(data), "findings": _findings(run)}, indent=2)
        )
    else:
        click.echo(render_program(folder=folder, run=run))
    sys.exit(0 if run.status == "passed" else 1)


def render_program(*, folder: Path, run: ProgramRun) -> str:
    exit_text = "did not run" if run.exit_status is None else f"exited {run.exit_status}"
    lines = [f"{folder} [host {run.host}]: {run.status} (host {exit_text})", f"  {run.detail}"]
    if run.stdout:
        lines += ["  -- host output --", *("  " + line for line in run.stdout.splitlines())]
    if run.stderr:
        lines += ["  -- host stderr --", *("  " + line for line in run.stderr.splitlines())]
    findings = _findings(run)
    lines.append(f"  findings: {len(findings)}")
    lines += [f"  - {finding}" for finding in findings]
    return "\n".join(lines)


def _findings(run: ProgramRun) -> list[str]:
    """The emulator's findings of a run: its fault (if any), then its warnings."""
    return ([describe(run.fault)] if run.fault is not None else []) + list(run.warnings)
