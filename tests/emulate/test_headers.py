"""The emulator's kernel headers declare exactly the registry's kernel API (ttmigrate/ops), at the
real v0.81.1 header paths, with the same signatures and ``[[deprecated]]`` marks; calls the
release removed are absent. (scripts/check_metalium.py compares the registry with the real headers.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ttmigrate import ops
from ttmigrate.emulate import bcast_header, sfpu_headers
from ttmigrate.emulate.build import INCLUDE_DIR
from ttmigrate.ops import cpp_decls, kernel_api
from ttmigrate.ops.signature import KernelFn

_INCLUDE = re.compile(r'^#include "([^"]+)"', re.MULTILINE)
_INTERNAL = frozenset({"ttsim"})  # the emulator's own runtime entry points
# every form of every emulated function, each at its own header (the CB calls have a dataflow and a
# compute form); the ones declared only for reading real code (emulated=False) are not emulated
_FNS = sorted(
    (form for fn in kernel_api.KERNEL_FUNCTIONS.values() if fn.emulated for form in (fn, *fn.variants)),
    key=lambda f: (f.name, f.header, len(f.params)),
)


def _reachable(header: str) -> list[Path]:
    """The header and every emulator header it includes, transitively."""
    seen: list[Path] = []
    todo = [header]
    while todo:
        path = INCLUDE_DIR / todo.pop()
        if path in seen or not path.exists():
            continue
        seen.append(path)
        todo.extend(_INCLUDE.findall(path.read_text(encoding="utf-8")))
    return seen


def _declared(fn: KernelFn) -> list[cpp_decls.Declaration]:
    return [
        d
        for path in _reachable(fn.header)
        for d in cpp_decls.header_declarations(path, skip_namespaces=_INTERNAL).get(fn.name, [])
    ]


@pytest.mark.parametrize("fn", _FNS, ids=[f"{f.name}@{f.header}:{len(f.params)}" for f in _FNS])
def test_emulator_declares_the_registry_signature_at_the_real_header(fn: KernelFn) -> None:
    assert (INCLUDE_DIR / fn.header).exists(), f"the emulator has no {fn.header}"
    decls = _declared(fn)
    assert decls, f"{fn.name} is not declared by the emulator's {fn.header} (or what it includes)"
    problems = {d.line: cpp_decls.same_signature(fn, d) for d in decls}
    assert any(not p for p in problems.values()), f"{fn.name}: {problems}"  # one overload is exactly it


def test_emulator_declares_nothing_the_registry_does_not_know() -> None:
    known = set(kernel_api.KERNEL_FUNCTIONS)
    extra = {
        (path.relative_to(INCLUDE_DIR).as_posix(), d.name)
        for path in sorted((INCLUDE_DIR / "api").rglob("*.h"))
        for d in cpp_decls.declarations(path.read_text(encoding="utf-8"), skip_namespaces=_INTERNAL)
        if d.name not in known
    }
    assert extra == set()


@pytest.mark.parametrize(
    "removed",
    [
        "mm_init",
        "binary_op_init_common",
        "add_tiles_init",
        "init_bcast",
        "add_bcast_rows_init_short",
        "CreateDevice",
        "CloseDevice",
        "EnqueueProgram",
        "CreateBuffer",
        "to_float",
    ],
)
def test_calls_removed_by_the_release_are_absent(removed: str) -> None:
    # absent, so a program calling them fails to compile, as it would against the SDK
    texts = [p.read_text(encoding="utf-8") for p in INCLUDE_DIR.rglob("*.h*")]
    assert not any(re.search(rf"\b{removed}\s*\(", t) for t in texts)


def test_bcast_header_is_generated_from_the_registry() -> None:
    committed = (INCLUDE_DIR / bcast_header.HEADER).read_text(encoding="utf-8")
    assert committed == bcast_header.render(), "run: python -m ttmigrate.emulate.bcast_header"
    # one init and one tile call per registry broadcast op: none hand-written, none missing
    for op in bcast_header.bcast_ops():
        assert op.init is not None and op.call is not None
        assert f"inline void {op.init.fn.name}(" in committed
        assert f"inline void {op.call.fn.name}(" in committed


@pytest.mark.parametrize("path", sorted(sfpu_headers.headers()))
def test_sfpu_headers_are_generated_from_the_registry(path: str) -> None:
    committed = (INCLUDE_DIR / path).read_text(encoding="utf-8")
    expected = sfpu_headers.render_header(path, sfpu_headers.headers()[path])
    assert committed == expected, "run: python -m ttmigrate.emulate.sfpu_headers"


def test_every_sfpu_and_scalar_op_has_a_generated_header() -> None:
    declared = {op.name for ops_ in sfpu_headers.headers().values() for op in ops_}
    assert declared == {op.name for op in ops.OPS.values() if op.kind in ("sfpu", "scalar", "sfpu_binary")}
    scalar = sfpu_headers.headers()["api/compute/eltwise_unary/binop_with_scalar.h"]
    text = sfpu_headers.render_header("api/compute/eltwise_unary/binop_with_scalar.h", scalar)
    assert text.count("inline void binop_with_scalar_tile_init()") == 1  # one init the five ops share
