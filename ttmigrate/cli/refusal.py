"""One JSON object for a kernel that ``sim`` / ``check`` / ``diff`` cannot take to the end.

``--json`` always prints exactly one object on stdout: the command's own result, or this. A kernel
the lowering or an emitter refuses is ``{"status": "unsupported", "construct": ..., "location":
...}`` (the named construct, and where it sits: the kernel's file:line when known, else the path in
the lowered TVMScript); a kernel that does not load, a bad manifest or bad input is ``{"status":
"error", "error": ...}``. The vocabulary is the report's (``unsupported`` is its category name).
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import click

from ttmigrate.emit import UnsupportedConstruct
from ttmigrate.tt import LoweringError

UNSUPPORTED = "unsupported"
REFUSALS: tuple[type[Exception], ...] = (LoweringError, UnsupportedConstruct)


def refusal_json(err: Exception, *, kernel: str, mode: str | None) -> dict[str, Any]:
    """The object for a refused kernel: every construct the lowering named (it reports them all at
    once), or the one the emitter stopped at; the first is also given at the top level."""
    constructs: list[dict[str, str]]
    if isinstance(err, LoweringError):
        stage = "lowering"
        constructs = [
            {
                "construct": d.kind,
                "location": d.location,
                "ir_path": d.ir_path or d.location,
                "message": d.message,
            }
            for d in err.diagnostics
        ]
    elif isinstance(err, UnsupportedConstruct):
        stage = f"{mode} emitter" if mode else "emitter"
        constructs = [
            {
                "construct": err.construct,
                "location": err.location,
                "ir_path": err.location,
                "node": err.node_kind,
            }
        ]
    else:
        raise TypeError(f"not a refusal: {type(err).__name__}")
    first = constructs[0]
    return {
        "kernel": kernel,
        "mode": mode,
        "status": UNSUPPORTED,
        "stage": stage,
        "construct": first["construct"],
        "location": first["location"],
        "constructs": constructs,
        "message": str(err),
    }


def error_json(message: str, **context: Any) -> dict[str, Any]:
    return {**context, "status": "error", "error": message}


def print_and_exit(document: dict[str, Any], *, code: int = 1) -> NoReturn:
    click.echo(json.dumps(document, indent=2, allow_nan=False))
    sys.exit(code)
