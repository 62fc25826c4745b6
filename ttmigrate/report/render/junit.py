"""JUnit XML: one testcase per kernel (classname = family, name = kernel).

- parity, improved: pass;
- diverged: pass when listed in expected_divergences (the reason goes to system-out), else failure;
- regressed, both-wrong, error: failure, with `type` = the category and the reason and log as text;
- ir-unsupported: skipped, with the construct as the message (the flip pins it to template).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ttmigrate.escape import terminal_safe
from ttmigrate.report.model import BOTH_WRONG, DIVERGED, ERROR, IR_UNSUPPORTED, REGRESSED, KernelResult
from ttmigrate.report.summary import Summary

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Terminal control characters shown as escapes (a JUnit file is read in terminals and CI logs
    too: C1 controls such as U+009B are valid XML but still drive a terminal); what XML cannot hold
    at all becomes U+FFFD."""
    return _XML_INVALID.sub("\ufffd", terminal_safe(text))


def _detail(kernel: KernelResult) -> str:
    lines = [kernel.reason, *kernel.notes]
    if kernel.root_cause:
        lines.append(f"root cause: {kernel.root_cause}")
    for parity in kernel.parity:
        lines += [f"{parity.artifact} [{parity.level}]: {d}" for d in parity.differences]
    for mode in kernel.modes.values():
        lines += [f"{mode.mode} {f.place}: [{f.rule}] {f.message}" for f in mode.findings]
        if mode.emulation is not None:
            e = mode.emulation
            lines.append(
                f"{mode.mode} emulation: {e.status} max_abs_err={e.max_abs_err} pcc={e.pcc} {e.detail}"
            )
    lines += [f"{err.stage}: {err.kind}: {err.message}\n{err.log}" for err in kernel.all_errors()]
    return _clean("\n".join(lines))


def render_junit(summary: Summary) -> str:
    expected = set(summary.gate.expected_in_use)
    suite = ET.Element("testsuite", name="ttmigrate.parity")
    failures = skipped = 0
    for kernel in sorted(summary.results.kernels, key=lambda k: (k.family, k.name)):
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_clean(kernel.family),
            name=_clean(kernel.name),
            time=f"{kernel.timings.get('total', 0.0):.3f}",
        )
        failing = kernel.category in (REGRESSED, BOTH_WRONG, ERROR) or (
            kernel.category == DIVERGED and kernel.name not in expected
        )
        if failing:
            failures += 1
            failure = ET.SubElement(case, "failure", type=kernel.category, message=_clean(kernel.reason))
            failure.text = _detail(kernel)
        elif kernel.category == IR_UNSUPPORTED:
            skipped += 1
            ET.SubElement(case, "skipped", message=_clean(kernel.reason))
        elif kernel.category == DIVERGED:
            out = ET.SubElement(case, "system-out")
            out.text = _clean(f"expected divergence: {kernel.expected_divergence or ''}\n{kernel.reason}")
    suite.set("tests", str(len(summary.results.kernels)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
