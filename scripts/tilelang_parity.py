"""Build every corpus kernel with the real TileLang frontend and compare its IR with ttmigrate's.

Step 2 of 2, run in the ``tox -e tilelang`` environment (tilelang==0.1.15, its own bundled TVM;
ttmigrate and apache-tvm are NOT installed there: the two cannot share an environment):

    python scripts/tilelang_parity.py --expected build/tilelang_parity [--print-ir] [--export-with PY]

Each ``corpus/<family>/<name>.py`` is imported with ``ttmigrate.frontend`` aliased to
``tilelang.language`` (a stand-in ``ttmigrate`` package in ``sys.modules`` whose ``T`` is TileLang's
language module), so the kernel is built by TileLang's own parser. Its printed IR is compared with
ttmigrate's printed IR of the same file, exported beforehand by ``scripts/export_corpus_ir.py`` in
the main environment (``--export-with .venv/bin/python`` runs that exporter first, when present).

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


def respell(text: str) -> list[str]:
    """Printed TVMScript as logical lines with the printer-only differences removed (names kept)."""
    lines = _params(_structure(text))
    lines = [line for line in lines if not line.startswith("def ")]
    for pattern, replacement in PRINTER:
        lines = [pattern.sub(replacement, line) for line in lines]
    return lines


def normalise(text: str) -> list[str]:
    """Printer spelling and names normalised: equal lists mean equal IR up to naming."""
    return _rename(respell(text))


@dataclass(frozen=True)
class Rule:
    key: str
    reason: str
    view: Callable[[list[str]], list[str]]  # the lines this difference lives in
    rewrite: Callable[[list[str]], list[str]]  # both sides into one form, to look past it


# Known representation differences to look past, each reported by name. None today: the frontend
# builds TileLang 0.1.15's IR exactly (thread-index binds, tl.launch_threads, the fill literal and
# the gemm operand layout were brought in line). A new rule needs its reason, and shows in the report.
RULES: tuple[Rule, ...] = ()


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
    left, right = respell(tilelang_text), respell(ttmigrate_text)
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
    return result


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------


def kernel_files(root: Path) -> list[Path]:
    """The loader's rule (ttmigrate.corpus.kernel_files): <root>/<family>/<name>.py, no leading _."""
    return sorted(p for p in root.glob("*/*.py") if not p.name.startswith("_"))


def run_exporter(python: Path, root: Path, expected: Path) -> None:
    exporter = PROJECT / "scripts" / "export_corpus_ir.py"
    print(f"exporting ttmigrate's IR with {python}", flush=True)
    done = subprocess.run(
        [str(python), str(exporter), "--root", str(root), "--out", str(expected)],
        check=False,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")},
    )
    if done.returncode not in (0, 1):  # 1: some kernel broken; reported per kernel below
        raise SystemExit(f"the exporter failed (exit {done.returncode})")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    where = ""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/corpus/" in f.filename]
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
        return {**row, "status": "tilelang-error", "reasons": [_one_line(exc)]}
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
    args = parser.parse_args(argv)
    root, expected = args.root.resolve(), args.expected.resolve()
    out = (args.out or expected).resolve()

    if args.export_with is not None:
        if args.export_with.exists():
            run_exporter(args.export_with, root, expected)
        else:
            print(f"{args.export_with} not found: using the existing export in {expected}", flush=True)
    index_path = expected / "index.json"
    if not index_path.is_file():
        print(
            f"no ttmigrate export at {index_path}: first run, in the main environment,\n"
            f"  .venv/bin/python scripts/export_corpus_ir.py --out {expected}",
            file=sys.stderr,
        )
        return 2
    index = json.loads(index_path.read_text())["kernels"]

    tilelang_language = alias_frontend_to_tilelang()
    import tilelang

    print(f"tilelang {tilelang.__version__} ({Path(tilelang_language.__file__).parent})", flush=True)
    rows = [check_kernel(path, index, expected, out, args.print_ir) for path in kernel_files(root)]

    out.mkdir(parents=True, exist_ok=True)
    (out / "parity.json").write_text(json.dumps(rows, indent=2, allow_nan=False) + "\n")
    print("\n===== TileLang parity (modulo names and printer spelling) =====")
    for row in rows:
        print(f"{row['kernel']:<48} {row['status']}")
        for reason in row["reasons"]:
            print(f"    - {reason}")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    print(f"\n{len(rows)} kernels: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    print(f"TileLang IR and parity.json written to {out}")
    return 0 if counts.get("match", 0) == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
