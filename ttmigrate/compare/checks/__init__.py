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

from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from ttmigrate.compare.checks.cb_balance import check_cb_balance
from ttmigrate.compare.checks.cb_protocol import CB_PROTOCOL_RULES, check_cb_protocol
from ttmigrate.compare.checks.dst_order import check_dst_order
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
from ttmigrate.compare.finding import Finding
from ttmigrate.compare.model import HOST_ARTIFACT, HostModel, KernelModel
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


# The rule each host check reports; a check whose rules are not selected is not run.
_HOST_CHECKS: tuple[tuple[str, Callable[[dict[str, KernelModel], HostModel], list[Finding]]], ...] = (
    ("runtime-args-cover", check_runtime_args),
    ("runtime-args-unread", check_unread_runtime_args),
    ("compile-args-cover", check_compile_args),
    ("cb-created", check_cbs_created),
    ("cb-page-size", check_cb_page_sizes),
    ("tile-index-range", check_tile_ranges),
)
# Findings of the analysis itself, reported whatever rules are selected: a program the model cannot
# follow is never checked silently.
ANALYSIS_RULES = ("parse", "host-missing")


def check_artifacts(*, artifacts: Mapping[str, str], rules: Collection[str] = RULES) -> list[Finding]:
    """The protocol findings for one program (artifact path -> text), sorted by place.

    `rules`: check only these (ids from RULES; e.g. the init-state mutation acceptance asks for
    init-state alone); `parse` and `host-missing` findings are always reported."""
    wanted = frozenset(rules)
    unknown = sorted(wanted - set(RULES))
    if unknown:
        raise ValueError(f"unknown check rule(s) {', '.join(unknown)}; the rules are {', '.join(RULES)}")
    findings = check_placeholders(artifacts) if "no-placeholder" in wanted else []
    program = analyse_program(artifacts=artifacts)
    for name, error in program.errors.items():
        findings.append(Finding(name, program.error_lines.get(name) or _line_of(error), "parse", error))
    for kernel, why in program.unresolved if "kernel-path" in wanted else ():
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
        if wanted & CB_PROTOCOL_RULES:
            findings.extend(check_cb_protocol(model))
        if "dst-order" in wanted:
            findings.extend(check_dst_order(model))
        if "init-state" in wanted:
            findings.extend(check_init_state(model, formats=formats))
    if "cb-balance" in wanted:
        findings.extend(check_cb_balance(kernels, program.host))
    host = program.host
    if host is None:
        if not program.host_failed:
            findings.append(
                Finding(
                    HOST_ARTIFACT, None, "host-missing", f"{HOST_ARTIFACT}: no host program to check against"
                )
            )
    else:
        for rule, check in _HOST_CHECKS:
            if rule in wanted:
                findings.extend(check(kernels, host))
    kept = {f for f in findings if f.rule in wanted or f.rule not in RULES}  # analysis findings stay
    return sorted(kept, key=Finding.sort_key)


def _line_of(error: str) -> int | None:
    """The line of a `file:line: ...` message (None when it names none)."""
    parts = error.split(":")
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None


__all__ = ["ANALYSIS_RULES", "RULES", "Finding", "check_artifacts", "check_program", "read_program"]


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
