"""[tool.ttmigrate] reads (typed, one clear error with file and line) and flip's surgical write."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

import pytest

from ttmigrate.config import KNOWN_MODES, ConfigError, default_mode, edit_modes, load_config, write_modes

REPO_PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

SAMPLE = """\
[project]
name = "x"  # keep me

[tool.ttmigrate]
# Project-wide codegen default.
default_mode = "template"
# Per-kernel overrides.
kernel_modes = {}

[tool.ttmigrate.expected_divergences]
gemm_384 = "ir_driven reads K from the IR; template assumed square"

[tool.ruff]
line-length = 110
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    return path


def test_repository_config_loads() -> None:
    config = load_config(REPO_PYPROJECT)
    assert config.default_mode in KNOWN_MODES
    assert default_mode(REPO_PYPROJECT) == config.default_mode
    assert all(reason.strip() for reason in config.expected_divergences.values())


def test_reads_typed_values(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, SAMPLE))
    assert config.default_mode == "template"
    assert dict(config.kernel_modes) == {}
    assert dict(config.expected_divergences) == {
        "gemm_384": "ir_driven reads K from the IR; template assumed square"
    }
    assert config.mode_for("gemm_384") == "template"


def test_known_modes_match_the_emitters() -> None:
    # Imported here, not skipped when absent: the emitters' modes and the config's must agree.
    from ttmigrate.emit import MODES

    assert tuple(MODES) == KNOWN_MODES


@pytest.mark.parametrize(
    ("replacement", "message", "line"),
    [
        ('gemm_384 = ""', "expected_divergences.gemm_384 has no reason", 11),
        ('gemm_384 = "   "', "has no reason", 11),
        ("gemm_384 = 3", "expected_divergences.gemm_384 must be a string, got int", 11),
    ],
)
def test_expected_divergence_needs_a_reason(
    tmp_path: Path, replacement: str, message: str, line: int
) -> None:
    text = SAMPLE.replace('gemm_384 = "ir_driven reads K from the IR; template assumed square"', replacement)
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_bad_mode_is_named_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, SAMPLE.replace('default_mode = "template"', 'default_mode = "ir"'))
    with pytest.raises(ConfigError, match="default_mode = 'ir' is not one of template, ir_driven") as caught:
        load_config(path)
    assert caught.value.line == 6
    path = _write(tmp_path, SAMPLE.replace("kernel_modes = {}", 'kernel_modes = { add_256 = "fast" }'))
    with pytest.raises(ConfigError, match=r"kernel_modes\.add_256 = .fast. is not one of"):
        load_config(path)


def test_invalid_toml_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(_write(tmp_path, SAMPLE + "oops = \n"))


def test_write_changes_only_the_two_lines_and_round_trips(tmp_path: Path) -> None:
    path = _write(tmp_path, SAMPLE)
    write_modes(
        path, default_mode="ir_driven", kernel_modes={"reduce_sum": "template", "odd name": "template"}
    )
    after = path.read_text()
    changed = [
        line for line in difflib.unified_diff(SAMPLE.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]  # fmt: skip
    assert changed == [
        '-default_mode = "template"',
        '+default_mode = "ir_driven"',
        "-kernel_modes = {}",
        '+kernel_modes = { "odd name" = "template", reduce_sum = "template" }',
    ]
    data = tomllib.loads(after)["tool"]["ttmigrate"]
    assert data["default_mode"] == "ir_driven"
    assert data["kernel_modes"] == {"reduce_sum": "template", "odd name": "template"}
    config = load_config(path)
    assert config.mode_for("reduce_sum") == "template" and config.mode_for("gemm_256") == "ir_driven"


def test_write_inserts_missing_keys_inside_the_table(tmp_path: Path) -> None:
    text = SAMPLE.replace('default_mode = "template"\n', "").replace("kernel_modes = {}\n", "")
    new = edit_modes(text, default_mode="ir_driven", kernel_modes={}, path=tmp_path / "p.toml")
    data = tomllib.loads(new)["tool"]["ttmigrate"]
    assert data["default_mode"] == "ir_driven" and data["kernel_modes"] == {}
    assert data["expected_divergences"]["gemm_384"].startswith("ir_driven reads K")


def test_write_refuses_unknown_modes_and_missing_table(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown mode"):
        edit_modes(SAMPLE, default_mode="fast", kernel_modes={}, path=tmp_path / "p.toml")
    with pytest.raises(ConfigError, match=r"no \[tool.ttmigrate\] table"):
        edit_modes(
            "[project]\nname = 'x'\n", default_mode="ir_driven", kernel_modes={}, path=tmp_path / "p.toml"
        )


def test_write_refuses_a_kernel_modes_sub_table(tmp_path: Path) -> None:
    text = (
        SAMPLE.replace("kernel_modes = {}\n", "") + '\n[tool.ttmigrate.kernel_modes]\nadd_256 = "template"\n'
    )
    assert load_config(_write(tmp_path, text)).mode_for("add_256") == "template"
    with pytest.raises(ConfigError, match="sub-table"):
        edit_modes(text, default_mode="ir_driven", kernel_modes={}, path=tmp_path / "p.toml")
