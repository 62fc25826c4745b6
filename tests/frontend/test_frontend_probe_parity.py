"""The frontend probe kernels (tests/data/frontend_probes/) build the IR real TileLang 0.1.15 builds.

``tests/corpus/data/tilelang_0_1_15/probes/<family>/<name>.tvmscript`` is ``main.script()`` of each
probe as built by ``tilelang==0.1.15`` (captured from ``tox -e tilelang``, which also checks them
live); the ttmigrate side is built here, live, and compared with scripts/tilelang_parity.py's
comparison (modulo names and printer spelling only).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import tvm_ffi

from ttmigrate.corpus import kernel_files
from ttmigrate.frontend import parse_script

from .probe_loads import loaded

PROJECT = Path(__file__).resolve().parents[2]
PROBES = PROJECT / "tests" / "data" / "frontend_probes"
CAPTURED = PROJECT / "tests" / "corpus" / "data" / "tilelang_0_1_15" / "probes"
PROBE_FILES = kernel_files(PROBES)


def _parity() -> ModuleType:
    path = PROJECT / "scripts" / "tilelang_parity.py"
    spec = importlib.util.spec_from_file_location("ttmigrate_script_tilelang_parity_probes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


parity = _parity()


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _captured(path: Path) -> str:
    return (CAPTURED / path.parent.name / f"{path.stem}.tvmscript").read_text()


def test_every_probe_has_a_capture_and_every_capture_a_probe() -> None:
    probes = {_id(p) for p in PROBE_FILES}
    captures = {f"{p.parent.name}/{p.stem}" for p in CAPTURED.glob("*/*.tvmscript")}
    assert len(probes) >= 20
    assert probes == captures


@pytest.mark.parametrize("path", PROBE_FILES, ids=_id)
def test_probe_builds_tilelangs_ir(path: Path) -> None:
    result = parity.compare(_captured(path), loaded(path).main.script())
    assert (result.status, result.rules, result.first_difference) == ("match", [], None)


@pytest.mark.parametrize("path", PROBE_FILES, ids=_id)
def test_probe_print_parse_round_trip(path: Path) -> None:
    main = loaded(path).main
    text = main.script()
    reparsed = parse_script(text)
    assert tvm_ffi.structural_equal(reparsed, main), f"{_id(path)}: round trip changed the IR"
    assert reparsed.script() == text


@pytest.mark.parametrize(
    ("probe", "construct"),
    [
        # Q @ K^T: B transposed, M = N = K = 64, FullRow = 1, clear_accum False, C read-write (3)
        (
            "attention/flash_fwd_128x64",
            "[0, 0], 3, 64, 64), T.bool(False), T.bool(True), 64, 64, 64, 1, T.bool(False), 0, 0, 0)",
        ),
        ("attention/flash_fwd_128x64", 'T.infinity("float32") * T.float32(-1.0)'),
        ("attention/flash_fwd_128x64", "T.exp2("),
        ("attention/flash_fwd_causal_128x64", "T.if_then_else("),
        ("attention/flash_fwd_causal_128x64", ": T.int32 = T.min(2, "),
        ("lets/window_sum_min_max_128x64", ": T.int32 = T.max("),
        ("pipeline/gemm_3stage_256x128x256", 'annotations={"num_stages": 3}'),
        ("reduction/col_sum_128x256", '"sum", 0, T.bool(True))'),
        ("reduction/row_max_serial_128x256", '"max", 1, T.bool(False))'),
        ("reduction/row_sum_keepdim_fragment_128x256", '[0, 0], 2, 32, 1), "sum", 1, T.bool(True))'),
        ("reduction/shared_operands_64x128", '"max", 0, T.bool(False))'),
        ("sfpu/log2_reciprocal_128", "T.log2(T.float32(1.0) / T.exp("),
        ("cast/cast_bf16_f32_128", 'T.Cast("bfloat16", '),
    ],
)
def test_real_tilelang_built_the_construct_the_probe_is_for(probe: str, construct: str) -> None:
    """Each probe exercises what it is named for, in TileLang's own IR (normalised names)."""
    family, name = probe.split("/")
    text = "\n".join(parity.normalise((CAPTURED / family / f"{name}.tvmscript").read_text()))
    assert construct in text


def test_a_scalar_buffer_does_not_pass_for_tilelangs_let() -> None:
    """apache-tvm prints a local scalar buffer `x: T.int32 = v`, TileLang a let the same way: the
    comparison tells them apart (ttmigrate once built the buffer for `lo = T.max(...)`)."""
    path = PROBES / "lets" / "window_sum_min_max_128x64.py"
    ours = loaded(path).main.script()
    assert "lo: T.let[T.int32] = T.max(bx - 1, 0)" in ours
    as_scalar_buffer = ours.replace("lo: T.let[T.int32] =", "lo: T.int32 =")
    result = parity.compare(_captured(path), as_scalar_buffer)
    assert result.status == "mismatch"
    assert result.first_difference is not None and "local_scalar_buffer.int32" in result.first_difference
    # on TileLang's side the same spelling is its let, and matches
    assert parity.compare(_captured(path), ours).status == "match"


def test_folded_minus_infinity_is_a_difference() -> None:
    """ttmigrate once folded -T.infinity into T.float32("-inf"); TileLang keeps the call."""
    path = PROBES / "softmax" / "softmax_stable_64x256.py"
    ours = loaded(path).main.script()
    folded = ours.replace('T.infinity("float32") * T.float32(-1.0)', 'T.float32("-inf")')
    assert folded != ours
    assert parity.compare(_captured(path), folded).status == "mismatch"
