"""The Python side of the emulation stage on its own: tolerances, PCC, fault-line parsing, inputs."""

from __future__ import annotations

import numpy as np
import pytest

from ttmigrate.emulate import TensorSpec, Tolerance, pcc
from ttmigrate.emulate.compare import compare_tensor, default_tolerance
from ttmigrate.emulate.faults import classify, parse_fault
from ttmigrate.emulate.harness import specs_from_params
from ttmigrate.emulate.tensors import make_inputs, round_to_bfloat16

TOL = Tolerance(atol=0.01, rtol=0.01, min_pcc=0.99)


def test_bfloat16_rounding_is_nearest_even() -> None:
    halfway_down = 1.0 + 2.0**-8  # between 1.0 and 1 + 2**-7: ties to the even 1.0
    halfway_up = 1.0 + 3 * 2.0**-8  # between 1 + 2**-7 and 1 + 2**-6: ties to even 1 + 2**-6
    above = 1.0 + 2.0**-8 + 2.0**-12
    rounded = round_to_bfloat16(np.array([halfway_down, halfway_up, above], dtype=np.float32))
    assert rounded.tolist() == [1.0, 1.0 + 2.0**-6, 1.0 + 2.0**-7]


def test_inputs_are_seeded_per_name_and_bfloat16() -> None:
    specs = [
        TensorSpec(name="A", shape=(4, 8), dtype="bfloat16", role="input"),
        TensorSpec(name="C", shape=(4, 8), dtype="bfloat16", role="output"),
    ]
    first = make_inputs(specs, seed=1)
    with_extra = make_inputs(
        [TensorSpec(name="Z", shape=(3,), dtype="float32", role="input"), *specs], seed=1
    )
    assert sorted(first) == ["A"]
    assert np.array_equal(first["A"], with_extra["A"])
    assert not np.array_equal(first["A"], make_inputs(specs, seed=2)["A"])
    assert np.array_equal(first["A"], round_to_bfloat16(first["A"]))
    assert first["A"].min() >= -1.0 and first["A"].max() <= 1.0


def test_pcc_edge_cases() -> None:
    x = np.arange(10.0)
    assert pcc(x, 2 * x + 1) == pytest.approx(1.0)
    assert pcc(x, -x) == pytest.approx(-1.0)
    assert pcc(np.ones(5), np.ones(5)) == 1.0
    assert pcc(np.ones(5), np.arange(5.0)) == 0.0
    assert pcc(np.array([1.0, np.nan]), np.array([1.0, 2.0])) == 0.0


def test_compare_passes_within_and_fails_outside_tolerance() -> None:
    expected = np.linspace(-2, 2, 64).reshape(8, 8)
    inside = compare_tensor(name="C", actual=expected * 1.005, expected=expected, tolerance=TOL)
    outside = expected.copy()
    outside[2, 3] += 0.5
    failed = compare_tensor(name="C", actual=outside, expected=expected, tolerance=TOL)
    assert inside.passed and inside.mismatches == 0
    assert not failed.passed and failed.mismatches == 1
    assert failed.first_mismatch.startswith("C[2, 3]: got")
    assert failed.max_abs_err == pytest.approx(0.5)


def test_compare_treats_nan_and_shape_as_mismatches() -> None:
    expected = np.ones((2, 2))
    with_nan = compare_tensor(
        name="C", actual=np.array([[1.0, np.nan], [1.0, 1.0]]), expected=expected, tolerance=TOL
    )
    reshaped = compare_tensor(name="C", actual=np.ones(4), expected=expected, tolerance=TOL)
    assert not with_nan.passed and with_nan.mismatches == 1
    assert not reshaped.passed and "shape" in reshaped.first_mismatch


def test_default_tolerances_and_overrides() -> None:
    bf16 = default_tolerance("bfloat16")
    # the host stores float32 tensors as float32 (std::vector<float>), so they are judged as float32
    assert default_tolerance("float32") == Tolerance(atol=1e-5, rtol=1e-5, min_pcc=0.99999)
    # float16 is stored as IEEE half (Metalium Float16): 3 more significant bits than bfloat16
    assert default_tolerance("float16").rtol < bf16.rtol
    assert Tolerance.from_mapping({"atol": 0.5}, base=bf16) == Tolerance(
        atol=0.5, rtol=bf16.rtol, min_pcc=bf16.min_pcc
    )
    assert Tolerance.from_mapping({"pcc": 0.99}, base=bf16).min_pcc == 0.99
    with pytest.raises(ValueError, match="both"):
        Tolerance.from_mapping({"pcc": 0.99, "min_pcc": 0.98}, base=bf16)
    with pytest.raises(ValueError, match="unknown tolerance keys"):
        Tolerance.from_mapping({"abs": 0.5}, base=bf16)
    with pytest.raises(ValueError, match="not supported"):
        default_tolerance("int32")


def test_fault_line_parsing() -> None:
    stderr = (
        "some output\n"
        'TTSIM-FAULT {"kind":"runtime-arg-unset","core":[3,1],"kernel":"writer.cpp","message":"m","index":2,"cb":16}\n'
        'TTSIM-FAULT {"kind":"later"}\n'
    )
    fault = parse_fault(stderr)
    assert fault is not None
    assert (fault.kind, fault.core, fault.kernel, fault.cb, fault.fields["index"]) == (
        "runtime-arg-unset",
        (3, 1),
        "writer.cpp",
        16,
        2,
    )
    assert classify(returncode=86, stderr=stderr) == ("fault", fault)
    deadlock = classify(returncode=87, stderr='TTSIM-FAULT {"kind":"deadlock","message":"x"}')
    assert deadlock is not None and deadlock[0] == "deadlock"


def test_exit_without_fault_line() -> None:
    assert classify(returncode=0, stderr="") is None
    killed = classify(returncode=-11, stderr="")
    assert killed is not None and killed[0] == "fault" and "SIGSEGV" in killed[1].message
    exited = classify(returncode=3, stderr="TTSIM-FAULT {not json")
    assert exited is not None and exited[1].kind == "exit-code"


def test_specs_from_params_roles() -> None:
    params = [("A", [2, 3], "bfloat16"), ("C", (2, 3), "bfloat16"), ("X", (1,), "bfloat16")]
    specs = specs_from_params(params=params, inputs=["A"], outputs=["C"])
    assert [(s.name, s.shape, s.role) for s in specs] == [
        ("A", (2, 3), "input"),
        ("C", (2, 3), "output"),
        ("X", (1,), "unused"),
    ]
    assert sorted(make_inputs(specs, seed=0)) == ["A", "X"]  # the host may still upload X
