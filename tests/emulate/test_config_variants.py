"""Issue 12's acceptance for configuration rules: variants of the tt-metal-style program fixtures
(tests/data/metalium_programs) and of IR-driven goldens, each breaking one configuration rule
(start-up, per-engine init state, reduce_uninit, the srcA / srcB / packer data formats), each
caught by BOTH the emulator (an `init-state` fault naming the op) and the static `init-state` rule
(a finding on the line of that op). The variants are edits made in memory; nothing is stored."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.fmt import fmt_missing

from ttmigrate.compare.checks import check_artifacts, read_program
from ttmigrate.corpus.load import resolve_kernel
from ttmigrate.emulate import simulate_kernel
from ttmigrate.emulate.program_run import run_program_folder

REPO = Path(__file__).resolve().parents[2]
PROGRAMS = REPO / "tests" / "data" / "metalium_programs"

_ADD = "kernels/compute/add.cpp"
_SFPU = "kernels/compute/exp_tiles.cpp"
_MM = "kernels/compute/mm.cpp"
_BINARY_PROLOGUE = (
    "    compute_kernel_hw_startup(cb_a, cb_b, cb_out);\n#ifdef ELTWISE_SUB\n    sub_init(cb_a, cb_b);\n"
    "#else\n    add_init(cb_a, cb_b);\n#endif\n    for (uint32_t i = 0; i < n_tiles; ++i) {\n"
)
_LOOP = "    for (uint32_t i = 0; i < n_tiles; ++i) {\n"
_REDUCE_H = '#include "api/compute/eltwise_binary.h"\n'


@dataclass(frozen=True)
class Variant:
    id: str
    rule: str  # the configuration rule the edit breaks
    source: str  # a program folder under tests/data/metalium_programs, or "family/kernel" (golden)
    file: str
    edits: tuple[tuple[str, str], ...]  # (old, new): old occurs exactly once
    op: str  # the call the emulator's fault and the static finding name


VARIANTS = [
    Variant("missing-startup", "compute_kernel_hw_startup runs before any init", "eltwise_binary", _ADD,
            (("    compute_kernel_hw_startup(cb_a, cb_b, cb_out);\n", ""),), "add_init"),
    Variant("startup-in-loop", "start-up runs once, never in a loop", "eltwise_binary", _ADD,
            ((_BINARY_PROLOGUE, _LOOP + "        compute_kernel_hw_startup(cb_a, cb_b, cb_out);\n"
              "        add_init(cb_a, cb_b);\n"),), "compute_kernel_hw_startup"),
    Variant("startup-in-dst-section", "start-up never inside tile_regs_acquire .. release", "eltwise_binary",
            _ADD, ((_BINARY_PROLOGUE, _LOOP),
                   ("        tile_regs_acquire();\n", "        tile_regs_acquire();\n"
                    "        compute_kernel_hw_startup(cb_a, cb_b, cb_out);\n        add_init(cb_a, cb_b);\n")),
            "compute_kernel_hw_startup"),
    Variant("sfpu-init-missing", "an SFPU op needs its own init", "eltwise_sfpu", _SFPU,
            (("    exp_tile_init();\n", ""),), "exp_tile"),
    Variant("matmul-under-copy-init", "an op runs under its own init, not another op's", "matmul_single_core",
            _MM, (("    matmul_init(cb_a, cb_b, false);\n", "    copy_init(cb_a);\n"),
                  ('#include "api/compute/compute_kernel_hw_startup.h"\n',
                   '#include "api/compute/compute_kernel_hw_startup.h"\n#include "api/compute/tile_move_copy.h"\n')),
            "matmul_tiles"),
    Variant("reduce-uninit-missing", "reduce_uninit undoes a reduce before another op's init", "eltwise_binary",
            _ADD, (("#else\n    add_init(cb_a, cb_b);\n",
                    "#else\n    reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_a, cb_b, cb_out);\n"
                    "    add_init(cb_a, cb_b);\n"),
                   (_REDUCE_H, _REDUCE_H + '#include "api/compute/reduce.h"\n')), "add_init"),
    Variant("reduce-uninit-without-reduce", "reduce_uninit needs a configured reduce", "eltwise_binary", _ADD,
            (("#else\n    add_init(cb_a, cb_b);\n", "#else\n    add_init(cb_a, cb_b);\n    reduce_uninit();\n"),
             (_REDUCE_H, _REDUCE_H + '#include "api/compute/reduce.h"\n')), "reduce_uninit"),
    Variant("bcast-under-matmul-init", "the broadcast add needs its init after the matmul",
            "gemm_epilogue/gemm_bias_256", "compute.cpp",
            (("        add_bcast_rows_init(cb_tmp0, cb_Bias_shared);\n", ""),), "add_tiles_bcast_rows"),
    Variant("matmul-init-once-for-all-units", "matmul is re-initialised after the epilogue, every work unit",
            "gemm_epilogue/gemm_bias_512", "compute.cpp",
            (("    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {\n"
              "        matmul_init(cb_A_shared, cb_B_shared);\n        tile_regs_acquire();\n",
              "    matmul_init(cb_A_shared, cb_B_shared);\n"
              "    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {\n        tile_regs_acquire();\n"),),
             "matmul_tiles"),
    Variant("srca-reconfig-missing", "srcA is reconfigured for a CB of another format",
            "fused/fma_f32_bf16_256", "compute.cpp",
            (("reconfig_data_format(cb_tmp0, cb_C_shared);", "reconfig_data_format_srcb(cb_C_shared);"),),
            "add_tiles"),
    Variant("srcb-reconfig-missing", "srcB is reconfigured for a CB of another format",
            "gemm_epilogue/gemm_bias_f32_512", "compute.cpp",
            (("reconfig_data_format(cb_tmp0, cb_Bias_shared);", "reconfig_data_format_srca(cb_tmp0);"),),
            "add_tiles_bcast_rows"),
    Variant("srcb-restore-missing", "the next work unit's matmul needs srcB back in A's format",
            "gemm_epilogue/gemm_bias_f32_512", "compute.cpp",
            (("reconfig_data_format(cb_B_shared, cb_A_shared);", "reconfig_data_format_srca(cb_B_shared);"),),
            "matmul_tiles"),
    Variant("stale-conditional-reconfig", "a conditional (old, new) reconfig with a stale old claim skips",
            "fused/fma_f32_bf16_256", "compute.cpp",
            (("reconfig_data_format(cb_tmp0, cb_C_shared);",
              "reconfig_data_format(cb_tmp0, cb_tmp0, cb_C_shared, cb_C_shared);"),), "add_tiles"),
    Variant("packer-not-configured-for-output", "the packer is configured for the CB pack_tile writes",
            "fused/fma_f32_bf16_256", "compute.cpp",
            (("compute_kernel_hw_startup(cb_A_shared, cb_A_shared, cb_D_local);",
              "compute_kernel_hw_startup(cb_A_shared, cb_A_shared, cb_A_shared);"),), "pack_tile"),
]  # fmt: skip


def _edited(text: str, edits: tuple[tuple[str, str], ...]) -> str:
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def _golden(source: str) -> dict[str, str]:
    folder = REPO / "snapshots" / source / "ir_driven"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.suffix == ".cpp"}


def test_the_variants_break_at_least_ten_distinct_rules() -> None:
    assert len({v.rule for v in VARIANTS}) >= 10
    assert len({v.id for v in VARIANTS}) == len(VARIANTS)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_variant_is_caught_by_the_emulator_and_the_static_rule(
    variant: Variant, sim_cache: Path, tmp_path: Path
) -> None:
    if "/" in variant.source:
        artifacts = _golden(variant.source)
        artifacts[variant.file] = _edited(artifacts[variant.file], variant.edits)
        result = simulate_kernel(
            kernel=resolve_kernel(variant.source.split("/")[1]), artifacts=artifacts, cache_dir=sim_cache
        )
        fault, detail = result.fault, result.detail
    else:
        if fmt_missing() is not None:
            pytest.skip(fmt_missing() or "")
        folder = tmp_path / variant.source
        shutil.copytree(PROGRAMS / variant.source, folder)
        path = folder / variant.file
        path.write_text(_edited(path.read_text(encoding="utf-8"), variant.edits), encoding="utf-8")
        artifacts = read_program(folder)
        run = run_program_folder(folder=folder, cache_dir=sim_cache)
        fault, detail = run.fault, f"{run.status}: {run.detail}\n{run.stderr}"
    # the emulator: an init-state fault naming the op, on the line of that op
    assert fault is not None and fault.kind == "init-state", detail
    assert fault.fields["op"] == variant.op, detail
    line = fault.fields["line"]
    assert isinstance(line, int) and variant.op in artifacts[variant.file].split("\n")[line - 1], detail
    # the static rule: an init-state finding on a line that calls the same op
    findings = [f for f in check_artifacts(artifacts=artifacts) if f.rule == "init-state"]
    lines = artifacts[variant.file].split("\n")
    assert any(f.artifact == variant.file and variant.op in lines[f.line - 1] for f in findings), [
        f.message for f in findings
    ]
