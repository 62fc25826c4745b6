"""``tt.plan.json`` is normalised as data: parsed, then printed with sorted keys and indent 2."""

from __future__ import annotations

import json
from typing import Any


class PlanJsonError(ValueError):
    """The plan is not valid JSON; the message names the artifact, line and column."""


def dump_plan(data: Any) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def normalize_plan_json(text: str, *, name: str = "tt.plan.json") -> str:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanJsonError(
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    return dump_plan(data)
