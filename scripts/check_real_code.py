"""How well the protocol checks read real tt-metal code: findings on the program fixtures (each is a
correct program, so every finding is a false positive) and, given an unpacked ttnn wheel, how many
of its real kernels the model understands and what the per-kernel rules say about them.

    python scripts/check_real_code.py [--wheel DIR] [--pattern REGEX]   (DIR: the ttnn/ folder of an unzipped ttnn wheel)

The wheel's kernels are read only for figures; nothing of them is stored. The per-kernel rules
(reserve/wait/barrier order, dst-order, no-placeholder) need no host, so they run on each kernel
file alone; the host rules run on the fixtures only.
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

from ttmigrate.compare import check_artifacts
from ttmigrate.compare.checks import read_program
from ttmigrate.compare.checks.cb_protocol import check_cb_protocol
from ttmigrate.compare.checks.dst_order import check_dst_order
from ttmigrate.compare.checks.placeholder import check_placeholders
from ttmigrate.compare.expr import Cb
from ttmigrate.compare.model import KernelModel
from ttmigrate.compare.programs import analyse_program

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "data" / "metalium_programs"
_CB_CALLS = ("cb_reserve_back", "cb_push_back", "cb_wait_front", "cb_pop_front")


def fixtures() -> None:
    total = 0
    print(f"{'program':24} findings")
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        findings = check_artifacts(artifacts=read_program(folder))
        total += len(findings)
        rules = collections.Counter(f.rule for f in findings)
        print(f"{folder.name:24} {len(findings):8}  {dict(rules) if rules else ''}")
    print(f"{'total':24} {total:8}")


def wheel(root: Path, pattern: str) -> None:
    files = sorted(
        p for p in root.rglob("*.cpp") if "kernels" in p.parts and re.search(pattern, p.as_posix())
    )
    errors: collections.Counter[str] = collections.Counter()
    rules: collections.Counter[str] = collections.Counter()
    modelled = recognised = unrecognised = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        program = analyse_program(artifacts={path.name: text})
        rules.update(f.rule for f in check_placeholders({path.name: text}))
        model = program.models.get(path.name)
        if not isinstance(model, KernelModel):
            message = program.errors.get(path.name, "not a kernel")
            errors[
                "preprocessor" if "preprocessor" in message else "syntax" if "syntax" in message else "model"
            ] += 1
            continue
        modelled += 1
        rules.update(f.rule for f in check_cb_protocol(model) + check_dst_order(model))
        for event in model.events:
            if event.kind == "call" and event.api in _CB_CALLS and event.exprs:
                if isinstance(event.exprs[0], Cb):
                    recognised += 1
                else:
                    unrecognised += 1
    print(f"\nwheel kernels matching {pattern!r}: {len(files)}")
    print(
        f"  modelled {modelled}, not understood {sum(errors.values())} {dict(errors)} (one parse finding each)"
    )
    print(f"  cb_reserve/push/wait/pop calls: CB known {recognised}, CB unknown {unrecognised}")
    print(f"  per-kernel findings {sum(rules.values())} {dict(rules)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--wheel", type=Path, help="an unpacked ttnn wheel (its ttnn/ folder)")
    parser.add_argument(
        "--pattern",
        default=r"eltwise|matmul|data_movement/(pad|copy|untilize|tilize)|reduction|tt_metal/kernels",
        help="regular expression a kernel path must match",
    )
    args = parser.parse_args()
    fixtures()
    if args.wheel is not None:
        wheel(args.wheel, args.pattern)


if __name__ == "__main__":
    main()
