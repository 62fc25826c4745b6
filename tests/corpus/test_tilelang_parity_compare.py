"""The TileLang parity comparison (scripts/tilelang_parity.py), on IR printed by real TileLang 0.1.15.

The ``data/tilelang_0_1_15/*.tvmscript`` files are ``main.script()`` of corpus kernels as built by
``tilelang==0.1.15`` (captured from ``tox -e tilelang``); the ttmigrate side is built here, live.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ttmigrate.corpus import default_corpus_root

from support.corpus import project_corpus

PROJECT = Path(__file__).resolve().parents[2]
CAPTURED = Path(__file__).resolve().parent / "data" / "tilelang_0_1_15"


def _load_script(name: str) -> ModuleType:
    path = PROJECT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"ttmigrate_script_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


parity = _load_script("tilelang_parity")


def _ttmigrate_text(family: str, name: str) -> str:
    # The kernel from the corpus load the corpus tests share (`loaded.py`): the same file, loaded once.
    (kernel,) = (k for k in project_corpus().kernels if (k.family, k.name) == (family, name))
    return str(kernel.main.script())


def _tilelang_text(name: str) -> str:
    return (CAPTURED / f"{name}.tvmscript").read_text()


def test_parity_script_does_not_need_ttmigrate_or_tilelang_to_import() -> None:
    source = (PROJECT / "scripts" / "tilelang_parity.py").read_text()
    top_level_imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert not any("ttmigrate" in line or "tilelang" in line or "tvm" in line for line in top_level_imports)


def test_same_text_matches() -> None:
    text = _ttmigrate_text("gemm", "gemm_128")
    assert parity.compare(text, text).status == "match"


def test_renamed_variables_still_match() -> None:
    text = _ttmigrate_text("gemm", "gemm_128")
    renamed = (
        text.replace("A_shared", "a_tile")
        .replace("C_local", "acc")
        .replace(" k ", " ko ")
        .replace("k * 32", "ko * 32")
    )
    assert renamed != text
    assert parity.compare(renamed, text).status == "match"


def test_strings_are_not_renamed() -> None:
    """`bx` is renamed but "blockIdx.x" is a string: changing it must be a difference."""
    text = _ttmigrate_text("gemm", "gemm_128")
    result = parity.compare(text.replace('"blockIdx.x"', '"blockIdx.z"'), text)
    assert result.status == "mismatch" and result.first_difference and "blockIdx" in result.first_difference


@pytest.mark.parametrize(
    ("family", "name"),
    [
        ("gemm", "gemm_128"),
        ("broadcast", "mul_col_256"),
        ("eltwise", "add_f32_128"),
        ("degenerate", "empty_body"),
        ("degenerate", "fill_zero_64"),
        ("attention", "flash_fwd_causal_s256_d64"),
        ("attention", "flash_fwd_mha_causal_h2_s256_d64"),
    ],
)
def test_real_tilelang_builds_the_same_ir(family: str, name: str) -> None:
    """Thread-index binds, tl.launch_threads, the fill literal, the gemm operand layout, a (32, 1)
    column copy, float32 allocations and an empty body: all as TileLang 0.1.15 builds them."""
    result = parity.compare(_tilelang_text(name), _ttmigrate_text(family, name))
    assert (result.status, result.rules, result.first_difference) == ("match", [], None)


def test_a_real_difference_is_unexplained() -> None:
    """An extent changed on one side is not explained away by any rule."""
    tilelang = _tilelang_text("gemm_128").replace(
        "T.region(B_shared[0, 0], 2, 32, 32)", "T.region(B_shared[0, 0], 2, 32, 16)"
    )
    result = parity.compare(tilelang, _ttmigrate_text("gemm", "gemm_128"))
    assert result.status == "mismatch"
    assert result.first_difference is not None and "32, 16" in result.first_difference
    assert any(reason.startswith("unexplained:") for reason in result.reasons)


def test_non_compact_strides_stay_visible() -> None:
    tilelang = _tilelang_text("add_f32_128").replace(
        "(128, 128), strides=(128, 1))", "(128, 128), strides=(256, 1))", 1
    )
    result = parity.compare(tilelang, _ttmigrate_text("eltwise", "add_f32_128"))
    assert result.first_difference is not None and "strides=(256, 1)" in result.first_difference


def test_extra_statement_is_a_difference() -> None:
    text = _ttmigrate_text("unary", "copy_256")
    lines = text.splitlines()
    copy_line = next(i for i, line in enumerate(lines) if "T.tl.tileop.copy" in line)
    doubled = "\n".join([*lines[: copy_line + 1], lines[copy_line], *lines[copy_line + 1 :]])
    assert parity.compare(doubled, text).status == "mismatch"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("for i, j in T.grid(4, 8):", ["for v0, v1 in T.grid(4, 8):", "end"]),
        ("x = T.exp(y)", ["v0 = T.exp(y)"]),
    ],
)
def test_normalise_renames_bindings(line: str, expected: list[str]) -> None:
    assert parity.normalise(line) == expected


def test_exporter_writes_index_and_scripts(tmp_path: Path) -> None:
    exporter = _load_script("export_corpus_ir")
    root = tmp_path / "corpus"
    (root / "gemm").mkdir(parents=True)
    (root / "broken").mkdir()
    source = (default_corpus_root() / "gemm" / "gemm_128.py").read_text()
    (root / "gemm" / "gemm_128.py").write_text(source)
    (root / "broken" / "bad.py").write_text("from ttmigrate.frontend import T\nT.nope\n")
    index = exporter.export(root, tmp_path / "out")
    kernels = index["kernels"]
    assert kernels["gemm/gemm_128"]["status"] == "ok"
    assert (tmp_path / "out" / kernels["gemm/gemm_128"]["script"]).read_text() == _ttmigrate_text(
        "gemm", "gemm_128"
    )
    assert kernels["broken/bad"]["status"] == "broken" and ":2: " in kernels["broken/bad"]["error"]
    assert (tmp_path / "out" / "index.json").is_file()


def test_driver_without_an_export_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = parity.main(["--root", str(default_corpus_root()), "--expected", str(tmp_path / "none")])
    assert code == 2
    assert "scripts/export_corpus_ir.py" in capsys.readouterr().err


def test_use_swizzle_is_a_by_design_difference_on_real_tilelang_output() -> None:
    """TileLang 0.1.15 puts T.use_swizzle in the IR; ttmigrate records it as a tag. Captured from
    `tox -e tilelang` on tests/data/tilelang_style's gemm_256 instance."""
    from ttmigrate.corpus.manifest import instance_irs

    manifest = PROJECT / "tests" / "data" / "tilelang_style" / "ttmigrate.toml"
    (ours,) = [ir for ir in instance_irs(manifest) if ir.name == "gemm_256"]
    theirs = _tilelang_text("manifest_gemm_256")
    result = parity.compare(theirs, str(ours.func.script()))
    assert (result.status, result.rules) == ("match-by-design", ["use-swizzle"])
    # Anything else that differs is still a mismatch, with the swizzle named beside it.
    broken = parity.compare(theirs.replace("num_stages", "num_stagez"), str(ours.func.script()))
    assert broken.status == "mismatch" and broken.rules == ["use-swizzle"] and broken.first_difference
