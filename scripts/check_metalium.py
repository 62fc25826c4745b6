"""Check every Metalium call ttmigrate can print (and every one its emulator declares) against the
real tt-metal release: the ``ttnn`` wheel from PyPI, cached outside the repository in
``${XDG_CACHE_HOME:-~/.cache}/ttmigrate/wheels`` (~100 MB, downloaded once with pip).

    python scripts/check_metalium.py              # fetch if needed, check, print one table
    python scripts/check_metalium.py --fetch-only # only make sure the wheel is in the cache
    python scripts/check_metalium.py --wheel PATH # use this wheel file instead of the cache

Exits 1 when a call, include or symbol does not match the release.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ttmigrate.emit.ir_driven.compute import header_order
from ttmigrate.emulate.build import INCLUDE_DIR
from ttmigrate.ops import kernel_api, release_check


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, help="a ttnn wheel file (default: the cache, fetched by pip)")
    parser.add_argument(
        "--fetch-only", action="store_true", help="download the wheel into the cache and stop"
    )
    args = parser.parse_args(argv)
    wheel = args.wheel or release_check.fetch_wheel()
    if args.fetch_only:
        print(wheel)
        return 0
    root = release_check.unpack(wheel)
    printed = [kernel_api.DATAFLOW_H, *header_order()]
    rows = release_check.run_checks(root=root, emulator_include=INCLUDE_DIR, printed_includes=printed)
    print(release_check.render(rows))
    return 1 if any(r.failed for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
