"""Export ttmigrate's printed IR (TVMScript) of every corpus kernel, for the TileLang parity check.

Step 1 of 2, run in the main environment (apache-tvm + ttmigrate):

    .venv/bin/python scripts/export_corpus_ir.py [--root corpus] [--out build/tilelang_parity]

writes ``<out>/ttmigrate/<family>/<name>.tvmscript`` per kernel and ``<out>/index.json`` (status,
load error, sha256 of the kernel file). Step 2, ``scripts/tilelang_parity.py``, runs in the
``tox -e tilelang`` environment (real TileLang, no ttmigrate: the two cannot share an environment)
and compares TileLang's printed IR of the same files with these exports.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from ttmigrate.atomic import write_text
from ttmigrate.corpus import default_corpus_root, kernel_files, load_kernel
from ttmigrate.corpus.model import KernelLoadError

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "build" / "tilelang_parity"
INDEX_VERSION = 1


def export(root: Path, out: Path) -> dict[str, Any]:
    entries: dict[str, dict[str, Any]] = {}
    for path in kernel_files(root):
        key = f"{path.parent.name}/{path.stem}"
        entry: dict[str, Any] = {
            "family": path.parent.name,
            "name": path.stem,
            "source_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        try:
            kernel = load_kernel(path)
        except KernelLoadError as err:
            entry.update(status="broken", error=str(err))
        else:
            relative = Path("ttmigrate") / path.parent.name / f"{path.stem}.tvmscript"
            write_text(out / relative, kernel.main.script())
            entry.update(status="ok", script=str(relative))
        entries[key] = entry
    index = {"version": INDEX_VERSION, "root": str(root.resolve()), "kernels": entries}
    write_text(out / "index.json", json.dumps(index, indent=2, sort_keys=True, allow_nan=False) + "\n")
    return index


def export_manifest(manifest: Path, out: Path, index: dict[str, Any]) -> None:
    """Add a manifest's kernel instances (``manifest/<name>``): their IR as the frontend builds it,
    and how to rebuild them (file, factory or func, arguments) with the real TileLang."""
    from ttmigrate.corpus.manifest import instance_irs

    for ir in instance_irs(manifest):
        entry: dict[str, Any] = {
            "kind": "manifest",
            "family": ir.entry.family,
            "name": ir.name,
            "path": str(ir.entry.path),
            "factory": ir.entry.factory,
            "func": ir.entry.func,
            "args": ir.args,
            "source_sha256": hashlib.sha256(ir.entry.path.read_bytes()).hexdigest(),
        }
        if ir.func is None:
            entry.update(status="broken", error=ir.error)
        else:
            relative = Path("ttmigrate") / "manifest" / f"{ir.name}.tvmscript"
            write_text(out / relative, ir.func.script())
            entry.update(status="ok", script=str(relative))
        index["kernels"][f"manifest/{ir.name}"] = entry
    write_text(out / "index.json", json.dumps(index, indent=2, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=default_corpus_root(), help="corpus folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="export folder")
    parser.add_argument(
        "--manifest", type=Path, default=None, help="also export a kernel manifest's instances"
    )
    args = parser.parse_args(argv)
    index = export(args.root, args.out)
    if args.manifest is not None:
        export_manifest(args.manifest, args.out, index)
    kernels = index["kernels"]
    broken = [f"{key}: {e['error']}" for key, e in kernels.items() if e["status"] != "ok"]
    print(f"exported {len(kernels) - len(broken)} of {len(kernels)} kernels to {args.out}")
    for line in broken:
        print(f"  broken {line}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
