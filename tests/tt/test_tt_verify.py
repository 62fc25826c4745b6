"""The verify pass rejects IR the code generators cannot read, and an ambiguous K loop is named."""

import pytest
from tt_kernels import gemm

from ttmigrate.frontend import T
from ttmigrate.tt import LoweringError, apply_tt_defaults, apply_ws2_passes, lower
from ttmigrate.tt.passes.grid_to_persistent import grid_to_persistent
from ttmigrate.tt.passes.memory_space import lower_memory_space
from ttmigrate.tt.passes.tile_padding import tile_padding
from ttmigrate.tt.passes.verify import verify


@T.prim_func
def split_k(
    A: T.Tensor((32, 128), "bfloat16"), B: T.Tensor((128, 32), "bfloat16"), C: T.Tensor((32, 32), "bfloat16")
):
    with T.Kernel(1, threads=128) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        B_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "float32")
        T.clear(C_l)
        for ko in T.serial(2):
            for ki in T.serial(2):
                T.copy(A[0, (ko * 2 + ki) * 32], A_s)
                T.copy(B[(ko * 2 + ki) * 32, bx * 32], B_s)
                T.gemm(A_s, B_s, C_l)
        T.copy(C_l, C[0, bx * 32])


def test_verify_rejects_untensorized_ir():
    mod = apply_ws2_passes(apply_tt_defaults(gemm(64, 64, 64)))
    mod = tile_padding(lower_memory_space(grid_to_persistent(mod)))
    with pytest.raises(LoweringError) as err:
        verify(mod)
    kinds = err.value.kinds
    assert kinds.count("unlowered-call") == 5  # fill, 3 copies, gemm
    assert "missing-attribute" in kinds  # tt_num_matmuls / tt_has_tensorize come from tensorize
    assert any("tl.tileop.gemm" in d.message for d in err.value.diagnostics)


def test_verify_accepts_lowered_ir_and_is_idempotent():
    mod = lower(gemm(64, 64, 64))
    again = verify(mod)
    assert bool(again["main"].attrs["tt_ir_validated"])


def test_two_loops_walking_k_are_ambiguous():
    with pytest.raises(LoweringError) as err:
        lower(split_k)
    (diag,) = err.value.diagnostics
    assert diag.kind == "ambiguous-k-loop"
    assert "`ki`" in diag.message and "`ko`" in diag.message
    assert type(diag.node).__name__ == "Evaluate"
