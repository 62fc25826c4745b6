"""Where corpus kernels are and which files they are: plain paths, no kernel code and no TVM, so
that listing and hashing a corpus (`ttmigrate run`'s parent process, `flip --check`) stays cheap."""

from __future__ import annotations

from pathlib import Path


def default_corpus_root() -> Path:
    return Path(__file__).resolve().parents[2] / "corpus"


def kernel_files(root: Path | None = None) -> list[Path]:
    root = root or default_corpus_root()
    return sorted(p for p in root.glob("*/*.py") if not p.name.startswith("_"))
