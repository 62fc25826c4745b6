"""The results.json checkpoint a run rewrites while it goes, so that a run killed at any moment leaves
a valid results.json (marked incomplete, so the gate refuses it) holding every kernel it finished,
which `run --resume` continues from.

Rewriting the whole file after each kernel made a run quadratic: a 96-kernel run serialised its
results 97 times (5 MB at the end; 7.8 of a warm run's 13 CPU seconds). Here each kernel is
serialised once, when it finishes, and a checkpoint joins the stored texts. Kernels taken from the
stage cache are not checkpointed one by one: they cost nothing to get again, so one checkpoint
follows them all (`hold`/`release`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from ttmigrate.atomic import write_text
from ttmigrate.report.model import KernelResult, RunMeta, to_data


def _dumps(value: object) -> str:
    return json.dumps(to_data(value), ensure_ascii=False, allow_nan=False)


class Checkpoint:
    def __init__(self, *, path: Path, meta: RunMeta) -> None:
        self._path = path
        # what the file says until the run ends: in progress, not finished
        self._meta = _dumps(replace(meta, complete=False, finished_at=""))
        self._kernels: list[str] = []
        self._held = False

    def add(self, kernel: KernelResult) -> None:
        self._kernels.append(_dumps(kernel))
        if not self._held:
            self.write()

    def hold(self) -> None:
        """Stop writing after each kernel until `release` (cache hits follow)."""
        self._held = True

    def release(self) -> None:
        """Write what was held; nothing while no kernel has finished (no results.json before the
        first result, as when each kernel is written)."""
        if self._held:
            self._held = False
            if self._kernels:
                self.write()

    def write(self) -> None:
        write_text(
            self._path, '{"meta": ' + self._meta + ', "kernels": [' + ",\n".join(self._kernels) + "]}\n"
        )
