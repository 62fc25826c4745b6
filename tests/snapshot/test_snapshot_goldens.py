"""The committed goldens themselves: each is at a valid place, carries a readable provenance header
that matches its folder, and its content is already normalised (normalising again changes nothing)."""

from __future__ import annotations

import json

from ttmigrate.normalize import normalize_cpp_many, normalize_plan_json
from ttmigrate.snapshot.header import split_golden
from ttmigrate.snapshot.layout import (
    UNSUPPORTED,
    GoldenKey,
    is_write_leftover,
    iter_files,
    relpath,
    repo_root,
)

ROOT = repo_root() / "snapshots"


def test_committed_goldens_are_well_formed_and_normalised() -> None:
    goldens = [p for p in iter_files(ROOT) if not p.name.endswith(".new") and not is_write_leftover(p)]
    assert goldens, "no goldens under snapshots/ (run pytest tests/test_snapshots.py --snapshot-update)"
    cpp: dict[str, str] = {}
    for path in goldens:
        rel = relpath(ROOT, path)
        key = GoldenKey.parse(rel)
        assert key is not None, rel
        text = path.read_text()
        provenance, body = split_golden(text, name=key.name)
        assert provenance is not None, f"{rel}: no provenance header"
        assert provenance.mode == key.mode, rel
        assert provenance.source_path == f"corpus/{key.family}/{key.kernel}.py", rel
        if key.name.endswith(".json"):
            assert normalize_plan_json(body) == body, rel
            assert next(iter(json.loads(text))) == "_provenance", rel
        elif key.name == UNSUPPORTED:
            assert body.strip(), f"{rel}: empty UNSUPPORTED message"
        else:
            cpp[rel] = body
    renormalised = normalize_cpp_many(texts=list(cpp.values()))
    changed = [rel for rel, again in zip(cpp, renormalised, strict=True) if again != cpp[rel]]
    assert not changed, f"not idempotent: {changed[:5]}"
