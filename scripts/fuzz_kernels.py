"""Mutate corpus kernels the way a hostile user would and run every mutant through every stage.

    python scripts/fuzz_kernels.py --n 10000 --seed 1 [--jobs 2] [--emulate-every 50] [--out DIR]

Each mutant is one corpus kernel with one mutation of one class (odd / zero / negative / huge
extents, `None` extents, 0-d tensors, bad dtypes, huge launch grids, wrong `TAGS` and `TOLERANCE`
types, a `reference()` that raises, returns the wrong thing, exits or loops, and kernel files that
exit, loop or segfault at import). Mutants run isolated, exactly as `ttmigrate run` runs kernels
(`ttmigrate.run.isolation`), and each outcome is classified:

    ok           every stage ran (an emulation verdict of any kind is a result)
    clean-error  a named error: a ttmigrate error class with a message, or a timeout / signal /
                 exit that the mutation itself asked for (an endless loop, a SIGSEGV, os._exit)
    crash        a Python traceback: an exception that is not one of ttmigrate's named errors
    hang         a stage timed out on a mutant that does not loop
    signal       the worker died of a signal the mutant did not raise (e.g. a segfault in TVM)
    silent-exit  the worker exited without a result and without the mutant asking for it

Every mutant is loaded (with the front-door checks), its `reference()` is run and checked, and both
modes are lowered and emitted. The later stages cost more: normalisation, snapshot status, the
protocol checks and the mode comparison run for one mutant in `--full-every`, and emulation
(a g++ build and a run on the host emulator) for one in `--emulate-every`. Prints the figures,
writes them to OUT/fuzz-report.json (also every 500 mutants, so a stopped run keeps its figures)
and exits 1 unless crash, hang, signal and silent-exit are all 0.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ttmigrate.report.model import KernelResult
from ttmigrate.run.isolation import run_isolated
from ttmigrate.run.protocol import Job
from ttmigrate.run.stage_limits import DEFAULT_LIMITS, StageLimits

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# Tighter than a run's limits where a mutant's own endless loop is expected (import, reference), so
# that the planted loops cost seconds; the stages of the tool keep room for a loaded machine. They
# are CPU seconds (`ttmigrate.run.isolation`): a worker starved of CPU on a shared machine is slow,
# not hung, and only meets the wall-clock cap (3x the limit, at least +60 s) if it uses no CPU.
FUZZ_LIMITS = StageLimits(
    seconds={**DEFAULT_LIMITS, "load": 5.0, "reference": 3.0, "emit": 60.0, "normalize": 60.0,
             "check": 60.0, "compare": 60.0, "emulate": 300.0}
)  # fmt: skip
# The stages that run the mutant's own code (its import, its reference): where a planted loop spins.
KERNEL_CODE_STAGES = ("load", "reference")
OUTCOMES = ("ok", "clean-error", "crash", "hang", "signal", "silent-exit")
# ttmigrate's named errors: an error of one of these kinds is a clean, deliberate message.
NAMED_ERRORS = frozenset(
    {
        "KernelLoadError", "SimInputError", "UnsupportedConstruct", "LoweringError", "Refused",
        "ProgramInputError", "ConfigError", "HeaderError", "ExtractError", "CppSyntaxError",
        "PlanJsonError", "NormalizeError", "ClangFormatError", "EltwiseProblem",
    }
)  # fmt: skip
KERNEL_CODE_EXITS = frozenset({"KeyboardInterrupt", "SystemExit"})
EXTENTS = (
    "0",
    "-1",
    "-2048",
    "1",
    "3",
    "31",
    "33",
    "97",
    "2**31",
    "2**31 - 1",
    "2**40",
    "None",
    "1.5",
    '"32"',
)
DTYPES = ("float16", "int8", "int32", "uint8", "float64", "bool", "bfloat17", "")
TAG_VALUES = ("None", '"gemm"', "(1, 2)", "[None]", "5", '("",)', "{'a': 1}")
TOLERANCES = (
    '"x"',
    "None",
    '{"atol": "x"}',
    '{"foo": 1}',
    '{"atol": float("nan")}',
    '{"atol": -1}',
    "[0.1]",
    '{"rtol": True}',
)
REFERENCE_BODIES = (
    'raise ValueError("reference failed")',
    "return None",
    "return {}",
    'return {"nope": 1}',
    "return [1, 2, 3]",
    "import sys\n    sys.exit(7)",
    "raise KeyboardInterrupt",
    "raise SystemExit",
    "import numpy as np\n    return {name: np.zeros((1, 1)) for name in _OUTS}",
    "import numpy as np\n    return {name: np.full(_SHAPES[name], np.nan) for name in _OUTS}",
    "import numpy as np\n    return {name: np.full(_SHAPES[name], np.inf) for name in _OUTS}",
    "return {name: 'text' for name in _OUTS}",
    "return {name: object() for name in _OUTS}",
    "while True:\n        pass",
)
IMPORT_TIME = (
    "import sys\nsys.exit(3)\n",
    "import os\nos._exit(0)\n",
    "while True:\n    pass\n",
    "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n",
    "raise KeyboardInterrupt\n",
    "raise MemoryError\n",
    "import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1)\nf(0)\n",
)


@dataclass(frozen=True)
class Mutant:
    source: str
    mutation: str  # class/detail, e.g. "extent:-2048"
    expect: str = ""  # "loop" | "signal" | "exit": a timeout / signal / exit the mutation asked for


def _replace_one(
    rng: random.Random, text: str, pattern: str, make: Callable[[re.Match[str]], str]
) -> str | None:
    matches = list(re.finditer(pattern, text))
    if not matches:
        return None
    match = rng.choice(matches)
    return text[: match.start()] + make(match) + text[match.end() :]


def _mutate(rng: random.Random, source: str) -> Mutant:
    kind = rng.choice(
        ("extent", "extent", "extent", "shape-none", "rank0", "dtype", "dtype", "grid", "tags", "tolerance",
         "reference", "reference", "reference", "import")
    )  # fmt: skip
    if kind == "extent":  # a module-level integer constant (M, N, BLOCK_*, ...) or a literal extent
        value = rng.choice(EXTENTS)
        text = _replace_one(rng, source, r"(?m)(?<=[=,(] )\d+(?=[,)\n])|(?<=\()\d+(?=[,)])", lambda m: value)
        return Mutant(text or source, f"extent:{value}")
    if kind == "shape-none":
        text = _replace_one(
            rng, source, r"(T\.(?:alloc_\w+|Tensor)\(\()([^()]*)", lambda m: m[1] + "None, " + m[2]
        )
        return Mutant(text or source, "shape-none")
    if kind == "rank0":
        text = _replace_one(rng, source, r"T\.Tensor\(\([^()]*\)", lambda m: "T.Tensor(()")
        return Mutant(text or source, "rank0")
    if kind == "dtype":
        value = rng.choice(DTYPES)
        text = _replace_one(rng, source, r'"(bfloat16|float32)"', lambda m: f'"{value}"')
        return Mutant(text or source, f"dtype:{value}")
    if kind == "grid":
        value = rng.choice(("2**31", "2**32 + 1", "0", "-1", "None", "10**12"))
        text = _replace_one(rng, source, r"T\.Kernel\(", lambda m: f"T.Kernel({value}, ")
        return Mutant(text or source, f"grid:{value}")
    if kind == "tags":
        value = rng.choice(TAG_VALUES)
        text = re.sub(r"(?m)^TAGS = .*$", f"TAGS = {value}", source) if "TAGS =" in source else None
        return Mutant(text or f"{source}\nTAGS = {value}\n", f"tags:{value}")
    if kind == "tolerance":
        value = rng.choice(TOLERANCES)
        return Mutant(f"{source}\nTOLERANCE = {value}\n", f"tolerance:{value}")
    if kind == "reference":
        body = rng.choice(REFERENCE_BODIES)
        helpers = (
            "\n_OUTS = [p.name for p in main.params if hasattr(p, 'shape')][-1:]\n"
            "_SHAPES = {p.name: tuple(int(s) for s in p.shape) for p in main.params if hasattr(p, 'shape')}\n"
        )
        text = re.sub(
            r"(?ms)^def reference\(.*", f"{helpers}\ndef reference(**inputs):\n    {body}\n", source
        )
        return Mutant(
            text, f"reference:{body.splitlines()[-1].strip()}", "loop" if "while True" in body else ""
        )
    snippet = rng.choice(IMPORT_TIME)
    expect = (
        "loop"
        if "while True" in snippet
        else "signal"
        if "SIGSEGV" in snippet
        else "exit"
        if "_exit" in snippet
        # unbounded recursion with the limit lifted: a C stack overflow (SIGSEGV) or a slow
        # MemoryError, whichever comes first; either way the mutant's own doing
        else "loop|signal"
        if "recursion" in snippet
        else ""
    )
    return Mutant(f"{snippet}\n{source}", f"import:{snippet.strip().splitlines()[-1]}", expect)


def classify(result: KernelResult, mutant: Mutant) -> str:
    errors = result.all_errors()
    if not errors:
        return "ok"
    for error in errors:
        if error.kind == "WorkerTimeout" and "loop" not in mutant.expect:
            return "hang"
        if error.kind == "WorkerSignal" and "signal" not in mutant.expect:
            return "signal"
        if error.kind == "WorkerExit" and mutant.expect != "exit":
            return "silent-exit"
        if error.kind in KERNEL_CODE_EXITS and mutant.mutation.startswith(("reference:", "import:")):
            continue  # the mutant's own exit / interrupt, named with its location
        if error.kind not in NAMED_ERRORS | {"WorkerTimeout", "WorkerSignal", "WorkerExit"}:
            return "crash"
        if not error.message.strip():
            return "crash"
    return "clean-error"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=200, help="number of mutants")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--emulate-every", type=int, default=50, help="emulate 1 in K non-reference mutants (0: none)"
    )
    parser.add_argument(
        "--stage-timeout", type=float, default=None, help="seconds per stage (default: the run's)"
    )
    parser.add_argument(
        "--kernel-code-limit", type=float, default=None, metavar="SECONDS",
        help="CPU seconds of the stages that run the mutant's own code, where its planted loops "
        "spin: load (its import) and reference (default: 5 and 3)",
    )  # fmt: skip
    parser.add_argument(
        "--full-every", type=int, default=1,
        help="run the stages after emission (normalise, snapshot, check, compare) for 1 in K mutants",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, default=None, help="keep mutants and a JSON report here")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    sources = sorted(p for p in args.corpus.glob("*/*.py") if not p.name.startswith("_"))
    work = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="ttmigrate-fuzz-"))
    snapshots = work / "snapshots"
    snapshots.mkdir(parents=True, exist_ok=True)
    mutants: dict[str, Mutant] = {}
    jobs = []
    for index in range(args.n):
        origin = rng.choice(sources)
        mutant = _mutate(rng, origin.read_text())
        name = f"{origin.stem}__m{index}"
        path = work / "mutants" / origin.parent.name / f"{name}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(mutant.source)
        mutants[name] = mutant
        emulate = args.emulate_every > 0 and index % args.emulate_every == 0
        jobs.append(
            Job(path=str(path), name=name, family=origin.parent.name, source_hash="", snapshot_root=str(snapshots),
                emulate=emulate, emit_only=not emulate and index % max(args.full_every, 1) != 0)
        )  # fmt: skip
    limits = StageLimits.uniform(args.stage_timeout) if args.stage_timeout else FUZZ_LIMITS
    if args.kernel_code_limit is not None:
        limits = replace(
            limits, seconds={**limits.seconds, **dict.fromkeys(KERNEL_CODE_STAGES, args.kernel_code_limit)}
        )
    counts: Counter[str] = Counter()
    by_class: dict[str, Counter[str]] = {}
    bad: list[dict[str, str]] = []
    emulated = 0
    full = sum(1 for job in jobs if not job.emit_only)
    started = time.perf_counter()
    for done, (job, result) in enumerate(run_isolated(jobs, workers=args.jobs, limits=limits), 1):
        mutant = mutants[job.name]
        outcome = classify(result, mutant)
        counts[outcome] += 1
        by_class.setdefault(mutant.mutation.split(":")[0], Counter())[outcome] += 1
        emulated += any(m.emulation is not None for m in result.modes.values())
        if outcome not in ("ok", "clean-error"):
            first = result.all_errors()[0]
            bad.append({"kernel": job.path, "mutation": mutant.mutation, "outcome": outcome,
                        "error": f"{first.stage} {first.kind}: {first.message}"[:500]})  # fmt: skip
        if done % 500 == 0 or done == len(jobs):
            seconds = time.perf_counter() - started
            report = {
                "mutants": args.n, "done": done, "seed": args.seed, "seconds": round(seconds, 1),
                "emulated": emulated, "all_stages": full, "outcomes": {o: counts[o] for o in OUTCOMES},
                "by_class": {c: dict(v) for c, v in sorted(by_class.items())}, "problems": bad,
            }  # fmt: skip
            (work / "fuzz-report.json").write_text(json.dumps(report, indent=1, allow_nan=False) + "\n")
            print(f"{done}/{len(jobs)} {dict(counts)} {seconds:.0f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    print(
        f"{args.n} mutants (seed {args.seed}) in {seconds:.0f} s: {full} through every stage but "
        f"emulation, {emulated} emulated, the rest through emission"
    )
    for outcome in OUTCOMES:
        print(f"  {outcome:12} {counts[outcome]}")
    for problem in bad[:20]:
        print(f"  {problem['outcome']}: {problem['mutation']} {problem['kernel']}: {problem['error']}")
    print(f"report: {work / 'fuzz-report.json'}")
    return 0 if all(counts[o] == 0 for o in ("crash", "hang", "signal", "silent-exit")) else 1


if __name__ == "__main__":
    sys.exit(main())
