"""A manifest's TOML read and checked: one `Entry` per ``[[kernel]]`` table (each mistake a
KernelLoadError at the table's line) and the named `Instance`s an entry expands into. Nothing here
builds a kernel; `kernels` builds them, `listing` only names them."""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import KernelLoadError, ManifestError
from ..references import FRAMEWORKS

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


def _read_tables(path: Path) -> tuple[list[Any], str]:
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


def _parse_entry(table: Any, *, manifest: Path, text: str, index: int) -> Entry:
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


@dataclass(frozen=True)
class BadTable:
    """A ``[[kernel]]`` table that is no usable entry: the name to report it under, and why."""

    name: str
    error: KernelLoadError


def read_entries(manifest: Path | str) -> tuple[Path, list[Entry | BadTable]]:
    """The manifest's path and, per ``[[kernel]]`` table in order, its checked Entry or why not;
    ManifestError when the manifest itself is unusable."""
    path = find_manifest(Path(manifest).resolve())
    tables, text = _read_tables(path)
    out: list[Entry | BadTable] = []
    for index, table in enumerate(tables):
        try:
            out.append(_parse_entry(table, manifest=path, text=text, index=index))
        except KernelLoadError as err:
            name = table.get("name") if isinstance(table, dict) else None
            out.append(BadTable(name if isinstance(name, str) and name else f"#{index + 1}", err))
    return path, out


def entry_error(entry: Entry, err: KernelLoadError | ValueError) -> KernelLoadError:
    """`err` as the entry's KernelLoadError (a ValueError from expanding it, at the entry's line)."""
    if isinstance(err, KernelLoadError):
        return err
    return KernelLoadError(entry.manifest, entry.line, f"kernel {entry.name!r}: {err}")


def name_clash(manifest: Path, entry: Entry, name: str, seen: dict[str, str]) -> KernelLoadError | None:
    """The error if an earlier entry (in `seen`: instance name -> entry name) already made `name`;
    else `name` is recorded as the entry's."""
    if name in seen:
        return KernelLoadError(
            manifest, entry.line, f"kernel name {name!r} is used twice (also by entry {seen[name]!r})"
        )
    seen[name] = entry.name
    return None


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
    from .. import tilelang_shim  # here, not above: the shim imports TVM, which naming kernels avoids

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


def entry_instances(entry: Entry, module: Any | None) -> list[Instance]:
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


def kernel_source_hash(entry: Entry, args: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(entry.path.read_bytes())
    described = {k: v for k, v in vars(entry).items() if k not in ("manifest", "path", "line")}
    digest.update(json.dumps({"entry": described, "args": dict(args)}, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def require_kernel_file(entry: Entry) -> None:
    """KernelLoadError at the entry's line when its kernel file is not there."""
    if not entry.path.is_file():
        raise KernelLoadError(
            entry.manifest, entry.line, f"kernel {entry.name!r}: no such kernel file {entry.path}"
        )


def import_kernel_file(entry: Entry) -> Any:
    require_kernel_file(entry)
    # TVM, imported only where kernel code runs (a run's parent names kernels without it)
    from .. import tilelang_shim
    from ..load import import_kernel_module

    with tilelang_shim.installed():
        return import_kernel_module(entry.path)
