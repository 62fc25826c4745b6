"""The real snapshot sources load their kernels once: listing them again, and the test suite's other
readers of the corpus, share that load instead of importing every kernel file once more."""

from __future__ import annotations

from pathlib import Path

from support.corpus import project_corpus

from ttmigrate.snapshot.cases import session_source
from ttmigrate.snapshot.manifest_source import ManifestSource
from ttmigrate.snapshot.source import PipelineSource

MANIFEST = Path(__file__).resolve().parents[1] / "data" / "tilelang_style" / "ttmigrate.toml"


def test_a_pipeline_source_lists_its_kernels_from_one_load() -> None:
    source = PipelineSource()
    first, second = source.list_kernels(), source.list_kernels()
    assert first.kernels and [k.name for k in first.kernels] == [k.name for k in second.kernels]
    assert all(a.handle is b.handle for a, b in zip(first.kernels, second.kernels, strict=True))


def test_the_suite_reads_the_corpus_the_snapshot_cases_come_from() -> None:
    source = session_source()
    assert type(source) is PipelineSource and source.corpus_root is None  # the main session's source
    assert project_corpus() is source.corpus
    listed = {id(ref.handle) for ref in source.list_kernels().kernels}
    assert listed == {id(kernel) for kernel in project_corpus().kernels}


def test_a_manifest_source_keeps_its_manifests_load_not_the_corpus() -> None:
    source = ManifestSource(manifest=MANIFEST)
    names = {ref.name for ref in source.list_kernels().kernels}
    assert names == {kernel.name for kernel in source.corpus.kernels}
    assert all(MANIFEST.parent in kernel.path.parents for kernel in source.corpus.kernels)  # not corpus/
    assert source.list_kernels().kernels[0].handle is source.corpus.kernels[0]
