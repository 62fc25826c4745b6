"""The provenance header that starts each golden, and how to split it from the content.

C++ and ``UNSUPPORTED`` goldens start with a block of ``//`` lines, beginning with :data:`MARKER`
and ending at the first empty line. ``tt.plan.json`` stays valid JSON: provenance is the top-level
key ``"_provenance"``, printed first; the content is the rest of the object, in canonical form.

Tests compare content only. A header that differs while the content matches is *header drift*:
reported apart, never a failure, and refreshed by ``--snapshot-update``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from ttmigrate.normalize.plan_json import dump_plan
from ttmigrate.ops import TARGET

MARKER = "// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)"
JSON_KEY = "_provenance"


class HeaderError(ValueError):
    """A golden whose header or JSON cannot be read."""


@dataclass(frozen=True)
class Provenance:
    source_path: str  # kernel file, relative to the repository
    source_sha256: str
    mode: str
    generator_version: str  # ttmigrate.__version__
    clang_format_version: str
    style_hash: str  # sha256 of ttmigrate/normalize/ttmigrate.clang-format
    target: str = TARGET.name  # the tt-metal release the code is generated for (ttmigrate.ops.TARGET)


_CPP_LABELS = {
    "source_path": "kernel",
    "source_sha256": "kernel sha256",
    "mode": "mode",
    "generator_version": "ttmigrate version",
    "clang_format_version": "clang-format",
    "style_hash": "clang-format style sha256",
    "target": "target",
}


def is_json(name: str) -> bool:
    return name.endswith(".json")


def render_header(provenance: Provenance) -> str:
    fields = asdict(provenance)
    lines = [MARKER, *(f"// {label}: {fields[key]}" for key, label in _CPP_LABELS.items())]
    return "\n".join(lines) + "\n\n"


def join_golden(*, provenance: Provenance, body: str, name: str) -> str:
    """Golden text = header + normalised content (``body`` must already be normalised)."""
    if not is_json(name):
        return render_header(provenance) + body
    data = json.loads(body)
    if not isinstance(data, dict):
        raise HeaderError(f"{name}: a plan must be a JSON object to carry {JSON_KEY!r}")
    if JSON_KEY in data:
        raise HeaderError(f"{name}: the emitted plan already has a top-level {JSON_KEY!r} key")
    return (
        json.dumps({JSON_KEY: asdict(provenance), **data}, indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )


def split_golden(text: str, *, name: str) -> tuple[Provenance | None, str]:
    """(provenance or None if absent/unreadable, content) of a golden's text."""
    if is_json(name):
        return _split_json(text, name)
    if not text.startswith(MARKER + "\n"):
        return None, text
    head, sep, body = text.partition("\n\n")
    if not sep:
        return None, text
    values: dict[str, str] = {}
    labels = {label: key for key, label in _CPP_LABELS.items()}
    for line in head.split("\n")[1:]:
        label, _, value = line.removeprefix("// ").partition(": ")
        if label in labels:
            values[labels[label]] = value
    provenance = Provenance(**values) if len(values) == len(_CPP_LABELS) else None
    return provenance, body


def _split_json(text: str, name: str) -> tuple[Provenance | None, str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HeaderError(
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    if not isinstance(data, dict) or JSON_KEY not in data:
        return None, text
    raw = data.pop(JSON_KEY)
    try:
        provenance: Provenance | None = Provenance(**raw)
    except TypeError:
        provenance = None
    return provenance, dump_plan(data)


def content_of(text: str, *, name: str) -> str:
    """The golden's content without header; unreadable JSON compares as its raw text."""
    try:
        return split_golden(text, name=name)[1]
    except HeaderError:
        return text


def content_of_any(text: str) -> str:
    """Content of a golden whose name is not at hand: C++/text headers start with :data:`MARKER`,
    anything else is tried as a JSON plan."""
    if text.startswith(MARKER + "\n"):
        return split_golden(text, name="x.cpp")[1]
    return content_of(text, name="x.json")
