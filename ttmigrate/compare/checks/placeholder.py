"""no-placeholder: code never carries placeholder text (lesson 4 of migration-lessons).

In C++ artifacts only code counts: identifiers, string literals, everything outside comments. A
comment is prose for a reader (real tt-metal headers carry `// TODO(AP): ...` notes); a placeholder
the generator prints in place of code is code (`unsupported_op(...)`, `"TODO"`). Other artifacts
(tt.plan.json) have no comments, so all of their text counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ttmigrate.compare.finding import Finding
from ttmigrate.compare.preprocess import strip_comments

_CPP_SUFFIXES = (".cpp", ".cc", ".hpp", ".h")

PLACEHOLDER = re.compile(
    r"(?i)\b(unsupported|todo|fixme|xxx|hack|mock(?:ed)?|stub(?:bed)?|placeholder|not[ _]implemented|unimplemented)\b"
)


def check_placeholders(artifacts: Mapping[str, str]) -> list[Finding]:
    findings: list[Finding] = []
    for name, text in artifacts.items():
        code = strip_comments(text).splitlines() if name.endswith(_CPP_SUFFIXES) else None
        for number, line in enumerate(text.splitlines(), start=1):
            match = PLACEHOLDER.search(code[number - 1] if code is not None else line)
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
