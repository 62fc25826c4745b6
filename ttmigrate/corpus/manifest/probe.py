"""The child process of `listing`: imports one autotune entry's kernel file and prints its
instances (name, source hash) as one JSON line; ``python -m ttmigrate.corpus.manifest.probe
MANIFEST INDEX``. Not imported by the package, so that ``-m`` runs it fresh."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..model import KernelLoadError
from .entries import (
    BadTable,
    entry_error,
    entry_instances,
    import_kernel_file,
    kernel_source_hash,
    read_entries,
)


def main(argv: list[str]) -> int:
    """The child of `listing._probe_instances`: one entry's instances as a JSON line on stdout."""
    entry = read_entries(Path(argv[0]))[1][int(argv[1])]
    answer: Any
    if isinstance(entry, BadTable):  # the parent listed it as broken and never asks; say it anyway
        answer = {"error": entry.error.message, "path": str(entry.error.path), "line": entry.error.line}
    else:
        try:
            module = import_kernel_file(entry)
            answer = [[i.name, kernel_source_hash(entry, i.args)] for i in entry_instances(entry, module)]
        except (KernelLoadError, ValueError) as err:
            error = entry_error(entry, err)
            answer = {"error": error.message, "path": str(error.path), "line": error.line}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
