"""Report analysis (categories, root causes, baseline diff, flip gate) and renderers.

Analysis modules decide; `ttmigrate.report.render.*` only format a `Summary`. This package reads
results.json (`ttmigrate.report.model`) and never imports `ttmigrate.run` or `ttmigrate.cli`.
"""

from __future__ import annotations

from pathlib import Path

from ttmigrate.report.model import ResultsError, RunResults, decode_results


def load_results(path: Path) -> RunResults:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ResultsError(f"{path}: cannot read: {exc.strerror}") from exc
    return RunResults.from_json(decode_results(data, source=str(path)), source=str(path))


__all__ = ["ResultsError", "RunResults", "load_results"]
