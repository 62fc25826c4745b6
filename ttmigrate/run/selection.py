"""Which kernels a run covers: names, `family/name`, globs, `tag:X`, `family:X`, `@file` lists.

A selector that matches nothing is an error (a typo must not silently shrink the run). `@file`
holds one selector per line; blank lines and `#` comments are ignored (so the retry list written by
`ttmigrate run --baseline` is a valid selection file).

`plan_shards` splits a selection into N balanced, deterministic shards (`ttmigrate run --shard K/N`).
"""

from __future__ import annotations

import difflib
import fnmatch
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_GLOB_CHARS = set("*?[")


class SelectionError(ValueError):
    """A selector matched nothing, or a selection file cannot be read."""


@dataclass(frozen=True)
class Candidate:
    """What selection needs to know about one corpus entry (loaded or broken)."""

    name: str
    family: str
    tags: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.family}/{self.name}"


def expand_selectors(
    selectors: Sequence[str], *, _seen: frozenset[Path] = frozenset()
) -> list[tuple[str, str]]:
    """(selector, where it came from) with every `@file` replaced by its lines."""
    out: list[tuple[str, str]] = []
    for selector in selectors:
        if not selector.startswith("@"):
            out.append((selector, "command line"))
            continue
        path = Path(selector[1:])
        if path.resolve() in _seen:
            raise SelectionError(f"{path}: selection file includes itself")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise SelectionError(f"{path}: cannot read selection file: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise SelectionError(f"{path}: not a UTF-8 text file (byte {exc.start})") from exc
        for number, line in enumerate(lines, 1):
            text = line.split("#", 1)[0].strip()
            if not text:
                continue
            if text.startswith("@"):
                nested = expand_selectors([text], _seen=_seen | {path.resolve()})
                out.extend(nested)
            else:
                out.append((text, f"{path}:{number}"))
    return out


def _matches(selector: str, candidate: Candidate) -> bool:
    if selector.startswith("tag:"):
        return selector[4:] in candidate.tags
    if selector.startswith("family:"):
        return fnmatch.fnmatchcase(candidate.family, selector[7:])
    if _GLOB_CHARS & set(selector):
        # A glob matches kernel names; family/kernel only when it contains "/" (so gemm_* is not
        # also every kernel of the gemm_batched family).
        return fnmatch.fnmatchcase(candidate.qualified if "/" in selector else candidate.name, selector)
    return selector in (candidate.name, candidate.qualified)


def select(selectors: Sequence[str], candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates matched by any selector, in corpus order; all of them when no selector."""
    if not selectors:
        return list(candidates)
    expanded = expand_selectors(selectors)
    if not expanded:
        raise SelectionError(f"the selection {' '.join(selectors)} is empty")
    chosen: set[str] = set()
    for selector, where in expanded:
        hits = [c for c in candidates if _matches(selector, c)]
        if not hits:
            if where != "command line":
                # From a file: name the line, never echo it (`@/etc/passwd` must not print a line).
                raise SelectionError(f"{where}: the selector on this line matches no corpus kernel")
            names = [c.name for c in candidates] + [c.qualified for c in candidates]
            close = difflib.get_close_matches(selector, names, n=3)
            hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
            raise SelectionError(f"{where}: selector {selector!r} matches no corpus kernel{hint}")
        chosen.update(c.qualified for c in hits)
    return [c for c in candidates if c.qualified in chosen]


# --- sharding: `ttmigrate run --shard K/N` -----------------------------------------------------------


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `total` (1-based, as CI matrices count)."""

    index: int
    total: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """'K/N' with 1 <= K <= N; ValueError naming the text otherwise."""
        head, sep, tail = text.partition("/")
        if not sep or not head.strip().isdigit() or not tail.strip().isdigit():
            raise ValueError(f"shard {text!r} is not K/N (e.g. 2/4)")
        index, total = int(head), int(tail)
        if total < 1 or not 1 <= index <= total:
            raise ValueError(f"shard {text!r}: K must be between 1 and N, and N at least 1")
        return cls(index, total)

    @property
    def label(self) -> str:
        return f"{self.index}/{self.total}"


def _hash_order(qualified: str) -> str:
    return hashlib.sha256(qualified.encode()).hexdigest()


def plan_shards(
    qualified: Sequence[str], *, total: int, durations: Mapping[str, float] | None = None
) -> list[list[str]]:
    """Every selected kernel in exactly one of `total` shards, balanced and deterministic.

    With durations (seconds per `family/name`, from an earlier results.json): longest first, each to
    the currently lightest shard (pytest-split's `least_duration`); a kernel without a recorded
    duration counts as the mean of the known ones. Without durations: kernels in the order of their
    name's sha256, dealt round-robin (equal counts, stable when kernels are added elsewhere).
    Ties go to the lowest shard, so every shard computes the same plan from the same inputs."""
    known = {name: durations[name] for name in qualified if durations and name in durations}
    shards: list[list[str]] = [[] for _ in range(total)]
    if not known:
        for position, name in enumerate(sorted(qualified, key=_hash_order)):
            shards[position % total].append(name)
    else:
        mean = sum(known.values()) / len(known)
        loads = [0.0] * total
        for name in sorted(qualified, key=lambda n: (-known.get(n, mean), _hash_order(n))):
            lightest = min(range(total), key=lambda i: (loads[i], i))
            shards[lightest].append(name)
            loads[lightest] += known.get(name, mean)
    order = {name: i for i, name in enumerate(qualified)}
    return [sorted(shard, key=order.__getitem__) for shard in shards]
