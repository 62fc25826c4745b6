"""no-placeholder: generated code never carries placeholder text (lesson 4 of migration-lessons)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ttmigrate.compare.checks.finding import Finding

PLACEHOLDER = re.compile(
    r"(?i)\b(unsupported|todo|fixme|xxx|hack|mock(?:ed)?|stub(?:bed)?|placeholder|not[ _]implemented|unimplemented)\b"
)


def check_placeholders(artifacts: Mapping[str, str]) -> list[Finding]:
    findings: list[Finding] = []
    for name, text in artifacts.items():
        for number, line in enumerate(text.splitlines(), start=1):
            match = PLACEHOLDER.search(line)
            if match:
                findings.append(
                    Finding(
                        name,
                        number,
                        "no-placeholder",
                        f"{name}: placeholder text {match.group(0)!r}: {line.strip()}",
                    )
                )
    return findings
