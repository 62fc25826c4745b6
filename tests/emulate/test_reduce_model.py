"""The emulator's reduce model (include/api/compute/reduce.h): which elements of the scaler tile
are read, where the result lands, the undefined lanes, and reduce_init's packer mask.

Single-tile programs from tests/data/programs/tile_ops_32: the reader generates the scaler tile in
cb_in1 (as tt-metal's generate_reduce_scaler does) instead of reading B."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ttmigrate import ops
from ttmigrate.emulate import simulate
from ttmigrate.emulate.programs import ProgramCase

READ_B = "        noc_async_read_tile(tile_id, src1, l1_write_addr_in1);\n"
OP_LINE = "        add_tiles(cb_in0, cb_in1, 0, 0, 0);\n"
RELEASE = "        tile_regs_release();\n"
HALF = "0x3F00"  # bfloat16 0.5


def _scaler_reader(condition: str) -> str:
    """Reader lines writing 0.5 at the elements of the scaler tile where ``condition`` (on e, the
    element's offset in face layout) holds, zero elsewhere."""
    return (
        "        volatile tt_l1_ptr uint16_t* s = reinterpret_cast<volatile tt_l1_ptr uint16_t*>(l1_write_addr_in1);\n"
        f"        for (uint32_t e = 0; e < 1024; ++e) {{ s[e] = ({condition}) ? {HALF} : 0; }}\n"
    )


FIRST_ROW_OF_EACH_FACE = "e % 256 < 16"


def _reduce_lines(pool: str, dim: str) -> str:
    op = ops.reduce(pool, dim)
    assert op.init is not None and op.call is not None
    init = op.init.render({"icb": "cb_in0", "icb_scaler": "cb_in1", "ocb": "cb_out0"})
    call = op.call.render({"icb": "cb_in0", "icb_scaler": "cb_in1", "itile": 0, "itile_scaler": 0, "idst": 0})
    return f"        {init};\n        {call};\n"


def _program(
    case: ProgramCase,
    mutate: Callable[..., dict[str, str]],
    *,
    pool: str,
    dim: str,
    scaler: str = FIRST_ROW_OF_EACH_FACE,
    uninit_before_pack: bool = False,
) -> dict[str, str]:
    artifacts = mutate(case.artifacts, "reader.cpp", READ_B, _scaler_reader(scaler))
    lines = _reduce_lines(pool, dim)
    if uninit_before_pack:
        lines += "        reduce_uninit(cb_in0);\n"
    artifacts = mutate(artifacts, "compute.cpp", OP_LINE, lines)
    if not uninit_before_pack:  # the packer mask is in effect for the pack, undone after it
        artifacts = mutate(artifacts, "compute.cpp", RELEASE, RELEASE + "        reduce_uninit(cb_in0);\n")
    return artifacts


def _expected(pool: str, dim: str) -> Callable[[np.ndarray, np.ndarray], dict[str, np.ndarray]]:
    def reference(A: np.ndarray, B: np.ndarray) -> dict[str, np.ndarray]:
        a = 0.5 * A.astype(np.float64)
        out = np.zeros((32, 32))  # every datum outside the result is packed as zero (packer mask)
        reduced = getattr(a, pool)(axis=1 if dim == "row" else 0)
        if dim == "row":
            out[:, 0] = reduced
        else:
            out[0, :] = reduced
        return {"C": out}

    return reference


@pytest.mark.parametrize(("pool", "dim"), [("sum", "row"), ("sum", "col"), ("max", "row"), ("max", "col")])
def test_reduce_result_lands_in_column_or_row_zero_and_the_rest_is_zero(
    pool: str, dim: str, cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]]
) -> None:
    case = cases["tile_ops_32"]
    result = simulate(
        artifacts=_program(case, mutate, pool=pool, dim=dim),
        tensors=list(case.tensors),
        reference=_expected(pool, dim),
        tolerance=None,
        cache_dir=sim_cache,
    )
    assert result.status == "correct", result.detail


def test_a_scaler_set_only_at_element_zero_is_a_fault(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]]
) -> None:
    case = cases["tile_ops_32"]
    result = simulate(
        artifacts=_program(case, mutate, pool="sum", dim="row", scaler="e == 0"),
        tensors=list(case.tensors),
        reference=_expected("sum", "row"),
        tolerance=None,
        cache_dir=sim_cache,
    )
    assert result.status == "fault" and result.fault is not None
    assert result.fault.kind == "reduce-scaler", result.detail


def test_the_scaler_outside_the_first_row_of_each_face_is_not_read(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]]
) -> None:
    # 0.5 everywhere: only the first rows matter, so the result is the same as with zeros elsewhere
    case = cases["tile_ops_32"]
    result = simulate(
        artifacts=_program(case, mutate, pool="sum", dim="col", scaler="true"),
        tensors=list(case.tensors),
        reference=_expected("sum", "col"),
        tolerance=None,
        cache_dir=sim_cache,
    )
    assert result.status == "correct", result.detail


def test_packing_after_reduce_uninit_writes_the_undefined_lanes(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]]
) -> None:
    # the lanes outside column 0 are undefined in DST (poisoned); without the packer mask they go out
    case = cases["tile_ops_32"]
    result = simulate(
        artifacts=_program(case, mutate, pool="sum", dim="row", uninit_before_pack=True),
        tensors=list(case.tensors),
        reference=_expected("sum", "row"),
        tolerance=None,
        cache_dir=sim_cache,
    )
    assert result.status == "wrong", result.detail
