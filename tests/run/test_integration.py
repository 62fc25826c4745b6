"""`ttmigrate run` end to end on two real corpus kernels (in two worker processes): real lowering,
emitters, clang-format, semantic diff, protocol checks and g++-compiled emulation; then every report
format from the real results.json, and the HTML in headless Chromium."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from report.browser import Dom, ensure_chromium, open_page

from ttmigrate.cli import main
from ttmigrate.report import load_results
from ttmigrate.report.classify import classify
from ttmigrate.report.model import CATEGORIES, EMULATION_STATUSES, RunResults

KERNELS = ("add_32", "gemm_64")
CORPUS = Path(__file__).resolve().parents[2] / "corpus"
ARTIFACTS = {"reader.cpp", "compute.cpp", "writer.cpp", "main.cpp", "tt.plan.json"}
LEVELS = {"L0", "L1", "L2", "L3", "L4", "divergent"}


@pytest.fixture(scope="session")
def chromium() -> str:
    return ensure_chromium()


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    outcome = CliRunner().invoke(
        main, ["run", *KERNELS, "--corpus", str(CORPUS), "--out-dir", str(out), "--jobs", "2"]
    )
    assert outcome.exit_code == 0, outcome.output
    assert f"results: {out / 'results.json'}" in outcome.output
    return out


def test_results_cover_both_modes_of_each_selected_kernel(run_dir: Path) -> None:
    results = load_results(run_dir / "results.json")
    assert sorted(k.name for k in results.kernels) == sorted(KERNELS)
    assert results.meta.selection == list(KERNELS) and results.meta.complete is False
    assert results.meta.dependencies["apache-tvm"] == "0.27.0.post1"
    for kernel in results.kernels:
        assert kernel.category in CATEGORIES
        for mode in ("template", "ir_driven"):
            result = kernel.modes[mode]
            assert result.errors == [], [e.log for e in result.errors]
            if result.unsupported is None:
                assert set(result.artifacts) == ARTIFACTS
                assert result.emulation is not None and result.emulation.status in EMULATION_STATUSES
                assert set(result.snapshot) >= ARTIFACTS
        if all(m.unsupported is None for m in kernel.modes.values()):
            assert {p.artifact for p in kernel.parity} == ARTIFACTS
            assert {p.level for p in kernel.parity} <= LEVELS
        stored = (kernel.category, kernel.reason, kernel.root_cause)
        again = classify(RunResults.from_json(results.to_json()).kernels[results.kernels.index(kernel)])
        assert (again.category, again.reason, again.root_cause) == stored


def test_every_report_renders_from_real_results(run_dir: Path, chromium: str, tmp_path: Path) -> None:
    runner = CliRunner()
    reports = run_dir / "reports"
    for fmt, name in [
        ("html", "parity.html"),
        ("md", "parity.md"),
        ("junit", "parity.xml"),
        ("json", "parity.json"),
    ]:
        done = runner.invoke(
            main,
            [
                "report",
                "--results",
                str(run_dir / "results.json"),
                "--format",
                fmt,
                "--out",
                str(reports / name),
            ],
        )
        assert done.exit_code == 0, done.output
    suite = ET.parse(reports / "parity.xml").getroot().find("testsuite")
    assert suite is not None and sorted(c.get("name") for c in suite.iter("testcase")) == sorted(KERNELS)
    dom_text, console = open_page(chromium, (reports / "parity.html").as_uri(), tmp_path / "profile")
    assert console == [], console
    dom = Dom()
    dom.feed(dom_text)
    assert dom.body.get("data-ready") == "1"
    assert sorted(row["data-kernel"] or "" for row in dom.rows) == sorted(KERNELS)
