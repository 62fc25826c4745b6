"""Manifest entries built into the typed `Kernel` records the bundled corpus produces: the kernel
file imported with the tilelang stand-ins, its factory called, its reference adapted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ttmigrate.frontend import language

from .. import tilelang_shim
from ..access import read_and_written_params
from ..load import defined_at, error_line, error_summary, tensor_params
from ..model import BrokenKernel, CorpusLoad, Kernel, KernelLoadError
from ..references import TileLangReference, check_outputs, framework_of, normalise_out_idx
from ..stage_tiles import stage_global_tiles
from .entries import (
    MANIFEST_TAG,
    BadTable,
    Entry,
    Instance,
    entry_error,
    entry_instances,
    find_manifest,
    import_kernel_file,
    kernel_source_hash,
    name_clash,
    read_entries,
)


def _prim_func(entry: Entry, module: Any, args: dict[str, Any]) -> tuple[Any, list[str]]:
    """The instance's PrimFunc and the scheduling hints it recorded (T.use_swizzle)."""
    path = entry.path
    if entry.factory:
        factory = getattr(module, entry.factory, None)
        if not callable(factory):
            line = defined_at(path, entry.factory)
            raise KernelLoadError(
                path, line, f"no factory function `{entry.factory}` (named by {entry.name})"
            )
        try:
            with tilelang_shim.installed(), language.recording() as hints:
                func = factory(**args)
        except TypeError as exc:
            raise KernelLoadError(
                path, defined_at(path, entry.factory), f"{entry.factory}(**args): {exc}"
            ) from exc
        except KernelLoadError:
            raise
        except Exception as exc:
            raise KernelLoadError(path, error_line(path, exc), error_summary(exc)) from exc
        if type(func).__name__ != "PrimFunc":
            raise KernelLoadError(
                path, defined_at(path, entry.factory),
                f"{entry.factory}(...) returned {type(func).__name__}, not a PrimFunc (decorate it with @T.prim_func)",
            )  # fmt: skip
        return func, hints
    name = entry.func
    if name is None:
        found = [n for n, v in vars(module).items() if type(v).__name__ == "PrimFunc"]
        name = "main" if "main" in found else found[0] if len(found) == 1 else None
        if name is None:
            what = f"defines {len(found)} PrimFuncs ({', '.join(found)})" if found else "defines no PrimFunc"
            raise KernelLoadError(path, None, f"{what}: name one with `func` or a `factory` in the manifest")
    func = getattr(module, name, None)
    if type(func).__name__ != "PrimFunc":
        raise KernelLoadError(path, defined_at(path, name), f"`{name}` is not a PrimFunc")
    return func, []


def _reference(entry: Entry, module: Any, main: Any, outputs: tuple[str, ...]) -> tuple[Any, str | None]:
    """(the adapted reference, or None; why there is none)."""
    path = entry.path
    if entry.reference is None:
        return None, "the manifest names no reference"
    func = getattr(module, entry.reference, None)
    if not callable(func):
        line = defined_at(path, entry.reference)
        raise KernelLoadError(
            path, line, f"no reference function `{entry.reference}` (named by {entry.name})"
        )
    framework = entry.reference_framework or framework_of(func)
    params = tensor_params(main)
    names = [p.name for p in params]
    factory = getattr(module, entry.factory, None) if entry.factory else None
    out_idx_spec = (
        entry.out_idx if entry.out_idx is not None else getattr(factory, tilelang_shim.OUT_IDX_ATTR, None)
    )
    try:
        out_idx = normalise_out_idx(out_idx_spec, count=len(names))
        check_outputs(out_idx, names, dict.fromkeys(outputs))
    except ValueError as exc:
        raise KernelLoadError(entry.manifest, entry.line, f"kernel {entry.name!r}: {exc}") from exc
    reference = TileLangReference(
        func=func, framework=framework,  # type: ignore[arg-type]
        params=tuple((p.name, p.shape) for p in params), outputs=outputs, out_idx=out_idx,
    )  # fmt: skip
    if framework == "torch" and not tilelang_shim.torch_available():
        return reference, f"reference {entry.reference} uses torch, which is not installed"
    return reference, None


def _no_reference(**_inputs: Any) -> dict[str, Any]:
    raise RuntimeError("this kernel has no reference")


