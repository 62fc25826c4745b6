"""results.json is a contract: docs/results.schema.json (JSON Schema, checked with jsonschema on
every read), strict JSON both ways, one result per kernel; every malformed file is one clear
ResultsError naming the place, never a traceback or a silently wrong report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from report.synthetic import one_of_each
from ttmigrate.report import ResultsError, load_results
from ttmigrate.report.model import SCHEMA_PATH, Emulation, RunResults

DOCS_SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "results.schema.json"


def _data() -> dict:
    return json.loads(one_of_each().to_json())


def _read(tmp_path: Path, payload: bytes | str) -> RunResults:
    path = tmp_path / "results.json"
    path.write_bytes(payload if isinstance(payload, bytes) else payload.encode())
    return load_results(path)


def test_the_published_schema_is_the_one_read(tmp_path: Path) -> None:
    assert DOCS_SCHEMA.read_bytes() == SCHEMA_PATH.read_bytes()
    schema = json.loads(DOCS_SCHEMA.read_text())
    assert schema["$schema"].endswith("2020-12/schema")
    assert _read(tmp_path, one_of_each().to_json()).kernels  # a real file validates


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["kernels"][0].update(category="fine"), r"kernels\[0\]\.category: 'fine' is not one of"),
        (lambda d: d["kernels"][0].update(surprise=1), r"kernels\[0\]: Additional properties"),
        (lambda d: d["kernels"].append(dict(d["kernels"][0])), r"kernel \w+/\w+ appears twice"),
        (lambda d: d["meta"].pop("complete"), r"meta: 'complete' is a required property"),
        (
            lambda d: d["kernels"][1]["modes"]["template"]["snapshot"].update({"x.cpp": "maybe"}),
            r"snapshot\.x\.cpp: 'maybe' is not one of",
        ),
    ],
)
def test_schema_violations_are_named(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    data = _data()
    edit(data)
    with pytest.raises(ResultsError, match=message):
        _read(tmp_path, json.dumps(data))


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_refused(tmp_path: Path, literal: str) -> None:
    text = one_of_each().to_json().replace('"pcc": 0.9999', f'"pcc": {literal}', 1)
    assert literal in text
    with pytest.raises(ResultsError, match="finite"):
        _read(tmp_path, text)


def test_repeated_keys_invalid_utf8_and_deep_nesting_are_clear_errors(tmp_path: Path) -> None:
    text = one_of_each().to_json()
    with pytest.raises(ResultsError, match="key 'complete' repeats"):
        _read(tmp_path, text.replace('"complete": true', '"complete": true, "complete": false', 1))
    with pytest.raises(ResultsError, match=r"not UTF-8 \(invalid byte at offset 3\)"):
        _read(tmp_path, b'{"m\xe0\xa4": 1}')
    with pytest.raises(ResultsError, match="nested too deeply"):
        _read(tmp_path, "[" * 100_000 + "]" * 100_000)


def test_results_are_written_as_strict_json() -> None:
    results = one_of_each()
    results.kernels[0].modes["template"].emulation = Emulation(status="correct", pcc=float("nan"))
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        results.to_json()


def test_the_schema_follows_the_model() -> None:
    """Every dataclass field is a schema property (and back), and the enumerations are the model's."""
    import dataclasses

    from ttmigrate.report import model

    schema = json.loads(SCHEMA_PATH.read_text())
    defs = schema["$defs"]
    for cls in (model.RunMeta, model.KernelResult, model.ModeResult, model.Finding, model.Emulation,
                model.Unsupported, model.ToolError, model.ArtifactParity):  # fmt: skip
        assert set(defs[cls.__name__]["properties"]) == {f.name for f in dataclasses.fields(cls)}, cls
    assert defs["KernelResult"]["properties"]["category"]["enum"] == list(model.CATEGORIES)
    assert defs["Emulation"]["properties"]["status"]["enum"] == list(model.EMULATION_STATUSES)
