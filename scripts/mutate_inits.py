"""Mutation acceptance for the compute configuration state, enumerated over the whole corpus.

    python scripts/mutate_inits.py [--emulate] [--sample N --seed S] [--golden GLOB] [--cache-dir DIR]

Every start-up, init, uninit and data-format reconfig call of every IR-driven golden compute
kernel (snapshots/*/*/ir_driven/compute.cpp) is deleted, duplicated and moved (``mutants``). Each
mutant is judged by the static ``init-state`` rule and, with ``--emulate``, on the emulator (only
the mutated compute.cpp recompiles: the per-translation-unit object cache keeps the rest). A
mutant is caught when its verdict becomes a named ``init-state`` finding / fault.

Equivalent mutants, by one stated rule: a configuration call duplicated immediately after itself
(no statement between) programs the state it has just programmed, so it changes nothing on
hardware; start-up and reduce_uninit are excepted (a second one is illegal anywhere). Equivalent
mutants are counted apart, never silently dropped; with ``--emulate`` they are run too, and each
must stay ``correct`` (which checks the rule).

Prints the counts; exits 1 if any non-equivalent mutant is missed, or an equivalent one is not
``correct`` on the emulator.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ttmigrate import ops
from ttmigrate.compare.checks import check_artifacts
from ttmigrate.compare.checks.init_state import STARTUP

REPO = Path(__file__).resolve().parents[1]
GOLDENS = sorted(p.parent for p in (REPO / "snapshots").glob("*/*/ir_driven/compute.cpp"))
_CALL = re.compile(r"^\s*([A-Za-z_]\w*)\s*(<[^;]*>)?\s*\(")
RECONFIGS = frozenset(
    {
        "reconfig_data_format",
        "reconfig_data_format_srca",
        "reconfig_data_format_srcb",
        "pack_reconfig_data_format",
    }
)
UNINITS = frozenset(
    o.config.uninit.name for o in ops.OPS.values() if o.config is not None and o.config.uninit is not None
)
CONFIG_CALLS = frozenset(
    {
        STARTUP,
        *(o.init.fn.name for o in ops.OPS.values() if o.init is not None and o.config is not None),
        *UNINITS,
        *RECONFIGS,
    }
)
# calls that use the configuration: the registry's op calls and pack_tile (the packer's format)
OP_CALLS = frozenset(
    {*(o.call.fn.name for o in ops.OPS.values() if o.call is not None and o.config is not None), "pack_tile"}
)


def called(line: str) -> str | None:
    match = _CALL.match(line)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Mutant:
    golden: str  # the kernel name
    family: str
    how: str  # delete | duplicate | move
    line: int  # 1-based line of the mutated call in the golden
    call: str
    text: str  # the mutated compute.cpp
    equivalent: bool = False  # by the stated rule (module docstring)

    @property
    def label(self) -> str:
        return f"{self.family}/{self.golden}: {self.how} {self.call} (line {self.line})"


def _engine(name: str, *, init: bool) -> str | None:
    """The engine (SFPU or unpacker/FPU) the registry's init or op call ``name`` uses."""
    for o in ops.OPS.values():
        fn = o.init if init else o.call
        if o.config is not None and fn is not None and fn.fn.name == name:
            return "SFPU" if o.config.unpack == "none" else "FPU"
    return None


def _configures(init: str, call: str) -> bool:
    """Whether a copy of ``init`` placed before ``call`` leaves it configured: the start-up, the
    call's own init, or an init of the other engine (SFPU vs unpacker/FPU)."""
    if init == STARTUP or _engine(init, init=True) != _engine(call, init=False):
        return True
    return any(
        o.init is not None and o.call is not None and o.init.fn.name == init and o.call.fn.name == call
        for o in ops.OPS.values()
    )