def _kernel(instance: Instance, module: Any) -> Kernel:
    entry = instance.entry
    func, hints = _prim_func(entry, module, instance.args)
    main, _staged = stage_global_tiles(func)
    inputs, outputs = read_and_written_params(main)
    reference, missing = _reference(entry, module, main, outputs)
    return Kernel(
        name=instance.name, family=entry.family, path=entry.path, source_hash=kernel_source_hash(entry, instance.args),
        main=main, reference=reference or _no_reference, params=tensor_params(main), inputs=inputs, outputs=outputs,
        tags=tuple(dict.fromkeys([*entry.tags, MANIFEST_TAG, *hints])), tolerance=entry.tolerance,
        no_reference=missing, manifest=str(entry.manifest),
    )  # fmt: skip


def load_manifest(manifest: Path | str, *, only: Iterable[str] | None = None) -> CorpusLoad:
    """Every kernel instance of the manifest (or those named in ``only``), loaded or broken.

    Raises ManifestError when the manifest itself is unusable; a bad entry is a BrokenKernel."""
    path, entries = read_entries(manifest)
    wanted = set(only) if only is not None else None
    result = CorpusLoad()
    seen: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, BadTable):
            result.broken.append(BrokenKernel(entry.name, "manifest", path, entry.error))
            continue
        module: Any = None
        try:
            if entry.autotune or wanted is None or any(_may_name(entry, w) for w in wanted):
                module = import_kernel_file(entry)
            else:
                continue
            instances = entry_instances(entry, module)
        except (KernelLoadError, ValueError) as err:
            result.broken.append(BrokenKernel(entry.name, entry.family, entry.path, entry_error(entry, err)))
            continue
        for instance in instances:
            clash = name_clash(path, entry, instance.name, seen)
            if clash is not None:
                result.broken.append(BrokenKernel(instance.name, entry.family, entry.path, clash))
                continue
            if wanted is not None and instance.name not in wanted:
                continue
            try:
                result.kernels.append(_kernel(instance, module))
            except KernelLoadError as err:
                result.broken.append(BrokenKernel(instance.name, entry.family, entry.path, err))
    return result


def _may_name(entry: Entry, name: str) -> bool:
    return name == entry.name or name.startswith(entry.name + "_")


def resolve_manifest_kernel(manifest: Path | str, name: str) -> Kernel:
    """One instance by name (``ttmigrate emit --manifest FILE NAME``); KernelLoadError if absent or broken."""
    load = load_manifest(manifest, only=[name])
    for kernel in load.kernels:
        if kernel.name == name:
            return kernel
    for broken in load.broken:
        if broken.name == name:
            raise broken.error
    everything = load_manifest(manifest)
    names = sorted(k.name for k in everything.kernels) + sorted(b.name for b in everything.broken)
    # A sweep entry that fails before its instances exist may be the one meant: say so.
    maybe = [b for b in everything.broken if name.startswith(b.name + "_")]
    if maybe:
        raise KernelLoadError(
            maybe[0].error.path, maybe[0].error.line,
            f"no kernel {name!r}; entry {maybe[0].name!r}, which may produce it, is broken: {maybe[0].error.message}",
        )  # fmt: skip
    raise KernelLoadError(
        find_manifest(Path(manifest).resolve()),
        None,
        f"no kernel {name!r} in the manifest (it has: {', '.join(names)})",
    )


def manifest_names(load: CorpusLoad) -> list[str]:
    return sorted([k.name for k in load.kernels] + [b.name for b in load.broken])


@dataclass(frozen=True)
class InstanceIR:
    """One instance's PrimFunc as the frontend builds it (before tile staging), or why it cannot be
    built: what ``scripts/export_corpus_ir.py --manifest`` exports for the real-TileLang check."""

    name: str
    entry: Entry
    args: dict[str, Any]
    func: Any | None
    error: str | None


def instance_irs(manifest: Path | str) -> list[InstanceIR]:
    out: list[InstanceIR] = []
    for entry in read_entries(manifest)[1]:
        if isinstance(entry, BadTable):
            continue  # reported by `ttmigrate run --manifest`; nothing to compare
        try:
            module = import_kernel_file(entry)
            instances = entry_instances(entry, module)
        except (KernelLoadError, ValueError):
            continue  # as above
        for instance in instances:
            try:
                func, _hints = _prim_func(entry, module, instance.args)
                out.append(InstanceIR(instance.name, entry, instance.args, func, None))
            except KernelLoadError as err:
                out.append(InstanceIR(instance.name, entry, instance.args, None, str(err)))
    return out
