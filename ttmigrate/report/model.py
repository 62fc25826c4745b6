"""The results.json schema: typed dataclasses, the single source of truth of a run.

`ttmigrate run` produces a `RunResults`; `ttmigrate report` and `ttmigrate flip` only read one.
The normalised artifacts of both modes are stored inside results.json (`ModeResult.artifacts`), so
the file alone is enough to render every report, including the HTML drill-down: nothing beside it
has to be kept in sync.

Shape (JSON keys = field names below):
    {meta: RunMeta {schema_version, tool_version, dependencies{pkg: version}, python, platform,
                    git_commit, git_dirty, corpus_root, corpus_hash, selection[], complete,
                    started_at, finished_at, duration_s, baseline, default_mode, flipped_on},
     kernels: [KernelResult {name, family, path, source_hash, tags[],
                 category, reason, notes[], root_cause, expected_divergence, baseline_category, change,
                 modes: {"template"|"ir_driven": ModeResult {mode, status: emitted|unsupported|error,
                         artifacts{name: normalised text}, snapshot{name: match|changed|new|missing},
                         findings[Finding {artifact, line, rule, message}],
                         emulation: Emulation {status, max_abs_err, max_rel_err, pcc, detail} | null,
                         unsupported: Unsupported {construct, node_kind, location, message} | null,
                         errors[ToolError {stage, kind, message, log, site}], timings{stage: s}}},
                 parity[ArtifactParity {artifact, level, differences[], edit_script[], first_event}],
                 errors[ToolError], timings{stage: s}}]}
Non-finite error figures are stored as null (their value is kept in `Emulation.detail`).

Bump `SCHEMA_VERSION` on any incompatible change; `RunResults.from_json` refuses other versions.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, Union

from ttmigrate.compare.finding import Finding
from ttmigrate.emit.errors import Unsupported
from ttmigrate.emulate.model import SIM_STATUSES

SCHEMA_VERSION = 1

# Per-kernel categories, in display order. Stable kebab-case names shared by JSON, HTML and CLI;
# defined precisely in `ttmigrate.report.categories`.
PARITY = "parity"
IMPROVED = "improved"
DIVERGED = "diverged"
REGRESSED = "regressed"
BOTH_WRONG = "both-wrong"
IR_UNSUPPORTED = "ir-unsupported"
NO_REFERENCE = "no-reference"  # emitted, checked and diffed, but nothing to judge the numbers by
ERROR = "error"
CATEGORIES: tuple[str, ...] = (
    PARITY, IMPROVED, DIVERGED, REGRESSED, BOTH_WRONG, IR_UNSUPPORTED, NO_REFERENCE, ERROR,
)  # fmt: skip

TEMPLATE = "template"
IR_DRIVEN = "ir_driven"

# ModeResult.status
EMITTED = "emitted"  # all five artifacts were produced (later stages may still have failed)
UNSUPPORTED = "unsupported"  # the emitter refused a construct (UnsupportedConstruct)
FAILED = "error"  # a tool failure before emission finished

# Emulation.status values: the emulator's verdicts, declared once in ttmigrate.emulate.model
EMULATION_STATUSES: tuple[str, ...] = SIM_STATUSES

# KernelResult.change values, set when the run had a --baseline
NEWLY_REGRESSED = "newly-regressed"
NEWLY_FIXED = "newly-fixed"
CHANGED = "changed"
NEW = "new"


@dataclass(frozen=True)
class Emulation:
    status: str  # one of EMULATION_STATUSES
    max_abs_err: float | None = None
    max_rel_err: float | None = None
    pcc: float | None = None
    detail: str = ""


@dataclass(frozen=True)
class ToolError:
    """A failure of ttmigrate itself (or of bad input) while processing a kernel."""

    stage: str  # corpus | lower | emit | normalize | snapshot | compare | check | emulate | internal
    kind: str  # exception class name
    message: str
    log: str  # traceback or diagnostics, verbatim
    site: str = ""  # "module:function" where it was raised; groups errors by root cause


@dataclass(frozen=True)
class ArtifactParity:
    """How one artifact of ir_driven compares to template's, on meaning."""

    artifact: str
    level: str  # "L0".."L4" (equivalent, L0 strictest) or "divergent"
    differences: list[str] = field(default_factory=list)  # in words, first differing event first
    edit_script: list[str] = field(default_factory=list)
    first_event: str | None = None  # stable key of the first differing event, for root-cause grouping


@dataclass
class ModeResult:
    mode: str
    status: str  # EMITTED | UNSUPPORTED | FAILED
    artifacts: dict[str, str] = field(default_factory=dict)  # normalised text
    snapshot: dict[str, str] = field(default_factory=dict)  # artifact -> match | changed | new | ...
    findings: list[Finding] = field(default_factory=list)
    emulation: Emulation | None = None
    unsupported: Unsupported | None = None
    errors: list[ToolError] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds


@dataclass
class KernelResult:
    name: str
    family: str
    path: str = ""
    source_hash: str = ""
    # project files the kernel's code imported or read (absolute path -> sha256): corpus.local_files
    local_files: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    modes: dict[str, ModeResult] = field(default_factory=dict)
    parity: list[ArtifactParity] = field(default_factory=list)  # empty when not both modes emitted
    errors: list[ToolError] = field(default_factory=list)  # kernel-level failures (corpus, compare)
    category: str = ERROR
    reason: str = ""  # one line: why this category
    notes: list[str] = field(default_factory=list)  # e.g. equivalence disagreeing with numerics
    root_cause: str | None = None
    expected_divergence: str | None = None  # reason from config at run time, if listed
    baseline_category: str | None = None
    change: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def mode(self, mode: str) -> ModeResult | None:
        return self.modes.get(mode)

    def all_errors(self) -> list[ToolError]:
        found = list(self.errors)
        for mode in self.modes.values():
            found.extend(mode.errors)
        return found


