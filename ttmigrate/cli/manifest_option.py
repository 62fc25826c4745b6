"""``--manifest FILE``: the one option every single-kernel command shares to name a manifest kernel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

manifest_option = click.option(
    "--manifest",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="A kernel manifest (ttmigrate.toml, pyproject.toml or a folder holding one); KERNEL is then "
    "the name of one of its kernel instances.",
)


def resolve(kernel: str, manifest: Path | None) -> Any:
    """The corpus kernel (name or .py path) or, with a manifest, the manifest kernel of that name.

    Raises KernelLoadError (or ManifestError, a ValueError) with file and line."""
    if manifest is not None:
        from ttmigrate.corpus.manifest import resolve_manifest_kernel

        return resolve_manifest_kernel(manifest, kernel)
    from ttmigrate.corpus import resolve_kernel

    return resolve_kernel(kernel)
