"""The project's corpus loaded once per test process, for the test modules that all read it.

Several modules parametrize over the shipped kernels at collection time (the contents checks, the
attention and norm families, the emitters' structure and host tests, the lowering tests); each
`load_corpus()` imports every kernel file and builds its PrimFunc, the same work every time, in
every xdist worker. They share one load instead, and it is the load the snapshot tests' cases come
from (tests/test_snapshots.py lists the same corpus at collection). It is read-only: callers filter
and sort into their own lists, never change the shared one.
"""

from __future__ import annotations

import functools

from ttmigrate.corpus import CorpusLoad, load_corpus
from ttmigrate.snapshot.cases import session_source
from ttmigrate.snapshot.source import PipelineSource


@functools.cache
def project_corpus() -> CorpusLoad:
    """`load_corpus()` of the project's corpus/, loaded once in this process."""
    source = session_source()
    if type(source) is PipelineSource and source.corpus_root is None:
        return source.corpus  # the snapshot session's own load of corpus/
    return load_corpus()  # the snapshot tests run on another source (TTMIGRATE_SNAPSHOT_SOURCE)
