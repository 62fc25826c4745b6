"""Every corpus kernel lowers or stops with a named diagnostic; GEMM and element-wise kernels lower."""

import re
from math import prod

import pytest
from support.corpus import project_corpus
from tt_kernels import annotations, loops, to_py

from ttmigrate.tt import LoweringError, lower

CORPUS = project_corpus()
KERNELS = {k.name: k for k in CORPUS.kernels}
MUST_LOWER_FAMILIES = re.compile(r"^(gemm.*|eltwise|fused|broadcast|unary)$")


def _tiles(shape):
    rows, cols = (1, shape[0]) if len(shape) == 1 else shape[-2:]
    return prod(shape[:-2]) * -(-rows // 32) * -(-cols // 32)


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_kernel_lowers_or_names_its_problem(name):
    kernel = KERNELS[name]
    try:
        func = lower(kernel.main)["main"]
    except LoweringError as err:
        assert not MUST_LOWER_FAMILIES.match(kernel.family), f"{name} must lower:\n{err}"
        for diag in err.diagnostics:
            assert re.fullmatch(r"[a-z]+(-[a-z]+)*", diag.kind) and diag.location and diag.message
        return
    assert bool(func.attrs["tt_ir_validated"])
    args = {k: [str(a) for a in v] for k, v in func.attrs["tt_runtime_args"].items()}
    # cross-check against the corpus loader's own access analysis
    assert args["reader"] == [f"{n}_addr" for n in kernel.inputs] + ["start_id", "num_units"]
    assert args["writer"] == [f"{n}_addr" for n in kernel.outputs] + ["start_id", "num_units"]
    # the work units times the tiles each writes cover every tile of every output once
    units = int(func.attrs["tt_num_tiles"])
    for write in (a for a in annotations(func, "tt.copy") if str(a.node["direction"]) == "write"):
        h, w = to_py(write.node["tiles"])
        assert units * h * w == _tiles(kernel.param(write.node["buffer"].name).shape)


@pytest.mark.parametrize(
    "name", sorted(n for n, k in KERNELS.items() if k.family.startswith("gemm") or "gemm" in n)
)
def test_gemm_k_tiles_match_k(name):
    kernel = KERNELS[name]
    func = lower(kernel.main)["main"]
    (mm,) = annotations(func, "tt.matmul_intrinsic")
    (a_copy,) = [c for c in annotations(func, "tt.copy") if c.node["cb"].same_as(mm.node["in0"])]
    a_shape = kernel.param(a_copy.node["buffer"].name).shape
    k_extent = a_shape[-2] if bool(mm.node["transpose_a"]) else a_shape[-1]
    k_loops = [loop for loop in loops(func) if "tt.k_loop" in loop.annotations]
    steps = int(k_loops[0].extent) if k_loops else 1
    assert len(k_loops) <= 1
    assert steps * int(mm.node["kt"]) == -(-k_extent // 32)


def test_corpus_loads():
    assert not CORPUS.broken, [str(b.error) for b in CORPUS.broken]
    assert len(KERNELS) >= 1
