"""Where `report` and `flip` find results.json when --results is not given."""

from __future__ import annotations

from pathlib import Path

import click

# The quick start writes reports/results.json; a bare `ttmigrate run` writes ./results.json.
DEFAULT_PLACES = (Path("reports/results.json"), Path("results.json"))
EXIT_BAD_INPUT = 2


def find_results(given: Path | None, *, command: str) -> Path:
    """``given`` as is; else the first of DEFAULT_PLACES that exists; else exit 2 naming the places."""
    if given is not None:
        return given
    for place in DEFAULT_PLACES:
        if place.is_file():
            return place
    looked = ", ".join(str(Path.cwd() / p) for p in DEFAULT_PLACES)
    click.echo(
        f"ttmigrate {command}: no results.json found; looked in {looked}. "
        "Run `ttmigrate run --out-dir reports` first, or pass --results PATH.",
        err=True,
    )
    raise SystemExit(EXIT_BAD_INPUT)
