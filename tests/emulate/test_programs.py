"""Correct and wrong hand-written programs, run for real (g++ + the emulated runtime)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from ttmigrate.emulate import SimResult, simulate
from ttmigrate.emulate.programs import ProgramCase


def run(case: ProgramCase, cache: Path, artifacts: dict[str, str] | None = None, seed: int = 0) -> SimResult:
    return simulate(
        artifacts=artifacts if artifacts is not None else case.artifacts,
        tensors=list(case.tensors),
        reference=case.reference,
        tolerance=case.tolerance,
        seed=seed,
        cache_dir=cache,
    )


def test_gemm_256_matches_numpy_matmul(cases: dict[str, ProgramCase], sim_cache: Path) -> None:
    result = run(cases["gemm_256"], sim_cache)
    assert result.status == "correct", result.detail
    assert result.pcc is not None and result.pcc > 0.9999
    # Each output is one bf16 rounding of a float32 dot product of length 256: |C| < 64 here, so
    # half a bf16 ulp is at most 0.125.
    assert result.max_abs_err is not None and result.max_abs_err <= 0.125
    assert [t.name for t in result.tensors] == ["C"]


def test_eltwise_add_with_padding_and_uneven_split_is_correct(
    cases: dict[str, ProgramCase], sim_cache: Path
) -> None:
    result = run(cases["eltwise_add_100x200"], sim_cache, seed=3)
    assert result.status == "correct", result.detail
    assert result.max_abs_err is not None and result.max_abs_err <= 2.0**-7  # |A + B| < 2: half-ulp 2**-8


def test_wrong_operator_is_wrong(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]]
) -> None:
    case = cases["eltwise_add_100x200"]
    artifacts = mutate(
        case.artifacts,
        "compute.cpp",
        "add_tiles(cb_in0, cb_in1, 0, 0, 0);",
        "sub_tiles(cb_in0, cb_in1, 0, 0, 0);",
    )
    artifacts = mutate(artifacts, "compute.cpp", "add_init(cb_in0, cb_in1);", "sub_init(cb_in0, cb_in1);")
    result = run(case, sim_cache, artifacts)
    assert result.status == "wrong"
    assert result.fault is None
    assert "C:" in result.detail and "elements outside" in result.detail
    assert result.pcc is not None and result.pcc < 0.9


def test_op_under_another_ops_init_is_an_init_state_finding_at_its_line(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]]
) -> None:
    case = cases["eltwise_add_100x200"]
    old = "add_tiles(cb_in0, cb_in1, 0, 0, 0);"
    artifacts = mutate(case.artifacts, "compute.cpp", old, "sub_tiles(cb_in0, cb_in1, 0, 0, 0);")
    line = next(n for n, text in enumerate(case.artifacts["compute.cpp"].splitlines(), 1) if old in text)
    result = run(case, sim_cache, artifacts)
    assert result.status == "fault" and result.fault is not None
    assert result.fault.kind == "init-state"
    assert result.fault.kernel is not None and "compute" in result.fault.kernel
    assert result.fault.core is not None
    assert result.fault.fields["op"] == "sub_tiles"
    assert result.fault.fields["needs"] == "eltwise-binary:sub"
    assert str(result.fault.fields["configured"]).startswith("eltwise-binary:add by add_init at line ")
    assert result.fault.fields["line"] == line


def test_gemm_with_half_the_k_loop_is_wrong(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]]
) -> None:
    # The template emitter's historical bug: a K trip count that does not match the data.
    case = cases["gemm_256"]
    artifacts = mutate(
        case.artifacts, "main.cpp", "{tile_count[core_id], Kt});", "{tile_count[core_id], Kt / 2});"
    )
    artifacts = mutate(
        artifacts, "main.cpp", "tile_count[core_id], Kt, Nt});", "tile_count[core_id], Kt / 2, Nt});"
    )
    result = run(case, sim_cache, artifacts)
    assert result.status == "wrong", result.detail


def test_same_seed_gives_same_figures(cases: dict[str, ProgramCase], sim_cache: Path) -> None:
    first = run(cases["eltwise_add_100x200"], sim_cache, seed=11)
    second = run(cases["eltwise_add_100x200"], sim_cache, seed=11)
    assert (first.max_abs_err, first.pcc) == (second.max_abs_err, second.pcc)


def test_reference_sees_bfloat16_rounded_inputs(cases: dict[str, ProgramCase], sim_cache: Path) -> None:
    seen: dict[str, np.ndarray] = {}

    def reference(A: np.ndarray, B: np.ndarray) -> dict[str, np.ndarray]:
        seen.update(A=A, B=B)
        return {"C": A + B}

    case = cases["eltwise_add_100x200"]
    result = simulate(
        artifacts=case.artifacts,
        tensors=list(case.tensors),
        reference=reference,
        tolerance=None,
        cache_dir=sim_cache,
    )
    assert result.status == "correct", result.detail
    for values in seen.values():
        low_bits = values.astype(np.float32).view(np.uint32) & 0xFFFF
        assert not low_bits.any()
        assert values.min() >= -1.0 and values.max() <= 1.0
