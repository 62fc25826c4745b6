"""The compute engine's numeric state on the emulator (runtime/math.cpp): 16-bit DST storage
rounded on every write unless fp32_dest_acc_en, DST capacity by sync mode and format, the
fidelity and approximation modes it does not model as named faults. Each test runs a real
IR-driven golden, and the configuration the old emitter chose, on the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from support.goldens import ir_driven_golden

from ttmigrate.corpus.load import resolve_kernel
from ttmigrate.emit import emit_kernel
from ttmigrate.emit.program import ComputeNumerics
from ttmigrate.emulate import simulate_kernel
from ttmigrate.emulate.model import TensorSpec
from ttmigrate.emulate.tensors import make_inputs, round_to_bfloat16

REPO = Path(__file__).resolve().parents[2]
FP32 = ", .fp32_dest_acc_en = true"


def _with_host(artifacts: dict[str, str], old: str, new: str) -> dict[str, str]:
    host = artifacts["main.cpp"]
    assert host.count(old) == 1, f"{old!r} occurs {host.count(old)} times in main.cpp"
    return {**artifacts, "main.cpp": host.replace(old, new)}


def test_a_bf16_gemm_accumulating_in_16_bit_dst_is_wrong_and_fp32_dst_is_correct(sim_cache: Path) -> None:
    """gemm_512: K = 512 accumulated in DST. The golden sets fp32_dest_acc_en (its accumulator is
    float32); the old host, without it, rounds the partial sums to bfloat16 at every step."""
    kernel = resolve_kernel("gemm_512")
    golden = ir_driven_golden("gemm", "gemm_512")
    assert FP32 in golden["main.cpp"]
    good = simulate_kernel(kernel=kernel, artifacts=golden, cache_dir=sim_cache)
    assert good.status == "correct", good.detail
    old = simulate_kernel(kernel=kernel, artifacts=_with_host(golden, FP32, ""), cache_dir=sim_cache)
    assert old.status == "wrong", old.detail
    assert old.max_abs_err is not None and good.max_abs_err is not None
    assert old.max_abs_err > 4 * good.max_abs_err  # the 16-bit rounding is observable, not noise


def _full_block_emission(monkeypatch: pytest.MonkeyPatch, name: str) -> dict[str, str]:
    """What the emitter printed when it took DST for 16 tiles whatever the mode: the whole output
    block in one DST section (the emitter's own code, told the old capacity)."""
    monkeypatch.setattr(ComputeNumerics, "dst_tiles", property(lambda self: 16))
    return emit_kernel(resolve_kernel(name), mode="ir_driven")


def test_dst_capacity_follows_sync_mode_and_format(monkeypatch: pytest.MonkeyPatch, sim_cache: Path) -> None:
    """gemm_512_b128x128x32 holds 4x4 output tiles. 32-bit DST with half sync gives math 4 tiles,
    16-bit 8, 16-bit with full sync 16 (tt-llk ckernel.h get_dest_max_tiles)."""
    kernel = resolve_kernel("gemm_512_b128x128x32")
    golden = ir_driven_golden("gemm_multitile", "gemm_512_b128x128x32")
    assert simulate_kernel(kernel=kernel, artifacts=golden, cache_dir=sim_cache).status == "correct"
    full = _full_block_emission(monkeypatch, "gemm_512_b128x128x32")
    assert "matmul_tiles(cb_A_shared, cb_B_shared, mi, ni, mi * 4 + ni);" in full["compute.cpp"]
    for host_fields, capacity in ((FP32, 4), ("", 8)):
        result = simulate_kernel(
            kernel=kernel, artifacts=_with_host(full, FP32, host_fields), cache_dir=sim_cache
        )
        assert result.status == "fault" and result.fault is not None, result.detail
        assert result.fault.kind == "dst-capacity", result.detail
        assert result.fault.fields["capacity"] == capacity
        assert result.fault.fields["dst"] == capacity  # the first index past the end
    # all 16 tiles with full sync: no capacity fault, but 16-bit DST accumulation is wrong at bf16
    full_sync = simulate_kernel(
        kernel=kernel, artifacts=_with_host(full, FP32, ", .dst_full_sync_en = true"), cache_dir=sim_cache
    )
    assert full_sync.status == "wrong", full_sync.detail


@pytest.mark.parametrize("fidelity", ["LoFi", "HiFi2", "HiFi3"])
def test_a_fidelity_the_emulator_does_not_model_is_a_fault_for_products(
    fidelity: str, sim_cache: Path
) -> None:
    kernel = resolve_kernel("gemm_128")
    artifacts = _with_host(
        ir_driven_golden("gemm", "gemm_128"), "MathFidelity::HiFi4", f"MathFidelity::{fidelity}"
    )
    result = simulate_kernel(kernel=kernel, artifacts=artifacts, cache_dir=sim_cache)
    assert result.status == "fault" and result.fault is not None, result.detail
    assert result.fault.kind == "unmodelled-fidelity"
    assert "matmul_tiles" in result.fault.message


def test_fidelity_does_not_touch_an_add(sim_cache: Path) -> None:
    """eltwise_binary.h applies MATH_FIDELITY to ELWMUL only: an add under LoFi is exact."""
    kernel = resolve_kernel("add_256")
    artifacts = _with_host(
        ir_driven_golden("eltwise", "add_256"), "MathFidelity::HiFi4", "MathFidelity::LoFi"
    )
    assert simulate_kernel(kernel=kernel, artifacts=artifacts, cache_dir=sim_cache).status == "correct"


def test_math_approx_mode_is_a_fault_for_an_sfpu_op(sim_cache: Path) -> None:
    kernel = resolve_kernel("relu_256")
    golden = ir_driven_golden("unary", "relu_256")
    assert simulate_kernel(kernel=kernel, artifacts=golden, cache_dir=sim_cache).status == "correct"
    artifacts = _with_host(golden, "MathFidelity::HiFi4", "MathFidelity::HiFi4, .math_approx_mode = true")
    result = simulate_kernel(kernel=kernel, artifacts=artifacts, cache_dir=sim_cache)
    assert result.status == "fault" and result.fault is not None, result.detail
    assert result.fault.kind == "unmodelled-approx-mode"


FMA_F32 = '''"""D = A * B + C in float32 (a test kernel: the product reaches the add through a Float32 CB)."""

import numpy as np

from ttmigrate.frontend import T

M = N = 64
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("eltwise", "float32")


@T.prim_func
def main(
    A: T.Tensor((M, N), "float32"),
    B: T.Tensor((M, N), "float32"),
    C: T.Tensor((M, N), "float32"),
    D: T.Tensor((M, N), "float32"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "float32")
        B_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "float32")
        C_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "float32")
        D_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        T.copy(B[by * BLOCK_M, bx * BLOCK_N], B_shared)
        T.copy(C[by * BLOCK_M, bx * BLOCK_N], C_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            D_local[i, j] = A_shared[i, j] * B_shared[i, j] + C_shared[i, j]
        T.copy(D_local, D[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B, C):
    return {"D": A * B + C}
'''


def _fpu_emission(monkeypatch: pytest.MonkeyPatch, kernel: Any) -> dict[str, str]:
    """What the emitter printed before it computed Float32 element-wise on the SFPU: the FPU binary
    ops (add_tiles / mul_tiles) on the Float32 CBs (the emitter's own code, told there is no
    exact float32 form)."""
    from ttmigrate.emit.ir_driven.compute import eltwise

    monkeypatch.setattr(eltwise.ops, "float32_form", lambda name: None)
    return emit_kernel(kernel, mode="ir_driven")


def test_float32_inputs_keep_the_bits_beyond_bfloat16() -> None:
    """A float32 tensor is fed at full precision (else the Tf32 source registers would never show);
    bfloat16 and float16 tensors get values their storage holds exactly."""
    specs = [
        TensorSpec(name=n, shape=(32, 32), dtype=d, role="input")
        for n, d in (("F", "float32"), ("B", "bfloat16"), ("H", "float16"))
    ]
    inputs = make_inputs(specs, seed=7)
    f32, bf16, f16 = inputs["F"], inputs["B"], inputs["H"]
    assert f32.dtype == np.float32
    lost = f32 != round_to_bfloat16(f32)
    assert lost.mean() > 0.9  # nearly every value has mantissa bits bfloat16 drops
    assert np.array_equal(bf16, round_to_bfloat16(bf16))
    assert np.array_equal(f16, f16.astype(np.float16).astype(np.float32))
    assert np.array_equal(f16, round_to_bfloat16(f16))


def test_float32_fpu_path_is_wrong_and_the_sfpu_path_is_correct(
    tmp_path: Path, sim_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D = A * B + C on Float32 data. The FPU reads the full-precision float32 inputs through srcA /
    srcB as Tf32 (10 mantissa bits; cunpack_common.h: FP32 -> TF32), so mul_tiles / add_tiles miss
    float32's 1e-5 by far. The emitter copies both operands into the 32-bit DST under
    UnpackToDestFp32 and runs mul_binary_tile / add_binary_tile (eltwise_binary_sfpu.h): exact."""
    from ttmigrate.corpus import load_kernel

    path = tmp_path / "fma_f32_64.py"
    path.write_text(FMA_F32, encoding="utf-8")
    kernel = load_kernel(path)
    sfpu = emit_kernel(kernel, mode="ir_driven")
    assert "mul_binary_tile(" in sfpu["compute.cpp"] and "add_binary_tile(" in sfpu["compute.cpp"]
    assert "UnpackToDestMode::UnpackToDestFp32" in sfpu["main.cpp"] and FP32 in sfpu["main.cpp"]
    exact = simulate_kernel(kernel=kernel, artifacts=sfpu, cache_dir=sim_cache)
    assert exact.status == "correct", exact.detail
    assert exact.max_abs_err is not None and exact.max_abs_err <= 2.0**-22  # float32 roundings only

    fpu = _fpu_emission(monkeypatch, kernel)
    assert "mul_tiles(" in fpu["compute.cpp"] and "_binary_tile(" not in fpu["compute.cpp"]
    assert "UnpackToDestFp32" not in fpu["main.cpp"]  # every Float32 CB goes through the FPU there
    tf32 = simulate_kernel(kernel=kernel, artifacts=fpu, cache_dir=sim_cache)
    assert tf32.status == "wrong", tf32.detail
    assert tf32.max_abs_err is not None and 2.0**-16 < tf32.max_abs_err <= 2.0**-8  # |values| <= 2
    # without fp32_dest_acc_en the source registers hold Float16_b (7 bits): worse again
    bf16 = simulate_kernel(kernel=kernel, artifacts=_with_host(fpu, FP32, ""), cache_dir=sim_cache)
    assert bf16.max_abs_err is not None and bf16.max_abs_err > 4 * tf32.max_abs_err


@pytest.mark.parametrize("name", ["add_f32_128", "scale_bias_f32_128"])
def test_the_float32_corpus_goldens_are_correct_only_with_their_exact_path(
    name: str, sim_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corpus's Float32 element-wise goldens: correct as emitted; the FPU add (add_f32_128) or
    the copy without UnpackToDestFp32 (scale_bias_f32_128: SFPU scalar ops on a Tf32 copy) is wrong."""
    kernel = resolve_kernel(name)
    golden = ir_driven_golden(kernel.family, name)
    good = simulate_kernel(kernel=kernel, artifacts=golden, cache_dir=sim_cache)
    assert good.status == "correct", good.detail
    if name == "add_f32_128":
        lossy = _fpu_emission(monkeypatch, kernel)
    else:
        line = "    unpack_to_dest_mode[0] = UnpackToDestMode::UnpackToDestFp32;\n"
        lossy = _with_host(golden, line, "")
    bad = simulate_kernel(kernel=kernel, artifacts=lossy, cache_dir=sim_cache)
    assert bad.status == "wrong", bad.detail


def test_gemm_epilogue_partials_stay_float32(sim_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """gemm_residual_f32_256: the float32 accumulator leaves DST for the residual add through a
    Float32 intermediate CB, exactly (copied back under UnpackToDestFp32); the old emitter's
    bfloat16 intermediate rounds the partial sums to 8 bits, and the float32 result is wrong."""
    from ttmigrate.emit.ir_driven.compute.base import ComputeBase

    kernel = resolve_kernel("gemm_residual_f32_256")
    golden = ir_driven_golden(kernel.family, kernel.name)
    assert "{{tt::CBIndex::c_24, tt::DataFormat::Float32}}" in " ".join(golden["main.cpp"].split())
    good = simulate_kernel(kernel=kernel, artifacts=golden, cache_dir=sim_cache)
    assert good.status == "correct", good.detail

    monkeypatch.setattr(ComputeBase, "partial_dtype", lambda self, buffer: "bfloat16")
    old = emit_kernel(kernel, mode="ir_driven")
    assert "{{tt::CBIndex::c_24, tt::DataFormat::Float16_b}}" in " ".join(old["main.cpp"].split())
    bad = simulate_kernel(kernel=kernel, artifacts=old, cache_dir=sim_cache)
    assert bad.status == "wrong", bad.detail
    assert bad.max_abs_err is not None and good.max_abs_err is not None
    assert bad.max_abs_err > 100 * good.max_abs_err


def test_a_float32_block_larger_than_half_dst_runs_on_the_sfpu_in_chunks(
    tmp_path: Path, sim_cache: Path
) -> None:
    """add_f32_128 with 64x64 blocks: 4 tiles per operand, but the SFPU binary needs both operands in
    the 4-tile 32-bit DST, so the block runs in chunks of 2 tiles, and stays exact."""
    from ttmigrate.corpus import load_kernel

    source = (REPO / "corpus" / "eltwise" / "add_f32_128.py").read_text(encoding="utf-8")
    assert source.count("BLOCK_M, BLOCK_N = 32, 32") == 1
    path = tmp_path / "add_f32_b64.py"
    path.write_text(
        source.replace("BLOCK_M, BLOCK_N = 32, 32", "BLOCK_M, BLOCK_N = 64, 64"), encoding="utf-8"
    )
    kernel = load_kernel(path)
    artifacts = emit_kernel(kernel, mode="ir_driven")
    compute = artifacts["compute.cpp"]
    assert "c += 2" in compute and "add_binary_tile(t, t + 2, t);" in compute and "add_tiles(" not in compute
    result = simulate_kernel(kernel=kernel, artifacts=artifacts, cache_dir=sim_cache)
    assert result.status == "correct" and result.max_abs_err == 0, result.detail
