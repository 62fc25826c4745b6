"""Task 5: codegen-mode precedence — explicit, then tt_codegen_mode, then configuration, then template."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttmigrate.corpus import resolve_kernel
from ttmigrate.emit import CodegenMode, emit_tt_artifacts, resolve_mode, write_artifacts_to_disk
from ttmigrate.tt import lower


def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.ttmigrate]\n{body}\n")
    monkeypatch.setenv("TTMIGRATE_PYPROJECT", str(path))


@pytest.fixture(scope="module")
def gemm() -> object:
    return lower(resolve_kernel("gemm_128").main)["main"]


def test_default_is_template_when_configuration_says_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gemm: object
) -> None:
    _config(tmp_path, monkeypatch, "")
    assert resolve_mode(gemm) is CodegenMode.TEMPLATE


def test_project_default_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gemm: object) -> None:
    _config(tmp_path, monkeypatch, 'default_mode = "ir_driven"')
    assert resolve_mode(gemm) is CodegenMode.IR_DRIVEN
    assert resolve_mode(gemm, kernel_name="gemm_128") is CodegenMode.IR_DRIVEN


def test_per_kernel_override_beats_the_project_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gemm: object
) -> None:
    _config(tmp_path, monkeypatch, 'default_mode = "ir_driven"\nkernel_modes = { gemm_128 = "template" }')
    assert resolve_mode(gemm, kernel_name="gemm_128") is CodegenMode.TEMPLATE
    assert resolve_mode(gemm, kernel_name="other") is CodegenMode.IR_DRIVEN


def test_function_attribute_beats_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gemm: object
) -> None:
    _config(tmp_path, monkeypatch, 'default_mode = "template"\nkernel_modes = { gemm_128 = "template" }')
    pinned = gemm.with_attr("tt_codegen_mode", "ir_driven")  # type: ignore[attr-defined]
    assert resolve_mode(pinned, kernel_name="gemm_128") is CodegenMode.IR_DRIVEN


def test_explicit_mode_beats_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gemm: object
) -> None:
    _config(tmp_path, monkeypatch, 'default_mode = "ir_driven"')
    pinned = gemm.with_attr("tt_codegen_mode", "ir_driven")  # type: ignore[attr-defined]
    assert resolve_mode(pinned, explicit="template") is CodegenMode.TEMPLATE


def test_unknown_mode_is_a_clear_error(gemm: object) -> None:
    with pytest.raises(ValueError, match="unknown codegen mode 'fast'"):
        resolve_mode(gemm, explicit="fast")


def test_both_modes_emit_and_differ_in_what_they_read(tmp_path: Path, gemm: object) -> None:
    template = emit_tt_artifacts(gemm, mode="template")
    ir_driven = emit_tt_artifacts(gemm, mode="ir_driven")
    assert "src0_addr" in template["reader.cpp"] and "A_addr" in ir_driven["reader.cpp"]
    written = write_artifacts_to_disk(ir_driven, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(ir_driven)
    assert (tmp_path / "out" / "compute.cpp").read_text() == ir_driven["compute.cpp"]
