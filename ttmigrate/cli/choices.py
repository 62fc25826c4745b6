"""Loud typos: fixed choices that answer a near miss with "did you mean …", and a no-match error."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

import click

# The emitters' modes and artifacts (ttmigrate.emit.MODES / ARTIFACTS, kept equal by a test), fixed
# here so that a typo is refused before the emitters (and TVM) are imported.
MODES = ("template", "ir_driven")
ARTIFACTS = ("reader.cpp", "compute.cpp", "writer.cpp", "main.cpp", "tt.plan.json")
UNSUPPORTED = "UNSUPPORTED"
EXIT_NO_MATCH = 2


def did_you_mean(word: str, candidates: Iterable[str], *, count: int = 3) -> str:
    """`` (did you mean 'a' or 'b'?)``, or "" when nothing is close."""
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(word, pool, n=count, cutoff=0.6)
    if not close:
        lowered = {c.lower().replace("-", "_"): c for c in pool}
        hit = lowered.get(word.lower().replace("-", "_"))
        close = [hit] if hit else []
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


class SuggestingChoice(click.Choice):  # type: ignore[type-arg]
    """``click.Choice`` whose error names the closest valid value."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            hint = did_you_mean(str(value), [str(c) for c in self.choices])
            choices = ", ".join(repr(str(c)) for c in self.choices)
            self.fail(f"{value!r} is not one of {choices}{hint}", param, ctx)


def mode_choice() -> SuggestingChoice:
    return SuggestingChoice(MODES)


def artifact_choice() -> SuggestingChoice:
    return SuggestingChoice((*ARTIFACTS, UNSUPPORTED))


class NoMatch(click.ClickException):
    """A pattern or filter that selects nothing: exit 2 with what was looked for and a suggestion."""

    exit_code = EXIT_NO_MATCH
