"""Build every corpus kernel with the real TileLang frontend and compare its IR with ttmigrate's.

Step 2 of 2, run in the ``tox -e tilelang`` environment (tilelang==0.1.15, its own bundled TVM;
ttmigrate and apache-tvm are NOT installed there: the two cannot share an environment):

    python scripts/tilelang_parity.py --expected build/tilelang_parity [--print-ir] [--export-with PY]
        [--probes tests/data/frontend_probes]

Each ``corpus/<family>/<name>.py`` is imported with ``ttmigrate.frontend`` aliased to
``tilelang.language`` (a stand-in ``ttmigrate`` package in ``sys.modules`` whose ``T`` is TileLang's
language module), so the kernel is built by TileLang's own parser. Its printed IR is compared with
ttmigrate's printed IR of the same file, exported beforehand by ``scripts/export_corpus_ir.py`` in
the main environment (``--export-with .venv/bin/python`` runs that exporter first, when present).
``--probes DIR`` adds a second folder in the same convention (the frontend probe kernels: TileLang
constructs the emitters do not lower yet), exported to ``<expected>/probes``.

The comparison is modulo names and printer spelling only (see ``PRINTER`` below). Everything else
that differs is a mismatch, named by the known-difference rules (``RULES``) it falls under, plus
the first difference no rule explains. A kernel matches only when nothing differs at all.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = PROJECT / "corpus"
DEFAULT_EXPECTED = PROJECT / "build" / "tilelang_parity"

# ---------------------------------------------------------------------------------------------
# Building with TileLang
# ---------------------------------------------------------------------------------------------


def alias_frontend_to_tilelang() -> Any:
    """Make ``from ttmigrate.frontend import T`` give ``tilelang.language`` (kernel files unchanged)."""
    import tilelang.language as tilelang_language  # only in the tilelang env

    package = types.ModuleType("ttmigrate")
    package.__path__ = []
    frontend = types.ModuleType("ttmigrate.frontend")
    frontend.T = tilelang_language  # type: ignore[attr-defined]
    package.frontend = frontend  # type: ignore[attr-defined]
    sys.modules["ttmigrate"] = package
    sys.modules["ttmigrate.frontend"] = frontend
    return tilelang_language


def build_with_tilelang(path: Path) -> str:
    """Import one kernel file under TileLang; returns ``main.script()``."""
    module_name = "tilelang_parity_" + hashlib.sha1(str(path).encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path}: not an importable Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # TileLang's parser reads the source through inspect
    spec.loader.exec_module(module)
    main = getattr(module, "main", None)
    if main is None or not hasattr(main, "script"):
        raise TypeError(f"{path}: `main` is not a PrimFunc under TileLang (got {type(main).__name__})")
    return str(main.script())


# ---------------------------------------------------------------------------------------------
# Normalisation: printer spelling and names
# ---------------------------------------------------------------------------------------------

_STRING = re.compile(r'"[^"]*"')
DEFAULT_DTYPE = '"float32"'  # both printers leave the default dtype out
_MATCH_BUFFER = re.compile(
    r"^(?P<name>\w+) = T\.match_buffer\((?P<handle>\w+), (?P<shape>\([^)]*\))(?:, (?P<dtype>\"\w+\"))?"
    r"(?:, strides=(?P<strides>\([^)]*\)))?\)$"
)
_PARAM_BUFFER = re.compile(r"(?P<name>\w+): T\.Buffer\((?P<shape>\([^)]*\))(?:, (?P<dtype>\"\w+\"))?\)")
_DEFINERS = (
    re.compile(r"^for (?P<names>[\w, ]+) in "),
    re.compile(r"^(?P<names>\w+)(?:: [\w.]+)? = "),
    re.compile(r"^param (?P<names>\w+) "),
)


def _ints(text: str) -> list[int]:
    return [int(v) for v in re.findall(r"-?\d+", text)]


def _compact_strides(shape: list[int]) -> list[int]:
    strides, step = [], 1
    for extent in reversed(shape):
        strides.append(step)
        step *= extent
    return list(reversed(strides))


def _params(lines: list[str]) -> list[str]:
    """Both printers' parameter forms as ``param NAME SHAPE DTYPE`` lines.

    ttmigrate prints ``A: T.Buffer((M, K), "bfloat16")``; TileLang's buffers carry explicit strides,
    so its printer falls back to ``A_handle: T.handle`` + ``A = T.match_buffer(..., strides=...)``.
    Compact row-major strides are what ``T.Buffer`` means; any other strides stay visible.
    """
    out: list[str] = []
    for line in lines:
        if line.startswith("def "):
            out.extend(
                f"param {m['name']} {m['shape']} {m['dtype'] or DEFAULT_DTYPE}"
                for m in _PARAM_BUFFER.finditer(line)
            )
            continue
        match = _MATCH_BUFFER.match(line)
        if match:
            shape = _ints(match["shape"])
            strides = match["strides"]
            suffix = (
                "" if strides is None or _ints(strides) == _compact_strides(shape) else f" strides={strides}"
            )
            out.append(f"param {match['name']} {match['shape']} {match['dtype'] or DEFAULT_DTYPE}{suffix}")
            continue
        out.append(line)
    return out


# Same IR, different spelling: these never count as a difference.
PRINTER: tuple[tuple[re.Pattern[str], str], ...] = (
    # The tile ops are the same Op (tl.tileop.*); apache-tvm prints them under their registered
    # TScriptPrinterName, TileLang's TVM under a short alias.
    (re.compile(r"\bT\.tl\.tileop\.(\w+)\("), r"T.\1("),
    # apache-tvm 0.27 prints a scalar binding as `x: T.let[T.int32] = ...`; TileLang's TVM as `x: T.int32 = ...`
    (re.compile(r"^(\s*\w+): T\.let\[([\w.]+)\] = "), r"\1: \2 = "),
    # An allocation with no dtype argument is float32 in both printers.
    (re.compile(r"(T\.sblock_alloc_buffer\(\([^)]*\)), scope="), r'\1, "float32", scope='),
)


# One spelling, two meanings: apache-tvm 0.27 prints a one-element local scalar buffer (what its
# parser makes of a plain `x = expr`) as `x: T.int32 = v`, the very spelling TileLang's printer
# uses for a let (`Bind`). Only on the apache-tvm side, that form is renamed to what it is, so a
# scalar buffer never passes for TileLang's let.
APACHE_TVM_ONLY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\w+): T\.(\w+) = "), r"\1: local_scalar_buffer.\2 = "),
)
PRINTERS = ("tilelang", "apache-tvm")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _structure(text: str) -> list[str]:
    """Printed TVMScript as logical lines, nesting made explicit (``end`` closes an indented body)."""
    lines: list[str] = []
    depth: list[int] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("@"):
            continue
        level = _indent(raw)
        while depth and level <= depth[-1]:
            depth.pop()
            lines.append("end")
        lines.append(stripped)
        if stripped.endswith(":"):
            depth.append(level)
    lines.extend("end" for _ in depth)
    return lines


def _rename(lines: list[str]) -> list[str]:
    """Every bound name (parameter, loop variable, allocation, let) becomes v0, v1, ... in order."""
    names: dict[str, str] = {}
    for line in lines:
        for definer in _DEFINERS:
            match = definer.match(line)
            if match:
                for name in (n.strip() for n in match["names"].split(",")):
                    names.setdefault(name, f"v{len(names)}")
    if not names:
        return lines
    pattern = re.compile(
        r"(?<![\w.])(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b"
    )

    def rename_outside_strings(line: str) -> str:
        parts = _STRING.split(line)
        strings = _STRING.findall(line)
        renamed = [pattern.sub(lambda m: names[m[1]], p) for p in parts]
        return "".join(r + (strings[i] if i < len(strings) else "") for i, r in enumerate(renamed))

    return [rename_outside_strings(line) for line in lines]


def respell(text: str, *, printer: str = "tilelang") -> list[str]:
    """Printed TVMScript as logical lines with the printer-only differences removed (names kept).

    ``printer`` names who printed ``text``: ``"tilelang"`` (TileLang's bundled TVM) or
    ``"apache-tvm"`` (ttmigrate's side).
    """
    if printer not in PRINTERS:
        raise ValueError(f"printer must be one of {PRINTERS}, got {printer!r}")
    lines = _params(_structure(text))
    lines = [line for line in lines if not line.startswith("def ")]
    if printer == "apache-tvm":
        for pattern, replacement in APACHE_TVM_ONLY:
            lines = [pattern.sub(replacement, line) for line in lines]
    for pattern, replacement in PRINTER:
        lines = [pattern.sub(replacement, line) for line in lines]
    return lines


def normalise(text: str, *, printer: str = "tilelang") -> list[str]:
    """Printer spelling and names normalised: equal lists mean equal IR up to naming."""
    return _rename(respell(text, printer=printer))


@dataclass(frozen=True)
class Rule:
    key: str
    reason: str
    view: Callable[[list[str]], list[str]]  # the lines this difference lives in
    rewrite: Callable[[list[str]], list[str]]  # both sides into one form, to look past it
    # A deliberate difference (ttmigrate keeps the construct out of the IR on purpose): a kernel
    # whose only differences are deliberate is "match-by-design", which passes, reason shown.
    by_design: bool = False


# Known representation differences to look past, each reported by name (the kernel is a mismatch
# unless every difference is a by-design one). The corpus needs none: the frontend builds TileLang 0.1.15's IR exactly (thread-index
# binds, tl.launch_threads, the fill literal and the gemm operand layout were brought in line). A
# new rule needs its reason, and shows in the report.
_SWIZZLE = "threadblock_swizzle_pattern"
RULES: tuple[Rule, ...] = (
    Rule(
        key="use-swizzle",
        reason="T.use_swizzle: TileLang puts a threadblock_swizzle_pattern attr in the IR; ttmigrate "
        "records the hint as the kernel tag `use-swizzle` (a Tenstorrent core has no thread-block "
        "rasterisation order), by design",
        view=lambda lines: [line for line in lines if _SWIZZLE in line],
        rewrite=lambda lines: [line for line in lines if _SWIZZLE not in line],
        by_design=True,
    ),
)


MATCH_BY_DESIGN = "match-by-design"


@dataclass
class Comparison:
    status: str  # "match" | "mismatch"
    reasons: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    first_difference: str | None = None


def _first_difference(tilelang: list[str], ttmigrate: list[str]) -> str | None:
    for index in range(max(len(tilelang), len(ttmigrate))):
        left = tilelang[index] if index < len(tilelang) else "<end>"
        right = ttmigrate[index] if index < len(ttmigrate) else "<end>"
        if left != right:
            return f"normalised line {index + 1}: tilelang `{left}` vs ttmigrate `{right}`"
    return None


def compare(tilelang_text: str, ttmigrate_text: str) -> Comparison:
    left, right = respell(tilelang_text, printer="tilelang"), respell(ttmigrate_text, printer="apache-tvm")
    if _rename(left) == _rename(right):
        return Comparison("match")
    result = Comparison("mismatch")
    for rule in RULES:  # names are renamed afresh after each rewrite: rules may drop bindings
        if rule.view(_rename(left)) != rule.view(_rename(right)):
            result.rules.append(rule.key)
            result.reasons.append(rule.reason)
        left, right = rule.rewrite(left), rule.rewrite(right)
    result.first_difference = _first_difference(_rename(left), _rename(right))
    if result.first_difference:
        result.reasons.append(f"unexplained: {result.first_difference}")
    elif all(rule.by_design for rule in RULES if rule.key in result.rules):
        result.status = MATCH_BY_DESIGN
    return result


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------


def kernel_files(root: Path) -> list[Path]:
    """The loader's rule (ttmigrate.corpus.kernel_files): <root>/<family>/<name>.py, no leading _."""
    return sorted(p for p in root.glob("*/*.py") if not p.name.startswith("_"))


def run_exporter(python: Path, root: Path, expected: Path, manifest: Path | None = None) -> None:
    exporter = PROJECT / "scripts" / "export_corpus_ir.py"
    print(f"exporting ttmigrate's IR with {python}", flush=True)
    extra = ["--manifest", str(manifest)] if manifest is not None else []
    done = subprocess.run(
        [str(python), str(exporter), "--root", str(root), "--out", str(expected), *extra],
        check=False,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")},
    )
    if done.returncode not in (0, 1):  # 1: some kernel broken; reported per kernel below
        raise SystemExit(f"the exporter failed (exit {done.returncode})")


def _one_line(exc: BaseException, path: Path | None = None) -> str:
    text = str(exc).strip().splitlines()
    where = ""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if (path is not None and Path(f.filename).resolve() == path.resolve()) or "/corpus/" in f.filename
    ]
    if frames:
        where = f" at {frames[-1].filename}:{frames[-1].lineno}"
    located = next((line.strip() for line in text if line.strip().startswith("-->")), "")
    return f"{type(exc).__name__}: {text[0] if text else ''}{where}{(' ' + located) if located else ''}"


def check_kernel(
    path: Path, index: dict[str, Any], expected: Path, out: Path, print_ir: bool
) -> dict[str, Any]:
    key = f"{path.parent.name}/{path.stem}"
    row: dict[str, Any] = {"kernel": key}
    entry = index.get(key)
    try:
        tilelang_text = build_with_tilelang(path)
    except Exception as exc:  # a kernel TileLang rejects is a result, not a crash of the whole run
        return {**row, "status": "tilelang-error", "reasons": [_one_line(exc, path)]}
    target = out / "tilelang" / path.parent.name / f"{path.stem}.tvmscript"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(tilelang_text)
    if print_ir:
        print(f"----- {key} (TileLang) -----\n{tilelang_text}", flush=True)
    if entry is None:
        return {**row, "status": "no-export", "reasons": ["no ttmigrate export for this file"]}
    if entry["source_sha256"] != hashlib.sha256(path.read_bytes()).hexdigest():
        return {**row, "status": "stale-export", "reasons": ["kernel file changed since the export"]}
    if entry["status"] != "ok":
        return {**row, "status": "ttmigrate-error", "reasons": [entry["error"]]}
    result = compare(tilelang_text, (expected / entry["script"]).read_text())
    return {**row, "status": result.status, "rules": result.rules, "reasons": result.reasons}


# functools.wraps; tilelang 0.1.15's AutoTuneImpl.jit_impl -> JITImpl.func -> JITFunc.orig_func.
_WRAPPED = ("__wrapped__", "jit_impl", "orig_func", "func", "fn")


def _unwrap(factory: Any) -> Any:
    """The plain factory under tilelang's @jit / @autotune wrappers (calling those would compile for
    a GPU, or benchmark): functools' __wrapped__, or the function the wrapper object holds."""
    for _ in range(8):
        inner = next(
            (getattr(factory, a) for a in _WRAPPED if callable(getattr(factory, a, None))),
            None,
        )
        if inner is None or inner is factory:
            return factory
        factory = inner
    return factory


def build_manifest_instance(entry: dict[str, Any]) -> str:
    """One manifest kernel instance built by the real TileLang: the file imported as its author
    wrote it (real ``import tilelang``), the factory called with the instance's arguments."""
    path = Path(entry["path"])
    module_name = "tilelang_parity_" + hashlib.sha1(f"{path}".encode()).hexdigest()[:12]
    module = sys.modules.get(module_name)
    if module is None:
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"{path}: not an importable Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    if entry.get("factory"):
        func = _unwrap(getattr(module, entry["factory"]))(**entry["args"])
    else:
        name = entry.get("func") or "main"
        func = getattr(module, name)
    func = getattr(func, "prim_func", func)  # a JIT kernel object holds its PrimFunc
    if not hasattr(func, "script"):
        raise TypeError(f"{path}: the instance is not a PrimFunc under TileLang (got {type(func).__name__})")
    return str(func.script())


def check_manifest_instance(
    key: str, entry: dict[str, Any], expected: Path, out: Path, print_ir: bool
) -> dict[str, Any]:
    row: dict[str, Any] = {"kernel": key}
    try:
        tilelang_text = build_manifest_instance(entry)
    except Exception as exc:
        return {**row, "status": "tilelang-error", "reasons": [_one_line(exc)]}
    target = out / "tilelang" / "manifest" / f"{entry['name']}.tvmscript"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(tilelang_text)
    if print_ir:
        print(f"----- {key} (TileLang) -----\n{tilelang_text}", flush=True)
    if entry["source_sha256"] != hashlib.sha256(Path(entry["path"]).read_bytes()).hexdigest():
        return {**row, "status": "stale-export", "reasons": ["kernel file changed since the export"]}
    if entry["status"] != "ok":
        return {**row, "status": "ttmigrate-error", "reasons": [entry["error"]]}
    result = compare(tilelang_text, (expected / entry["script"]).read_text())
    return {**row, "status": result.status, "rules": result.rules, "reasons": result.reasons}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="corpus folder")
    parser.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED, help="export_corpus_ir.py's --out")
    parser.add_argument("--out", type=Path, default=None, help="where TileLang's IR and parity.json go")
    parser.add_argument(
        "--export-with", type=Path, default=None, help="main-env python: run the exporter first"
    )
    parser.add_argument("--print-ir", action="store_true", help="print TileLang's IR of every kernel")
    parser.add_argument(
        "--probes",
        type=Path,
        default=None,
        help="a second kernel folder in the corpus convention (tests/data/frontend_probes), exported "
        "to <expected>/probes and reported as probes:<family>/<name>",
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        default=None,
        help="also check a kernel manifest's instances (exported with the corpus)",
    )
    args = parser.parse_args(argv)
    expected = args.expected.resolve()
    out = (args.out or expected).resolve()
    # (label, kernel folder, ttmigrate's export of it, where TileLang's IR of it goes)
    suites = [("", args.root.resolve(), expected, out)]
    if args.probes is not None:
        suites.append(("probes:", args.probes.resolve(), expected / "probes", out / "probes"))

    indexes: list[dict[str, Any]] = []
    for label, root, suite_expected, _suite_out in suites:
        # A manifest's instances are exported with (and indexed beside) the corpus itself.
        suite_manifest = args.manifest if label == "" else None
        if args.export_with is not None:
            if args.export_with.exists():
                run_exporter(args.export_with, root, suite_expected, suite_manifest)
            else:
                print(
                    f"{args.export_with} not found: using the existing export in {suite_expected}", flush=True
                )
        index_path = suite_expected / "index.json"
        if not index_path.is_file():
            print(
                f"no ttmigrate export at {index_path}: first run, in the main environment,\n"
                f"  .venv/bin/python scripts/export_corpus_ir.py --root {root} --out {suite_expected}",
                file=sys.stderr,
            )
            return 2
        indexes.append(json.loads(index_path.read_text())["kernels"])

    tilelang_language = alias_frontend_to_tilelang()
    import tilelang

    print(f"tilelang {tilelang.__version__} ({Path(tilelang_language.__file__).parent})", flush=True)
    rows: list[dict[str, Any]] = []
    for (label, root, suite_expected, suite_out), index in zip(suites, indexes, strict=True):
        for path in kernel_files(root):
            row = check_kernel(path, index, suite_expected, suite_out, args.print_ir)
            rows.append({**row, "kernel": label + row["kernel"]})
    if args.manifest is not None:
        index = indexes[0]
        manifest_keys = sorted(k for k, e in index.items() if e.get("kind") == "manifest")
        if not manifest_keys:
            print(
                f"the export holds no instance of {args.manifest}: re-export with --manifest", file=sys.stderr
            )
            return 2
        rows += [check_manifest_instance(k, index[k], expected, out, args.print_ir) for k in manifest_keys]

    out.mkdir(parents=True, exist_ok=True)
    (out / "parity.json").write_text(json.dumps(rows, indent=2, allow_nan=False) + "\n")
    print("\n===== TileLang parity (modulo names and printer spelling) =====")
    for row in rows:
        print(f"{row['kernel']:<56} {row['status']}")
        for reason in row["reasons"]:
            print(f"    - {reason}")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    probes = sum(1 for row in rows if row["kernel"].startswith("probes:"))
    what = f"{len(rows)} kernels" + (
        f" ({len(rows) - probes} corpus, {probes} probes)" if args.probes else ""
    )
    print(f"\n{what}: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    print(f"TileLang IR and parity.json written to {out}")
    return 0 if counts.get("match", 0) + counts.get(MATCH_BY_DESIGN, 0) == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
