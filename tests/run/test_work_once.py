"""A run does each piece of work once per kernel x mode: every C++ text is parsed by tree-sitter
once (the checks and the comparison share the model) and goes through clang-format once (the
snapshot, the checks and the comparison share the normalised text). Counted, not timed."""

from __future__ import annotations

from pathlib import Path

from ttmigrate import normalize
from ttmigrate.compare import parse
from ttmigrate.compare.programs import clear_caches
from ttmigrate.corpus import load_kernel
from ttmigrate.normalize import FORMATTED
from ttmigrate.run.pipeline import KernelInfo, Stages, run_kernel

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_one_kernel_parses_and_formats_each_text_once(tmp_path: Path) -> None:
    kernel = load_kernel(CORPUS / "gemm" / "gemm_128.py", family="gemm")
    info = KernelInfo(
        kernel.name, kernel.family, str(kernel.path), kernel.source_hash, list(kernel.tags), kernel
    )
    clear_caches()  # nothing kept from earlier tests in this process: parsed programs
    normalize.clear_caches()  # and formatted texts
    parse.PARSES.clear()
    FORMATTED.clear()
    result = run_kernel(
        info,
        stages=Stages(run_emulation=False, reference=None),
        snapshot_root=tmp_path / "snapshots",
        expected_divergences={},
    )
    assert not result.all_errors(), result.all_errors()
    # the two modes differ, so the comparison modelled every C++ artifact of both
    assert result.parity and any(p.level not in ("L0", "L1") for p in result.parity)
    cpp = {name for mode in result.modes.values() for name in mode.artifacts if name.endswith(".cpp")}
    parsed = {name: count for name, count in parse.PARSES.items() if not name.endswith("#fragment")}
    assert cpp and set(parsed) == cpp
    # one parse per distinct text of an artifact (the two modes' identical files are parsed once; a
    # kernel the host gives `defines` would be parsed with them once more, and gemm has none)
    texts = {
        name: {mode.artifacts[name] for mode in result.modes.values() if name in mode.artifacts}
        for name in cpp
    }
    assert parsed == {name: len(distinct) for name, distinct in texts.items()}, (parsed, texts)
    assert FORMATTED and set(FORMATTED.values()) == {1}, FORMATTED
