"""Provenance headers: rendering, splitting, content-only comparison."""

from __future__ import annotations

import json

import pytest

from ttmigrate.snapshot.header import (
    MARKER,
    HeaderError,
    Provenance,
    content_of,
    content_of_any,
    join_golden,
    split_golden,
)

PROV = Provenance("corpus/gemm/gemm_128.py", "ab" * 32, "template", "0.1.0", "23.1.5", "cd" * 32)


def test_cpp_header_round_trip() -> None:
    body = "void kernel_main() {}\n"
    text = join_golden(provenance=PROV, body=body, name="reader.cpp")
    assert text.startswith(MARKER + "\n// kernel: corpus/gemm/gemm_128.py\n")
    assert "// mode: template\n" in text and "// clang-format: 23.1.5\n" in text
    assert split_golden(text, name="reader.cpp") == (PROV, body)
    assert content_of_any(text) == body


def test_cpp_body_starting_with_comments_is_kept_whole() -> None:
    body = "// reads A then B\n\nvoid kernel_main() {}\n"
    text = join_golden(provenance=PROV, body=body, name="reader.cpp")
    assert split_golden(text, name="reader.cpp") == (PROV, body)


def test_plan_header_keeps_valid_json() -> None:
    body = json.dumps({"b": 1, "a": {"z": 2, "y": 3}}, sort_keys=True, indent=2) + "\n"
    text = join_golden(provenance=PROV, body=body, name="tt.plan.json")
    data = json.loads(text)
    assert list(data) == ["_provenance", "a", "b"]
    assert data["_provenance"]["source_sha256"] == "ab" * 32
    assert split_golden(text, name="tt.plan.json") == (PROV, body)
    assert content_of_any(text) == body


def test_plan_with_own_provenance_key_is_an_error() -> None:
    with pytest.raises(HeaderError, match="_provenance"):
        join_golden(provenance=PROV, body='{"_provenance": 1}\n', name="tt.plan.json")


def test_header_change_alone_keeps_content_equal() -> None:
    other = Provenance(PROV.source_path, "ef" * 32, "template", "0.2.0", "23.1.5", "cd" * 32)
    for name, body in (("main.cpp", "int main() {}\n"), ("tt.plan.json", '{\n  "a": 1\n}\n')):
        a = join_golden(provenance=PROV, body=body, name=name)
        b = join_golden(provenance=other, body=body, name=name)
        assert a != b
        assert content_of(a, name=name) == content_of(b, name=name) == body


def test_text_without_header() -> None:
    assert split_golden("int a;\n", name="reader.cpp") == (None, "int a;\n")
    assert content_of("not json", name="tt.plan.json") == "not json"