def mutants(folder: Path) -> list[Mutant]:
    """Delete, duplicate and move each configuration call of the golden's compute kernel.

    - duplicate: an init's copy goes just before the first later op call that needs another
      configuration (the copy clobbers it), else right after the call; a reconfig's copy goes
      right after it (a second start-up or uninit is illegal anywhere);
    - move: the call goes just after the first later op call (or init, for the start-up), so
      that op runs before its configuration.
    """
    lines = (folder / "compute.cpp").read_text(encoding="utf-8").split("\n")
    name, family = folder.parent.name, folder.parent.parent.name
    found = []
    for index, line in enumerate(lines):
        call = called(line)
        if call not in CONFIG_CALLS:
            continue
        rest = lines[:index] + lines[index + 1 :]
        found.append(Mutant(name, family, "delete", index + 1, call, "\n".join(rest)))
        later_ops = [j for j in range(index + 1, len(lines)) if called(lines[j]) in OP_CALLS - {"pack_tile"}]
        clobbered = (
            []
            if call in RECONFIGS
            else [j for j in later_ops if not _configures(call, called(lines[j]) or "")]
        )
        at = clobbered[0] if clobbered else index + 1
        duplicated = [*lines[:at], line, *lines[at:]]
        equivalent = at == index + 1 and call != STARTUP and call not in UNINITS
        found.append(
            Mutant(name, family, "duplicate", index + 1, call, "\n".join(duplicated), equivalent=equivalent)
        )
        targets = [
            j
            for j in range(index + 1, len(lines))
            if called(lines[j]) in (CONFIG_CALLS - {STARTUP} if call == STARTUP else OP_CALLS)
        ]
        if targets:
            j = targets[0]  # the op is at j - 1 in `rest`: insert just after it
            while j < len(rest) and not rest[j - 1].rstrip().endswith((";", "{", "}")):
                j += 1  # after the whole statement: clang-format wraps long calls over several lines
            moved = [*rest[:j], line, *rest[j:]]
            found.append(Mutant(name, family, "move", index + 1, call, "\n".join(moved)))
    return found


def artifacts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.suffix == ".cpp"}


def static_caught(base: dict[str, str], mutant: Mutant) -> bool:
    # only the rule under test runs: the other checks cannot change whether it names the mutant
    findings = check_artifacts(artifacts={**base, "compute.cpp": mutant.text}, rules={"init-state"})
    return any(f.rule == "init-state" for f in findings)


def all_mutants(goldens: list[Path]) -> list[tuple[dict[str, str], Mutant]]:
    return [(artifacts(folder), m) for folder in goldens for m in mutants(folder)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--emulate", action="store_true", help="also run every mutant on the emulator")
    parser.add_argument("--sample", type=int, default=0, help="only a seeded sample of N mutants (0: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--golden", default="*", help="only goldens whose kernel name matches this glob")
    parser.add_argument("--cache-dir", type=Path, default=None, help="emulator build cache")
    args = parser.parse_args(argv)
    goldens = [g for g in GOLDENS if Path(g.parent.name).match(args.golden)]
    pool = all_mutants(goldens)
    if args.sample:
        pool = random.Random(args.seed).sample(pool, min(args.sample, len(pool)))
    counts: Counter[str] = Counter()
    missed: list[str] = []
    if args.emulate:
        from ttmigrate.corpus.load import resolve_kernel
        from ttmigrate.emulate import simulate_kernel

        cache = (args.cache_dir or Path(tempfile.mkdtemp(prefix="ttmigrate-mutate-"))).resolve()
    for index, (base, mutant) in enumerate(pool, 1):
        kind = "equivalent" if mutant.equivalent else "mutant"
        counts[f"{kind}s"] += 1
        static = static_caught(base, mutant)
        if not mutant.equivalent:
            counts["static caught"] += static
            if not static:
                missed.append(f"static: {mutant.label}")
        if args.emulate:
            result = simulate_kernel(
                kernel=resolve_kernel(mutant.golden),
                artifacts={**base, "compute.cpp": mutant.text},
                cache_dir=cache,
            )
            verdict = result.fault.kind if result.status == "fault" and result.fault else result.status
            if mutant.equivalent:
                counts[f"equivalent {verdict}"] += 1
                if verdict != "correct":
                    missed.append(f"emulator: equivalent {mutant.label} is {verdict}: {result.detail}")
            else:
                counts[f"emulator {verdict}"] += 1
                if verdict != "init-state":
                    missed.append(f"emulator: {mutant.label} is {verdict}: {result.detail}")
        if index % 50 == 0:
            print(f"... {index}/{len(pool)}", file=sys.stderr, flush=True)
    n = counts["mutants"]
    print(f"goldens: {len(goldens)}; mutants: {n}; equivalent (stated rule): {counts['equivalents']}")
    print(f"static init-state rule: {counts['static caught']}/{n} named")
    if args.emulate:
        print(f"emulator: {counts['emulator init-state']}/{n} init-state faults")
        print(
            "  emulator verdicts: "
            + ", ".join(f"{k[9:]} {v}" for k, v in sorted(counts.items()) if k.startswith("emulator "))
        )
        print("  equivalent mutants: " + ", ".join(f"{k[11:]} {v}" for k, v in sorted(counts.items()) if k.startswith("equivalent ")))  # fmt: skip
    for line in missed:
        print("MISSED " + line)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
