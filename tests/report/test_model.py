"""results.json round-trips through the typed model and refuses what it cannot read."""

from __future__ import annotations

import json

import pytest

from ttmigrate.report import load_results
from ttmigrate.report.model import SCHEMA_VERSION, ResultsError, RunResults

from .synthetic import one_of_each


def test_round_trip_is_lossless(tmp_path) -> None:
    run = one_of_each()
    text = run.to_json()
    back = RunResults.from_json(text)
    assert back == run
    assert back.to_json() == text
    path = tmp_path / "results.json"
    path.write_text(text)
    assert load_results(path) == run


def test_schema_version_is_checked() -> None:
    data = json.loads(one_of_each().to_json())
    assert data["meta"]["schema_version"] == SCHEMA_VERSION
    data["meta"]["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(ResultsError, match="schema_version"):
        RunResults.from_json(json.dumps(data))


def test_wrong_type_names_the_field() -> None:
    data = json.loads(one_of_each().to_json())
    data["kernels"][3]["modes"]["ir_driven"]["emulation"]["pcc"] = "high"
    with pytest.raises(
        ResultsError, match=r"kernels\[3\]\.modes\.ir_driven\.emulation\.pcc: 'high' is not of type 'number'"
    ):
        RunResults.from_json(json.dumps(data))


def test_missing_required_field_and_bad_json() -> None:
    data = json.loads(one_of_each().to_json())
    del data["kernels"][0]["name"]
    with pytest.raises(ResultsError, match=r"kernels\[0\]: 'name' is a required property"):
        RunResults.from_json(json.dumps(data))
    with pytest.raises(ResultsError, match="not JSON"):
        RunResults.from_json("{", source="x.json")
