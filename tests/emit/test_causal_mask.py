"""Causal masks (``T.if_then_else`` on block indices, as TileLang's FlashAttention writes them):
lowered to ``tt.mask`` (ttmigrate.tt.passes.causal_mask), emitted by the IR-driven emitter (reader
generates the three mask tiles, compute copies one per tile into DST before the matmul), and run
on the emulator against NumPy."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ttmigrate.corpus import load_kernel
from ttmigrate.emit import UnsupportedConstruct, emit_kernel
from ttmigrate.emulate import simulate_kernel
from ttmigrate.tt import LoweringError, contract, lower
from ttmigrate.tt.ir import main_func, walk

DATA = Path(__file__).resolve().parents[1] / "data" / "attention_steps"


def _masks(path: Path) -> list[contract.MaskOp]:
    func = main_func(lower(load_kernel(path).main))
    found: list[contract.MaskOp] = []

    def visit(node: object) -> None:
        if type(node).__name__ == "AttrStmt" and str(node.attr_key) == "tt.mask":  # type: ignore[attr-defined]
            found.append(contract.decode("tt.mask", node.node))  # type: ignore[arg-type, attr-defined]

    walk(func.body, visit)
    return found


def test_tilelang_causal_mask_lowers_to_one_mask_record() -> None:
    (mask,) = _masks(DATA / "causal_scores_inf_128x64.py")
    assert (mask.tiles, mask.strict, mask.keep, mask.masked) == ((2, 2), False, 0.0, -math.inf)
    assert str(mask.diagonal) == "by * 2 - bx * 2"


def test_reversed_strict_condition_is_the_same_mask_strictly() -> None:
    (mask,) = _masks(DATA / "causal_scores_strict_128x64.py")
    assert (mask.strict, mask.keep, mask.masked) == (True, 0.0, -10000.0)
    assert str(mask.diagonal) == "by * 2 - bx * 2"


def _variant(tmp_path: Path, condition: str, masked: str = "T.float32(-10000.0)") -> Path:
    text = (DATA / "causal_scores_128x64.py").read_text()
    old = "T.if_then_else(by * BLOCK + i >= bx * BLOCK + j, 0, T.float32(MASKED))"
    assert text.count(old) == 1
    path = tmp_path / "variant_scores.py"
    path.write_text(text.replace(old, f"T.if_then_else({condition}, 0, {masked})"))
    return path


@pytest.mark.parametrize(
    ("condition", "masked", "kind", "says"),
    [
        ("by * BLOCK + i >= bx * BLOCK + j + 16", "T.float32(-10000.0)", "unaligned-mask", "multiple of 32"),
        ("i >= 2 * j", "T.float32(-10000.0)", "unsupported-mask", "is not `row0 + i >= col0 + j`"),
        ("i == j", "T.float32(-10000.0)", "unsupported-mask", "compares the row with the column"),
        ("i >= j", "Q_shared[i, j]", "unsupported-mask", "two constants"),
    ],
)
def test_what_is_not_a_causal_mask_is_one_named_diagnostic(
    tmp_path: Path, condition: str, masked: str, kind: str, says: str
) -> None:
    with pytest.raises(LoweringError) as err:
        lower(load_kernel(_variant(tmp_path, condition, masked)).main)
    (diagnostic,) = err.value.diagnostics
    assert diagnostic.kind == kind and says in diagnostic.message
    assert diagnostic.location.startswith(str(tmp_path))  # file:line of the select in the kernel


def test_emitted_reader_generates_the_tiles_and_compute_selects_them() -> None:
    artifacts = emit_kernel(load_kernel(DATA / "causal_scores_128x64.py"), mode="ir_driven")
    reader, compute = artifacts["reader.cpp"], artifacts["compute.cpp"]
    # generated once, before the work loop; -10000 is 0xc61c in bfloat16
    assert reader.index("cb_push_back(cb_causal_mask, 3);") < reader.index("for (uint32_t wu")
    assert "mask_tiles[2048 + at] = r >= c ? 0x0000 : 0xc61c;" in reader
    # waited once before the loop, popped once after it; a copy per tile before the matmul
    assert compute.index("cb_wait_front(cb_causal_mask, 3);") < compute.index("for (uint32_t wu")
    assert compute.rindex("cb_pop_front(cb_causal_mask, 3);") > compute.rindex("tile_regs_release();")
    assert compute.index("copy_tile(cb_causal_mask") < compute.index("matmul_tiles(")
    assert "tile_diagonal > 0 ? 0 : (tile_diagonal < 0 ? 1 : 2)" in compute


def test_a_mask_while_dst_holds_another_buffer_is_refused(tmp_path: Path) -> None:
    text = (DATA / "causal_scores_128x64.py").read_text()
    old = "        for i, j in T.Parallel(BLOCK, BLOCK):\n"
    path = tmp_path / "after_clear.py"
    path.write_text(text.replace(old, "        T.clear(acc)\n" + old, 1))
    with pytest.raises(UnsupportedConstruct, match="while DST holds acc"):
        emit_kernel(load_kernel(path), mode="ir_driven")


@pytest.mark.parametrize("name", ["causal_scores_128x64", "causal_scores_strict_128x64"])
def test_masked_scores_are_correct_on_the_emulator(name: str) -> None:
    kernel = load_kernel(DATA / f"{name}.py")
    result = simulate_kernel(kernel=kernel, artifacts=emit_kernel(kernel, mode="ir_driven"))
    assert result.status == "correct", result.detail
    assert result.pcc is not None and result.pcc > 0.9999


def test_a_wrong_triangle_is_wrong_on_the_emulator() -> None:
    """The check can fail: the diagonal tile generated strictly (r > c) instead of r >= c."""
    kernel = load_kernel(DATA / "causal_scores_128x64.py")
    artifacts = emit_kernel(kernel, mode="ir_driven")
    old = "r >= c ? 0x0000 : 0xc61c"
    assert artifacts["reader.cpp"].count(old) == 1
    artifacts = {**artifacts, "reader.cpp": artifacts["reader.cpp"].replace(old, "r > c ? 0x0000 : 0xc61c")}
    result = simulate_kernel(kernel=kernel, artifacts=artifacts)
    assert result.status == "wrong"
    assert "S[" in result.detail
