"""Lowering is deterministic and never mutates its input."""

import tvm_ffi
from tt_kernels import gemm
from tvm.ir import IRModule

from ttmigrate.corpus import resolve_kernel
from ttmigrate.tt import apply_tt_defaults, apply_ws2_passes, apply_ws3_passes, lower


def test_lowering_twice_gives_structurally_equal_ir():
    for func in (
        gemm(100, 100, 100),
        resolve_kernel("softmax_128").main,
        resolve_kernel("gemm_bias_relu_128x256x192").main,
    ):
        first, second = lower(func), lower(func)
        assert tvm_ffi.structural_equal(first, second)
        assert tvm_ffi.structural_hash(first) == tvm_ffi.structural_hash(second)
        assert first["main"].script() == second["main"].script()


def test_lower_does_not_mutate_its_input():
    func = gemm(256, 256, 256, 64, 64, 32)
    mod = IRModule({"main": func})
    script, digest, attrs = func.script(), tvm_ffi.structural_hash(func), str(func.attrs)
    lowered = lower(mod)
    assert not lowered["main"].same_as(func)
    assert mod["main"].same_as(func)
    assert func.script() == script
    assert tvm_ffi.structural_hash(func) == digest
    assert str(func.attrs) == attrs
    assert "tt_grid_x" not in func.attrs


def test_stages_compose_to_lower():
    func = gemm(128, 64, 96)
    staged = apply_ws3_passes(apply_ws2_passes(apply_tt_defaults(func)))
    assert tvm_ffi.structural_equal(staged, lower(func))
    ws2 = lower(func, stage="ws2")
    assert "tt_grid_x" in ws2["main"].attrs and "tt_runtime_args" not in ws2["main"].attrs
