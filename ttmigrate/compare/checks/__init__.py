"""Metalium protocol checks on one emitter output, independent of the other mode.

Rule ids are stable kebab-case strings shared by JSON, the CLI and the report:
cb-balance, reserve-before-push, wait-before-pop, reserve-before-pack, barrier-before-push,
barrier-before-pop, dst-order, init-state, runtime-args-cover, runtime-args-unread, compile-args-cover, cb-created, cb-page-size, tile-index-range, no-placeholder,
kernel-path, plus "parse" when an artifact cannot be analysed (preprocessor, syntax, or a construct
the model does not follow; one finding naming the line) and "host-missing" when no file defines main.

check_artifacts takes artifacts keyed by path: an emitter output or a whole program folder
(check_program), whose host is the file that defines `main`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ttmigrate.compare.checks.cb_balance import check_cb_balance
from ttmigrate.compare.checks.cb_protocol import check_cb_protocol
from ttmigrate.compare.checks.dst_order import check_dst_order
from ttmigrate.compare.checks.finding import Finding
from ttmigrate.compare.checks.host_rules import (
    check_cb_page_sizes,
    check_cbs_created,
    check_compile_args,
    check_runtime_args,
    check_unread_runtime_args,
)
from ttmigrate.compare.checks.init_state import cb_formats, check_init_state
from ttmigrate.compare.checks.placeholder import check_placeholders
from ttmigrate.compare.checks.tile_range import check_tile_ranges
from ttmigrate.compare.model import HOST_ARTIFACT
from ttmigrate.compare.programs import analyse_program

RULES = (
    "cb-balance",
    "reserve-before-push",
    "wait-before-pop",
    "reserve-before-pack",
    "barrier-before-push",
    "barrier-before-pop",
    "dst-order",
    "init-state",
    "runtime-args-cover",
    "runtime-args-unread",
    "compile-args-cover",
    "cb-created",
    "cb-page-size",
    "tile-index-range",
    "no-placeholder",
    "kernel-path",
)


def check_artifacts(*, artifacts: Mapping[str, str]) -> list[Finding]:
    """All protocol findings for one program (artifact path -> text), sorted by place."""
    findings = check_placeholders(artifacts)
    program = analyse_program(artifacts=artifacts)
    for name, error in program.errors.items():
        findings.append(Finding(name, program.error_lines.get(name) or _line_of(error), "parse", error))
    for kernel, why in program.unresolved:
        host_name = program.host_name or HOST_ARTIFACT
        findings.append(
            Finding(
                host_name,
                kernel.line,
                "kernel-path",
                f"{host_name}: CreateKernel path {kernel.path!r} {why} in the program",
            )
        )
    kernels = program.kernels()
    formats = cb_formats({cb: c.data_format for cb, c in program.host.cbs.items()}) if program.host else None
    for model in kernels.values():
        findings.extend(check_cb_protocol(model))
        findings.extend(check_dst_order(model))
        findings.extend(check_init_state(model, formats=formats))
    findings.extend(check_cb_balance(kernels, program.host))
    host = program.host
    if host is None:
        if not program.host_failed:
            findings.append(
                Finding(
                    HOST_ARTIFACT, 0, "host-missing", f"{HOST_ARTIFACT}: no host program to check against"
                )
            )
    else:
        findings.extend(check_runtime_args(kernels, host))
        findings.extend(check_unread_runtime_args(kernels, host))
        findings.extend(check_compile_args(kernels, host))
        findings.extend(check_cbs_created(kernels, host))
        findings.extend(check_cb_page_sizes(kernels, host))
        findings.extend(check_tile_ranges(kernels, host))
    return sorted(set(findings), key=lambda f: (f.artifact, f.line, f.rule, f.message))


def _line_of(error: str) -> int:
    parts = error.split(":")
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 0


__all__ = ["RULES", "Finding", "check_artifacts", "check_program", "read_program"]


def read_program(folder: Path) -> dict[str, str]:
    """Every C++ source of a program folder (.cpp, .hpp, .h, .cc), keyed by its path inside it."""
    suffixes = {".cpp", ".cc", ".hpp", ".h"}
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in suffixes
    }


def check_program(*, folder: Path) -> list[Finding]:
    """check_artifacts over a program folder: host `main`, kernels named by CreateKernel paths."""
    return check_artifacts(artifacts=read_program(folder))
