"""`ttmigrate diff` and `ttmigrate check` on folders of artifacts (the form that works on any output)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from ttmigrate.cli import main


def _write(folder: Path, artifacts: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in artifacts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_diff_folders_text_and_json(
    gemm: dict[str, str], tmp_path: Path, edit: Callable[..., dict[str, str]]
) -> None:
    left = _write(tmp_path / "template", gemm)
    right = _write(
        tmp_path / "ir_driven", edit(gemm, "writer.cpp", "        noc_async_write_barrier();\n", "")
    )
    result = CliRunner().invoke(main, ["diff", "--left", str(left), "--right", str(right)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{left} vs {right}: divergent",
        "  reader.cpp: L0",
        "  compute.cpp: L0",
        "  writer.cpp: divergent",
        "    - writer.cpp: noc_async_write_barrier() missing after noc_async_write_tile (left line 18)  [lines 18 | -]",
        "  main.cpp: L0",
    ]
    result = CliRunner().invoke(main, ["diff", "--left", str(left), "--right", str(right), "--json"])
    document = json.loads(result.output)
    assert document["level"] == "divergent"
    assert document["artifacts"]["writer.cpp"]["edit_script"] == [
        {
            "op": "delete",
            "left_line": 18,
            "right_line": None,
            "message": "writer.cpp: noc_async_write_barrier() missing after noc_async_write_tile (left line 18)",
        },
    ]


def test_check_folder_exit_codes(
    gemm: dict[str, str], tmp_path: Path, edit: Callable[..., dict[str, str]]
) -> None:
    good = _write(tmp_path / "good", gemm)
    result = CliRunner().invoke(main, ["check", "--dir", str(good)])
    assert (result.exit_code, result.output) == (0, f"{good} (folder): no protocol findings\n")
    bad = _write(tmp_path / "bad", edit(gemm, "writer.cpp", "        cb_wait_front(cb_out0, 1);\n", ""))
    result = CliRunner().invoke(main, ["check", "--dir", str(bad), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["findings"] == [
        {
            "artifact": "writer.cpp",
            "line": 18,
            "rule": "wait-before-pop",
            "message": "writer.cpp: cb_pop_front(c_16, 1) at line 18 without 1 page(s) made visible by cb_wait_front",
        },
    ]


def test_check_rule_selects_the_rules_reported(
    gemm: dict[str, str], tmp_path: Path, edit: Callable[..., dict[str, str]]
) -> None:
    # two deletions, two rules broken: a pop without its wait, and DST packed before it is waited for
    bad = edit(gemm, "writer.cpp", "        cb_wait_front(cb_out0, 1);\n", "")
    bad = _write(tmp_path / "bad", edit(bad, "compute.cpp", "        tile_regs_wait();\n", ""))
    every = CliRunner().invoke(main, ["check", "--dir", str(bad), "--json"])
    assert every.exit_code == 1
    assert {f["rule"] for f in json.loads(every.output)["findings"]} == {"wait-before-pop", "dst-order"}
    only = CliRunner().invoke(main, ["check", "--dir", str(bad), "--json", "--rule", "wait-before-pop"])
    assert only.exit_code == 1
    expected = [f for f in json.loads(every.output)["findings"] if f["rule"] == "wait-before-pop"]
    assert json.loads(only.output)["findings"] == expected
    other = CliRunner().invoke(
        main, ["check", "--dir", str(bad), "--rule", "cb-balance", "--rule", "init-state"]
    )
    assert (other.exit_code, other.output) == (0, f"{bad} (folder): no protocol findings\n")
    unknown = CliRunner().invoke(main, ["check", "--dir", str(bad), "--rule", "dst_order"])
    assert unknown.exit_code == 2 and "'dst_order' is not one of 'cb-balance'" in unknown.output


def test_usage_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "--left", str(tmp_path)])
    assert result.exit_code == 2
    assert "--left and --right go together" in result.output
    result = CliRunner().invoke(main, ["check", "gemm_256"])
    assert result.exit_code == 2
    assert "--mode template|ir_driven is required with KERNEL" in result.output
    result = CliRunner().invoke(main, ["check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        f"{tmp_path}: none of reader.cpp, compute.cpp, writer.cpp, main.cpp, tt.plan.json found"
        in result.output
    )
