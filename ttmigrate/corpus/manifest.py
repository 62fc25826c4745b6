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
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ttmigrate.frontend import language

from . import tilelang_shim
from .access import read_and_written_params
from .load import defined_at, error_line, error_summary, import_kernel_module, tensor_params
from .model import BrokenKernel, CorpusLoad, Kernel, KernelLoadError, ManifestError
from .references import FRAMEWORKS, TileLangReference, check_outputs, framework_of, normalise_out_idx
from .stage_tiles import stage_global_tiles

MANIFEST_NAME = "ttmigrate.toml"
MANIFEST_TAG = "manifest"
_KEYS = {
    "name", "path", "factory", "func", "args", "params", "autotune", "reference", "reference_framework",
    "out_idx", "tolerance", "tags", "family",
}  # fmt: skip
_TOLERANCE_KEYS = {"atol", "rtol", "min_pcc", "pcc"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Entry:
    """One ``[[kernel]]`` table, checked; ``line`` is where its ``name`` is written."""

    name: str
    path: Path
    factory: str | None
    func: str | None
    args: dict[str, Any]
    params: tuple[dict[str, Any], ...]
    autotune: bool
    reference: str | None
    reference_framework: str | None
    out_idx: Any
    tolerance: dict[str, float] | None
    tags: tuple[str, ...]
    family: str
    manifest: Path
    line: int | None


@dataclass(frozen=True)
class Instance:
    """One kernel instance of an entry: the entry with one set of factory arguments."""

    name: str
    entry: Entry
    args: dict[str, Any] = field(default_factory=dict)


def find_manifest(start: Path) -> Path:
    """``start`` itself if it is a file, else ``start/ttmigrate.toml``, else ``start/pyproject.toml``."""
    if start.is_file():
        return start
    for name in (MANIFEST_NAME, "pyproject.toml"):
        if (start / name).is_file():
            return start / name
    raise ManifestError(start, f"no {MANIFEST_NAME} (or pyproject.toml) here")


def manifest_snapshot_root(manifest: Path) -> Path:
    """Where a manifest's goldens live unless told otherwise: ``snapshots/`` beside the manifest."""
    return manifest.resolve().parent / "snapshots"


def _line_of(text: str, name: str) -> int | None:
    pattern = re.compile(r"^\s*name\s*=\s*[\"']" + re.escape(name) + r"[\"']", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _tables(path: Path) -> tuple[list[Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ManifestError(path, f"cannot read the manifest: {exc.strerror}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(path, f"not valid TOML: {exc}", getattr(exc, "lineno", None)) from exc
    if path.name == "pyproject.toml":
        kernels = data.get("tool", {}).get("ttmigrate", {}).get("kernels")
        if isinstance(kernels, dict):
            kernels = kernels.get("kernel")
        where = "[tool.ttmigrate.kernels]"
    else:
        kernels = data.get("kernel")
        unknown = sorted(set(data) - {"kernel"})
        if unknown:
            raise ManifestError(
                path, f"unknown top-level keys {unknown} (a manifest holds [[kernel]] tables)"
            )
        where = "[[kernel]]"
    if not isinstance(kernels, list) or not kernels:
        raise ManifestError(path, f"no {where} tables")
    return kernels, text


def _entry(table: Any, *, manifest: Path, text: str, index: int) -> Entry:
    name = table.get("name") if isinstance(table, dict) else None
    line = _line_of(text, name) if isinstance(name, str) else None

    def bad(message: str) -> KernelLoadError:
        label = f"kernel {name!r}" if isinstance(name, str) else f"kernel table #{index + 1}"
        return KernelLoadError(manifest, line, f"{label}: {message}")

    if not isinstance(table, dict):
        raise bad("is not a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise bad(f"unknown keys {unknown} (expected some of {sorted(_KEYS)})")
    if not isinstance(name, str) or not _NAME.match(name):
        raise bad("needs a `name` of letters, digits, '_', '-' or '.'")
    path = table.get("path")
    if not isinstance(path, str):
        raise bad("needs a `path` to its kernel file (relative to the manifest)")
    args = table.get("args", {})
    params = table.get("params", [])
    if not isinstance(args, dict):
        raise bad("`args` must be a table of factory arguments")
    if not isinstance(params, list) or not all(isinstance(p, dict) for p in params):
        raise bad("`params` must be [[kernel.params]] tables")
    for key in ("factory", "func", "reference", "family", "reference_framework"):
        if key in table and not isinstance(table[key], str):
            raise bad(f"`{key}` must be a string")
    if "factory" in table and "func" in table:
        raise bad("give `factory` (a function returning a PrimFunc) or `func` (a PrimFunc), not both")
    if not table.get("factory") and (args or params or table.get("autotune")):
        raise bad("`args`, `params` and `autotune` need a `factory`")
    framework = table.get("reference_framework")
    if framework is not None and framework not in FRAMEWORKS:
        raise bad(f"`reference_framework` must be one of {list(FRAMEWORKS)}")
    tolerance = table.get("tolerance")
    if tolerance is not None:
        if not isinstance(tolerance, dict) or set(tolerance) - _TOLERANCE_KEYS:
            raise bad(f"`tolerance` takes {sorted(_TOLERANCE_KEYS - {'pcc'})}")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in tolerance.values()):
            raise bad("`tolerance` values must be numbers")
    tags = table.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise bad("`tags` must be a list of strings")
    if not isinstance(table.get("autotune", False), bool):
        raise bad("`autotune` must be true or false")
    kernel_path = (manifest.parent / path).resolve()
    return Entry(
        name=name, path=kernel_path, factory=table.get("factory"), func=table.get("func"), args=dict(args),
        params=tuple(dict(p) for p in params), autotune=bool(table.get("autotune", False)),
        reference=table.get("reference"), reference_framework=framework, out_idx=table.get("out_idx"),
        tolerance={k: float(v) for k, v in tolerance.items()} if tolerance else None, tags=tuple(tags),
        family=table.get("family") or kernel_path.stem, manifest=manifest, line=line,
    )  # fmt: skip


def _part(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return key if value else f"no_{key}"
    if isinstance(value, str):
        return re.sub(r"[^A-Za-z0-9.-]+", "-", value)
    if isinstance(value, (list, tuple)):
        return key + "x".join(str(v) for v in value)
    return f"{key}{value}"


def derived_name(base: str, args: Mapping[str, Any]) -> str:
    """``gemm`` + {block_M: 64, transpose_B: True, dtype: "float16"} -> ``gemm_block_M64_transpose_B_float16``."""
    return "_".join([base, *(_part(k, v) for k, v in args.items())]) if args else base


def _autotune_configs(factory: Any, args: Mapping[str, Any]) -> list[dict[str, Any]]:
    configs = getattr(factory, tilelang_shim.AUTOTUNE_ATTR, None)
    if configs is None:
        raise ValueError("`autotune = true` but the factory has no @autotune(configs=...)")
    if callable(configs):  # tilelang also takes a function of the factory's arguments
        wanted = inspect.signature(configs).parameters
        configs = configs(**{k: v for k, v in args.items() if k in wanted})
    configs = list(configs)
    if not configs or not all(isinstance(c, dict) for c in configs):
        raise ValueError("the factory's autotune configs are not a non-empty list of dicts")
    return [dict(c) for c in configs]


def _varying(tables: list[dict[str, Any]]) -> list[str]:
    """The keys whose values differ between the tables (all keys when there is only one table)."""
    keys = list(dict.fromkeys(k for t in tables for k in t))
    if len(tables) < 2:
        return keys
    return [k for k in keys if len({json.dumps(t.get(k), sort_keys=True, default=str) for t in tables}) > 1]


def _instances(entry: Entry, module: Any | None) -> list[Instance]:
    sweeps = [dict(p) for p in entry.params] or [{}]
    configs: list[dict[str, Any]] = [{}]
    if entry.autotune:
        assert module is not None and entry.factory is not None
        configs = _autotune_configs(getattr(module, entry.factory), entry.args)
    # Names carry only what tells the instances apart: gemm_block_M64_num_stages2, not every argument.
    combos = [{**sweep, **config} for sweep, config in itertools.product(sweeps, configs)]
    named = _varying(combos) if len(combos) > 1 else []
    return [
        Instance(derived_name(entry.name, {k: c[k] for k in named if k in c}), entry, {**entry.args, **c})
        for c in combos
    ]


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


def _source_hash(entry: Entry, args: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(entry.path.read_bytes())
    described = {k: v for k, v in vars(entry).items() if k not in ("manifest", "path", "line")}
    digest.update(json.dumps({"entry": described, "args": dict(args)}, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _kernel(instance: Instance, module: Any) -> Kernel:
    entry = instance.entry
    func, hints = _prim_func(entry, module, instance.args)
    main, _staged = stage_global_tiles(func)
    inputs, outputs = read_and_written_params(main)
    reference, missing = _reference(entry, module, main, outputs)
    return Kernel(
        name=instance.name, family=entry.family, path=entry.path, source_hash=_source_hash(entry, instance.args),
        main=main, reference=reference or _no_reference, params=tensor_params(main), inputs=inputs, outputs=outputs,
        tags=tuple(dict.fromkeys([*entry.tags, MANIFEST_TAG, *hints])), tolerance=entry.tolerance,
        no_reference=missing, manifest=str(entry.manifest),
    )  # fmt: skip


def _import_kernel_file(entry: Entry) -> Any:
    if not entry.path.is_file():
        raise KernelLoadError(
            entry.manifest, entry.line, f"kernel {entry.name!r}: no such kernel file {entry.path}"
        )
    with tilelang_shim.installed():
        return import_kernel_module(entry.path)


def load_manifest(manifest: Path | str, *, only: Iterable[str] | None = None) -> CorpusLoad:
    """Every kernel instance of the manifest (or those named in ``only``), loaded or broken.

    Raises ManifestError when the manifest itself is unusable; a bad entry is a BrokenKernel."""
    path = find_manifest(Path(manifest).resolve())
    tables, text = _tables(path)
    wanted = set(only) if only is not None else None
    result = CorpusLoad()
    seen: dict[str, str] = {}
    for index, table in enumerate(tables):
        try:
            entry = _entry(table, manifest=path, text=text, index=index)
        except KernelLoadError as err:
            name = (
                table.get("name")
                if isinstance(table, dict) and isinstance(table.get("name"), str)
                else f"#{index + 1}"
            )
            result.broken.append(BrokenKernel(str(name), "manifest", path, err))
            continue
        module: Any = None
        try:
            if entry.autotune or wanted is None or any(_may_name(entry, w) for w in wanted):
                module = _import_kernel_file(entry)
            else:
                continue
            instances = _instances(entry, module)
        except (KernelLoadError, ValueError) as err:
            error = (
                err
                if isinstance(err, KernelLoadError)
                else KernelLoadError(entry.manifest, entry.line, f"kernel {entry.name!r}: {err}")
            )
            result.broken.append(BrokenKernel(entry.name, entry.family, entry.path, error))
            continue
        for instance in instances:
            if instance.name in seen:
                error = KernelLoadError(
                    path,
                    entry.line,
                    f"kernel name {instance.name!r} is used twice (also by entry {seen[instance.name]!r})",
                )
                result.broken.append(BrokenKernel(instance.name, entry.family, entry.path, error))
                continue
            seen[instance.name] = entry.name
            if wanted is not None and instance.name not in wanted:
                continue
            try:
                result.kernels.append(_kernel(instance, module))
            except KernelLoadError as err:
                result.broken.append(BrokenKernel(instance.name, entry.family, entry.path, err))
    return result


@dataclass(frozen=True)
class Listed:
    """A kernel instance a manifest names, as `list_manifest` finds it without running kernel code,
    or why it cannot be listed (`error`). Tags are the manifest's; the file's own hints come later."""

    name: str
    family: str
    path: Path
    source_hash: str
    tags: tuple[str, ...] = ()
    error: KernelLoadError | None = None


# Wall-clock limit on importing one autotune entry's file to read its configs (in a child process).
PROBE_SECONDS = 120.0


def list_manifest(manifest: Path | str, *, probe_seconds: float = PROBE_SECONDS) -> list[Listed]:
    """Every instance of the manifest, in manifest order, found without running kernel code here.

    Names come from the manifest alone (`args`, `[[kernel.params]]`), except for `autotune = true`
    entries, whose configs live in the kernel file: that file is imported in a child process with a
    time limit, so a file that segfaults, exits or hangs is that entry's named error. Each kernel is
    then built (its factory called, its reference checked) where it runs: in its isolated worker."""
    path = find_manifest(Path(manifest).resolve())
    tables, text = _tables(path)
    out: list[Listed] = []
    seen: dict[str, str] = {}
    for index, table in enumerate(tables):
        try:
            entry = _entry(table, manifest=path, text=text, index=index)
        except KernelLoadError as err:
            name = (
                table.get("name") if isinstance(table, dict) and isinstance(table.get("name"), str) else None
            )
            out.append(Listed(str(name or f"#{index + 1}"), "manifest", path, "", error=err))
            continue
        try:
            if not entry.path.is_file():
                raise KernelLoadError(
                    entry.manifest, entry.line, f"kernel {entry.name!r}: no such kernel file {entry.path}"
                )
            named = (
                _probe_instances(entry, index, probe_seconds)
                if entry.autotune
                else [(i.name, _source_hash(entry, i.args)) for i in _instances(entry, None)]
            )
        except (KernelLoadError, ValueError) as err:
            error = (
                err
                if isinstance(err, KernelLoadError)
                else KernelLoadError(entry.manifest, entry.line, f"kernel {entry.name!r}: {err}")
            )
            out.append(Listed(entry.name, entry.family, entry.path, "", error=error))
            continue
        for name, source_hash in named:
            if name in seen:
                error = KernelLoadError(
                    path, entry.line, f"kernel name {name!r} is used twice (also by entry {seen[name]!r})"
                )
                out.append(Listed(name, entry.family, entry.path, "", error=error))
                continue
            seen[name] = entry.name
            tags = tuple(dict.fromkeys([*entry.tags, MANIFEST_TAG]))
            out.append(Listed(name, entry.family, entry.path, source_hash, tags))
    return out


def _probe_instances(entry: Entry, index: int, seconds: float) -> list[tuple[str, str]]:
    """(name, source hash) of an autotune entry's instances, from a child process that imports the
    kernel file (`python -m ttmigrate.corpus.manifest MANIFEST INDEX`); a KernelLoadError naming
    the signal, exit code or time limit if the child does not answer."""
    command = [sys.executable, "-m", "ttmigrate.corpus.manifest", str(entry.manifest), str(index)]
    # its own session: a kill on timeout takes whatever the kernel file started
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    ) as child:
        try:
            stdout, stderr = child.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            raise KernelLoadError(
                entry.path, None,
                f"kernel {entry.name!r}: importing the file to read its autotune configs did not finish "
                f"within {seconds:g} s",
            ) from None  # fmt: skip
    try:
        answer = json.loads(stdout.decode("utf-8", errors="replace").strip().splitlines()[-1])
    except (ValueError, IndexError):
        answer = None
    if isinstance(answer, dict) and "error" in answer:
        raise KernelLoadError(Path(answer["path"]), answer.get("line"), str(answer["error"]))
    if child.returncode != 0 or not isinstance(answer, list):
        if child.returncode < 0:
            try:
                how = f"was killed by {signal.Signals(-child.returncode).name}"
            except ValueError:
                how = f"was killed by signal {-child.returncode}"
        else:
            how = f"exited with code {child.returncode}"
        tail = stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:] or [""]
        raise KernelLoadError(
            entry.path, None,
            f"kernel {entry.name!r}: importing the file to read its autotune configs {how}"
            + (f" ({tail[0][:200]})" if tail[0] else ""),
        )  # fmt: skip
    return [(str(item[0]), str(item[1])) for item in answer]


def _probe_main(argv: list[str]) -> int:
    """The child of `_probe_instances`: one entry's instances as a JSON line on stdout."""
    path = find_manifest(Path(argv[0]).resolve())
    tables, text = _tables(path)
    index = int(argv[1])
    try:
        entry = _entry(tables[index], manifest=path, text=text, index=index)
        module = _import_kernel_file(entry)
        answer: Any = [[i.name, _source_hash(entry, i.args)] for i in _instances(entry, module)]
    except KernelLoadError as err:
        answer = {"error": err.message, "path": str(err.path), "line": err.line}
    except ValueError as err:
        answer = {"error": f"kernel {tables[index].get('name')!r}: {err}", "path": str(path), "line": None}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
    return 0


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
    path = find_manifest(Path(manifest).resolve())
    tables, text = _tables(path)
    out: list[InstanceIR] = []
    for index, table in enumerate(tables):
        try:
            entry = _entry(table, manifest=path, text=text, index=index)
            module = _import_kernel_file(entry)
            instances = _instances(entry, module)
        except (KernelLoadError, ValueError):
            continue  # reported by `ttmigrate run --manifest`; nothing to compare
        for instance in instances:
            try:
                func, _hints = _prim_func(entry, module, instance.args)
                out.append(InstanceIR(instance.name, entry, instance.args, func, None))
            except KernelLoadError as err:
                out.append(InstanceIR(instance.name, entry, instance.args, None, str(err)))
    return out


if __name__ == "__main__":
    sys.exit(_probe_main(sys.argv[1:]))
