"""Normalisation of emitted artifacts, so that snapshots and diffs show only real changes.

C++ goes through the pinned clang-format (batched: one process for many files) and a few
meaning-preserving clean-ups (:mod:`ttmigrate.normalize.cleanup`); ``tt.plan.json`` is re-printed
as canonical JSON. Everything here is deterministic and idempotent. This stage imports nothing
from later stages (compare, snapshot, emulate, report, cli).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence

from ttmigrate.normalize.clang_format import (
    EXPECTED_VERSION,
    STYLE_FILE,
    ClangFormatError,
    checked_binary,
    clang_format_version,
    format_cpp_batch,
    style_hash,
)
from ttmigrate.normalize.cleanup import clean_text, normalize_line_endings, strip_banner
from ttmigrate.normalize.plan_json import PlanJsonError, normalize_plan_json

__all__ = [
    "EXPECTED_VERSION",
    "STYLE_FILE",
    "ClangFormatError",
    "NormalizeError",
    "PlanJsonError",
    "clang_format_version",
    "clear_caches",
    "normalize_artifacts",
    "normalize_cpp",
    "normalize_cpp_many",
    "normalize_plan_json",
    "style_hash",
]

CPP_SUFFIXES = (".cpp", ".cc", ".h", ".hpp")


class NormalizeError(ValueError):
    """An artifact whose kind this stage does not know how to normalise."""


def _prepare_cpp(text: str) -> str:
    return strip_banner(normalize_line_endings(text))


# Normalised text by formatter and input text, for this process. A run normalises each artifact for
# the snapshot and the checks, then the comparison asks for the same texts again: they are formatted
# once. With the pinned style, the answer is a function of the binary and the text; the binary is
# checked on every call, so a wrong or missing one is an error even for a text seen before.
_DONE: dict[tuple[str, str], str] = {}
_DONE_LIMIT = 4096
# How many times each text (by its sha256) went through clang-format in this process, and how many
# clang-format processes ran: counters, so that a test can show a run formats each text once.
FORMATTED: Counter[str] = Counter()
FORMAT_RUNS: Counter[str] = Counter()


def normalize_cpp_many(*, texts: Sequence[str], labels: Sequence[str] | None = None) -> list[str]:
    """Normalise many C++ sources with a single clang-format process (``labels`` name them in errors);
    texts normalised before in this process are not formatted again."""
    if not texts:
        return []
    binary = str(checked_binary())
    known = {text: _DONE[binary, text] for text in texts if (binary, text) in _DONE}
    todo = [i for i, text in enumerate(texts) if text not in known]
    if todo:
        FORMAT_RUNS["clang-format"] += 1
        FORMATTED.update(hashlib.sha256(texts[i].encode()).hexdigest() for i in todo)
        formatted = format_cpp_batch(
            sources=[_prepare_cpp(texts[i]) for i in todo],
            labels=[labels[i] for i in todo] if labels is not None else None,
        )
        fresh = {texts[i]: clean_text(text) for i, text in zip(todo, formatted, strict=True)}
        if len(_DONE) + len(fresh) > _DONE_LIMIT:
            _DONE.clear()
        _DONE.update(((binary, text), done) for text, done in fresh.items())
        known.update(fresh)
    return [known[text] for text in texts]


def clear_caches() -> None:
    """Forget every text normalised in this process (a test that counts formatting starts here)."""
    _DONE.clear()


def normalize_cpp(text: str) -> str:
    return normalize_cpp_many(texts=[text])[0]


def normalize_artifacts(*, artifacts: Mapping[str, str]) -> dict[str, str]:
    """Normalise one emitter output (artifact name -> text); all C++ in one clang-format run.

    Names ending in a C++ suffix are formatted, ``.json`` is canonicalised, anything else is an
    error (a new artifact kind needs a decision, not a silent pass-through).
    """
    unknown = [name for name in artifacts if not name.endswith((*CPP_SUFFIXES, ".json"))]
    if unknown:
        raise NormalizeError(f"cannot normalise artifacts of unknown kind: {', '.join(sorted(unknown))}")
    cpp_names = [name for name in artifacts if name.endswith(CPP_SUFFIXES)]
    formatted = normalize_cpp_many(texts=[artifacts[n] for n in cpp_names], labels=cpp_names)
    result = dict(zip(cpp_names, formatted, strict=True))
    for name, text in artifacts.items():
        if name.endswith(".json"):
            result[name] = normalize_plan_json(text, name=name)
    return {name: result[name] for name in artifacts}
