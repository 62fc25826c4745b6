"""Kernel manifests: TileLang kernel files as their authors wrote them, listed in one TOML file.

``ttmigrate.toml`` (or ``[tool.ttmigrate.kernels]`` in a pyproject.toml) holds one ``[[kernel]]``
table per kernel instance::

    [[kernel]]
    name = "elementwise_add_512x1024"        # unique; used for goldens and reports
    path = "kernels/elementwise_add.py"      # relative to the manifest
    factory = "elementwise_add"              # a function returning a PrimFunc; omit for a module-level PrimFunc
    args = { M = 512, N = 1024, block_M = 32, block_N = 32 }
    reference = "ref_program"                # a function in the same file (NumPy or torch)
    out_idx = [-1]                           # as tilelang.compile: which parameters are outputs
    tolerance = { atol = 0.01, rtol = 0.01 } # optional; tags = [...] optional

``[[kernel.params]]`` tables (several ``args`` tables under one entry) and ``autotune = true``
(the configs of the factory's ``@autotune``) expand one entry into one instance each, named
``<name>_<derived from the arguments>``. Each instance becomes the same typed ``Kernel`` record the
bundled corpus produces, so every later stage is unchanged. Files are imported with the tilelang
stand-ins of ``tilelang_shim`` in place; one bad entry never stops the others.

``entries`` reads and checks the tables, ``kernels`` builds the instances (in the process that runs
kernel code), ``listing`` names them without running kernel code (``probe`` is its child process).
"""

from typing import TYPE_CHECKING

from ttmigrate.lazy import lazy_exports

if TYPE_CHECKING:
    from ..model import ManifestError
    from .entries import (
        MANIFEST_NAME,
        MANIFEST_TAG,
        Entry,
        Instance,
        derived_name,
        find_manifest,
        manifest_snapshot_root,
    )
    from .kernels import InstanceIR, instance_irs, load_manifest, manifest_names, resolve_manifest_kernel
    from .listing import PROBE_SECONDS, Listed, list_manifest

# Resolved on first use (PEP 562), as the corpus package's names: building kernels (`kernels`) needs
# TVM, naming them (`listing`, what `ttmigrate run`'s parent does) does not.
_HOMES = {
    "ManifestError": "entries",  # born in corpus.model; entries, which raises it, has it
    **dict.fromkeys(
        ["MANIFEST_NAME", "MANIFEST_TAG", "Entry", "Instance", "derived_name", "find_manifest",
         "manifest_snapshot_root"], "entries",
    ),
    **dict.fromkeys(
        ["InstanceIR", "instance_irs", "load_manifest", "manifest_names", "resolve_manifest_kernel"], "kernels"
    ),
    **dict.fromkeys(["PROBE_SECONDS", "Listed", "list_manifest"], "listing"),
}  # fmt: skip

__all__ = [
    "MANIFEST_NAME",
    "MANIFEST_TAG",
    "PROBE_SECONDS",
    "Entry",
    "Instance",
    "InstanceIR",
    "Listed",
    "ManifestError",
    "derived_name",
    "find_manifest",
    "instance_irs",
    "list_manifest",
    "load_manifest",
    "manifest_names",
    "manifest_snapshot_root",
    "resolve_manifest_kernel",
]


__getattr__ = lazy_exports(__name__, _HOMES)