@dataclass
class RunMeta:
    schema_version: int = SCHEMA_VERSION
    tool_version: str = ""
    dependencies: dict[str, str] = field(default_factory=dict)
    python: str = ""
    platform: str = ""
    git_commit: str | None = None
    git_dirty: bool | None = None
    corpus_root: str = ""
    corpus_hash: str = ""  # over every kernel's name and source hash in the whole corpus
    selection: list[str] = field(default_factory=list)  # selectors given; empty = whole corpus
    complete: bool = True  # every corpus kernel was run
    started_at: str = ""
    finished_at: str = ""
    duration_s: float = 0.0
    baseline: str | None = None  # path of the --baseline results, if any
    default_mode: str = "template"  # pyproject's default codegen mode when the run was made
    flipped_on: str | None = None  # the date `ttmigrate flip` moved that default to ir_driven


@dataclass
class RunResults:
    meta: RunMeta
    kernels: list[KernelResult] = field(default_factory=list)

    def kernel(self, name: str) -> KernelResult | None:
        return next((k for k in self.kernels if k.name == name), None)

    def to_json(self, *, indent: int | None = 1) -> str:
        return json.dumps(to_data(self), indent=indent, ensure_ascii=False, allow_nan=False) + "\n"

    @classmethod
    def from_json(cls, text: str, *, source: str = "results.json") -> RunResults:
        """Strict JSON (no NaN / Infinity / overflowing numbers, no repeated keys), valid against
        docs/results.schema.json, one result per kernel; else one ResultsError naming the place."""
        data = strict_loads(text, source=source)
        version = data.get("meta", {}).get("schema_version") if isinstance(data, dict) else None
        if isinstance(data, dict) and isinstance(data.get("meta"), dict) and version != SCHEMA_VERSION:
            raise ResultsError(
                f"{source}: schema_version {version!r}, this ttmigrate reads {SCHEMA_VERSION}; re-run `ttmigrate run`"
            )
        validate_schema(data, source=source)
        seen: set[tuple[str, str]] = set()
        for index, kernel in enumerate(data["kernels"]):
            key = (kernel["family"], kernel["name"])
            if key in seen:
                raise ResultsError(f"{source}: kernels[{index}]: kernel {key[0]}/{key[1]} appears twice")
            seen.add(key)
        return from_data(cls, data, where=source)


class ResultsError(ValueError):
    """results.json cannot be read: malformed, wrong schema version, or a field of the wrong type."""


# --- strict JSON in, schema-checked ----------------------------------------------------------------

SCHEMA_PATH = Path(__file__).with_name("results.schema.json")  # published as docs/results.schema.json


@functools.cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _short(value: str, limit: int = 160) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def validate_schema(data: Any, *, source: str) -> None:
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is None:
        return
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path) or "(top level)"
    raise ResultsError(f"{source}: {where.lstrip('.')}: {_short(error.message)}")


def strict_loads(text: str, *, source: str) -> Any:
    def constant(name: str) -> Any:
        raise ResultsError(f"{source}: {name} is not a JSON number (results hold finite numbers only)")

    def finite(literal: str) -> float:
        number = float(literal)
        if not math.isfinite(number):
            raise ResultsError(f"{source}: number {_short(literal, 40)} does not fit a finite float")
        return number

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise ResultsError(f"{source}: key {_short(key, 60)!r} repeats in one object")
            out[key] = value
        return out

    try:
        return json.loads(text, parse_constant=constant, parse_float=finite, object_pairs_hook=unique)
    except json.JSONDecodeError as exc:
        raise ResultsError(f"{source}:{exc.lineno}: not JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise ResultsError(f"{source}: nested too deeply to be a results file") from exc


def decode_results(data: bytes, *, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ResultsError(f"{source}: not UTF-8 (invalid byte at offset {exc.start})") from exc


# --- generic dataclass <-> JSON data -----------------------------------------------------------------

T = TypeVar("T")


def to_data(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    return value


def from_data(cls: type[T], data: Any, *, where: str) -> T:
    return typing.cast(T, _convert(cls, data, where))


def _convert(hint: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = typing.get_args(hint)
        if data is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _convert(inner, data, where)
    if origin is list:
        (item,) = typing.get_args(hint)
        _expect(isinstance(data, list), "a list", data, where)
        return [_convert(item, v, f"{where}[{i}]") for i, v in enumerate(data)]
    if origin is dict:
        _key, item = typing.get_args(hint)
        _expect(isinstance(data, dict), "an object", data, where)
        return {k: _convert(item, v, f"{where}.{k}") for k, v in data.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        _expect(isinstance(data, dict), "an object", data, where)
        hints = typing.get_type_hints(hint)
        kwargs = {}
        for f in dataclasses.fields(hint):
            if f.name in data:
                kwargs[f.name] = _convert(hints[f.name], data[f.name], f"{where}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ResultsError(f"{where}: missing field {f.name!r}")
        constructor: Any = hint
        return constructor(**kwargs)
    if hint is float:
        _expect(isinstance(data, int | float) and not isinstance(data, bool), "a number", data, where)
        return float(data)
    if hint is int:
        _expect(isinstance(data, int) and not isinstance(data, bool), "an integer", data, where)
        return data
    if hint in (str, bool):
        _expect(isinstance(data, hint), f"a {hint.__name__}", data, where)
        return data
    raise ResultsError(f"{where}: unsupported schema type {hint!r}")


def _expect(ok: bool, what: str, data: Any, where: str) -> None:
    if not ok:
        raise ResultsError(f"{where}: expected {what}, got {type(data).__name__}")
