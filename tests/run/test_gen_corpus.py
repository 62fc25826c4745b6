"""scripts/gen_corpus.py: seeded, unique names, every kernel loads under the corpus convention with a
working reference, and never writes into the bundled corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from ttmigrate.corpus import load_corpus

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "gen_corpus.py"


def _generate(out: Path, *, n: int, seed: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--n", str(n), "--seed", str(seed), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_generated_kernels_load_and_their_references_run(tmp_path: Path) -> None:
    assert _generate(tmp_path / "a", n=24, seed=5).returncode == 0
    load = load_corpus(tmp_path / "a")
    assert load.broken == [] and len(load.kernels) == 24
    assert len({k.name for k in load.kernels}) == 24
    assert {k.family for k in load.kernels} <= {"gen_eltwise", "gen_unary", "gen_fused", "gen_gemm"}
    assert len({k.family for k in load.kernels}) >= 3
    rng = np.random.default_rng(0)
    for kernel in load.kernels:
        params = {p.name: p for p in kernel.params}
        inputs = {name: rng.standard_normal(params[name].shape).astype(np.float32) for name in kernel.inputs}
        outputs = kernel.reference(**inputs)
        assert {name: np.shape(value) for name, value in outputs.items()} == {
            name: tuple(params[name].shape) for name in kernel.outputs
        }


def test_the_seed_reproduces_the_corpus_exactly(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert _generate(tmp_path / name, n=10, seed=11).returncode == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.py"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.py"))
    assert all((tmp_path / "a" / f).read_text() == (tmp_path / "b" / f).read_text() for f in files)
    assert _generate(tmp_path / "c", n=10, seed=12).returncode == 0
    assert sorted(p.name for p in (tmp_path / "c").rglob("*.py")) != sorted(f.name for f in files)


def test_it_refuses_to_write_into_the_bundled_corpus() -> None:
    done = _generate(REPO / "corpus" / "generated", n=1, seed=0)
    assert done.returncode != 0 and "never go into the bundled corpus" in done.stderr
    assert not (REPO / "corpus" / "generated").exists()
