"""``ttmigrate diff`` (parity of the two emitters on meaning) and ``ttmigrate check`` (protocol rules)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ttmigrate.compare import check_artifacts, compare_artifacts
from ttmigrate.compare.checks import RULES, read_program
from ttmigrate.compare.model import ARTIFACTS
from ttmigrate.compare.render import comparison_json, comparison_text, findings_json, findings_text

from .manifest_option import manifest_option, resolve

MODES = ("template", "ir_driven")


def _emit(
    kernel_spec: str, mode: str, manifest: Path | None = None, *, as_json: bool = False
) -> tuple[str, dict[str, str]]:
    """Resolve a corpus kernel (name or .py path; a manifest kernel's name with `manifest`) and emit
    it; one clear error if either fails (with --json: one object, ``unsupported`` naming the
    construct and its location when the lowering or the emitter refuses the kernel)."""
    from ttmigrate.emit import UnsupportedConstruct, emit_kernel
    from ttmigrate.tt import LoweringError

    from .refusal import error_json, print_and_exit, refusal_json

    try:
        kernel = resolve(kernel_spec, manifest)
    except Exception as exc:  # KernelLoadError / ManifestError: names the file and line
        if as_json:
            print_and_exit(error_json(str(exc), kernel=kernel_spec, mode=mode))
        raise click.ClickException(str(exc)) from exc
    try:
        return kernel.name, dict(emit_kernel(kernel, mode=mode))
    except (LoweringError, UnsupportedConstruct) as exc:
        if as_json:
            print_and_exit(refusal_json(exc, kernel=kernel.name, mode=mode))
        if isinstance(exc, LoweringError):
            raise click.ClickException(f"{kernel.name}: lowering: {exc}") from exc
        text = str(exc) if str(exc).startswith(f"{kernel.name}:") else f"{kernel.name}: {exc}"
        raise click.ClickException(f"{mode} emitter: {text}") from exc


def _read_folder(folder: Path) -> dict[str, str]:
    """The artifacts of one emitter output folder (the five known names, whichever exist)."""
    found = {
        name: (folder / name).read_text(encoding="utf-8") for name in ARTIFACTS if (folder / name).is_file()
    }
    if not found:
        raise click.ClickException(f"{folder}: none of {', '.join(ARTIFACTS)} found")
    return found


_folder = click.Path(exists=True, file_okay=False, path_type=Path)


@click.command()
@click.argument("kernel", required=False)
@click.option(
    "--left", "left_dir", type=_folder, help="Folder of artifacts for the left side (instead of KERNEL)."
)
@click.option(
    "--right", "right_dir", type=_folder, help="Folder of artifacts for the right side (instead of KERNEL)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (levels, differences, edit scripts).")
@manifest_option
def diff(
    kernel: str | None, left_dir: Path | None, right_dir: Path | None, as_json: bool, manifest: Path | None
) -> None:
    """Compare template vs ir_driven output of KERNEL on meaning: parity level per artifact and differences."""
    if (left_dir is None) != (right_dir is None):
        raise click.UsageError("--left and --right go together")
    if left_dir is not None and right_dir is not None:
        if kernel is not None:
            raise click.UsageError("give either KERNEL or --left/--right, not both")
        name, left_name, right_name = "", str(left_dir), str(right_dir)
        left, right = _read_folder(left_dir), _read_folder(right_dir)
    elif kernel is None:
        raise click.UsageError("give KERNEL or --left DIR --right DIR")
    else:
        name, left = _emit(kernel, "template", manifest, as_json=as_json)
        _, right = _emit(kernel, "ir_driven", manifest, as_json=as_json)
        left_name, right_name = "template", "ir_driven"
    comparison = compare_artifacts(left=left, right=right)
    render = comparison_json if as_json else comparison_text
    click.echo(render(comparison, kernel=name, left=left_name, right=right_name), nl=False)


@click.command()
@click.argument("kernel", required=False)
@click.option(
    "--mode", type=click.Choice(MODES), help="Which emitter's output to check (required with KERNEL)."
)
@click.option("--dir", "folder", type=_folder, help="Check a folder of artifacts instead of emitting KERNEL.")
@click.option(
    "--program",
    "program",
    metavar="DIR",
    help="Check a tt-metal program folder: the host is the file defining main, kernels are the "
    "CreateKernel paths (as written, else by longest matching suffix inside the folder).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON (always one object).")
@click.option(
    "--rule",
    "rules",
    multiple=True,
    type=click.Choice(RULES),
    help="Check only this rule (repeatable; default: every rule). Findings that the program cannot "
    "be analysed (parse, host-missing) are always reported.",
)
@manifest_option
def check(
    kernel: str | None,
    mode: str | None,
    folder: Path | None,
    program: str | None,
    as_json: bool,
    rules: tuple[str, ...],
    manifest: Path | None,
) -> None:
    """Check one emitter output of KERNEL (or a program folder) against the Metalium protocol rules;
    exit 1 on findings."""
    if program is not None:
        _check_program(
            program,
            as_json=as_json,
            rules=rules or RULES,
            others=kernel is not None or folder is not None or mode is not None or manifest is not None,
        )
        return
    if folder is not None:
        if kernel is not None:
            raise click.UsageError("give either KERNEL or --dir, not both")
        name, artifacts = str(folder), _read_folder(folder)
    elif kernel is None:
        raise click.UsageError("give KERNEL or --dir DIR")
    elif mode is None:
        raise click.UsageError("--mode template|ir_driven is required with KERNEL")
    else:
        name, artifacts = _emit(kernel, mode, manifest, as_json=as_json)
    findings = check_artifacts(artifacts=artifacts, rules=rules or RULES)
    render = findings_json if as_json else findings_text
    click.echo(render(findings, kernel=name, mode=mode or "folder"), nl=False)
    if findings:
        raise SystemExit(1)


def _check_program(program: str, *, as_json: bool, rules: tuple[str, ...], others: bool) -> None:
    """`check --program DIR`: exit 0 clean, 1 on findings, 2 when DIR cannot be checked. With
    --json every outcome, the unusable folder included, is one JSON object on stdout."""
    folder = Path(program)
    problem = None
    artifacts: dict[str, str] = {}
    if others:
        problem = "--program takes no KERNEL, --dir or --mode"
    elif not folder.is_dir():
        problem = f"{folder}: not a directory"
    else:
        try:
            artifacts = read_program(folder)
        except (OSError, UnicodeDecodeError) as exc:
            problem = f"{folder}: {exc}"
        if problem is None and not any(name.endswith(".cpp") for name in artifacts):
            problem = f"{folder}: no .cpp file in the program folder"
    if problem is not None:
        if as_json:
            document = {"kernel": str(folder), "mode": "program", "findings": [], "error": problem}
            click.echo(json.dumps(document, indent=2))
            raise SystemExit(2)
        raise click.UsageError(problem)
    findings = check_artifacts(artifacts=artifacts, rules=rules)
    render = findings_json if as_json else findings_text
    click.echo(render(findings, kernel=str(folder), mode="program"), nl=False)
    if findings:
        raise SystemExit(1)
