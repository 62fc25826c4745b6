"""Markdown summary for CI job summaries (GitHub caps a step summary at 1 MiB).

Sections in priority order: totals, flip gate, families, root causes, changes, then one line per
failing kernel. The text is built section by section and stops before `MAX_BYTES` with a note
saying how much was left out; kernel text is escaped (GitHub renders inline HTML).
"""

from __future__ import annotations

from ttmigrate.escape import terminal_safe
from ttmigrate.report.model import CATEGORIES
from ttmigrate.report.summary import Summary

MAX_BYTES = 1024 * 1024 - 4096  # keep clear of the 1 MiB cap, room for the truncation note
_ESCAPES = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "\\|", "`": "\\`", "\n": " ", "\r": " "}
)


def escape(text: str) -> str:
    # Terminal control characters first (a summary is also read with `cat`), then Markdown/HTML.
    return terminal_safe(text).translate(_ESCAPES)


def _lines(summary: Summary) -> list[tuple[str, list[str]]]:
    """(section name, lines) in priority order."""
    meta = summary.results.meta
    sections: list[tuple[str, list[str]]] = []
    head = [
        "# ttmigrate parity report",
        "",
        f"{summary.kernel_count} kernels · ttmigrate {escape(meta.tool_version)} · "
        f"commit `{escape(meta.git_commit or 'unknown')}` · corpus `{escape(meta.corpus_hash[:12])}`"
        + ("" if meta.complete else f" · **selection**: {escape(' '.join(meta.selection))}"),
        "",
        f"**{escape(summary.default_mode)}**",
        "",
        "| " + " | ".join(CATEGORIES) + " | total |",
        "|" + "---:|" * (len(CATEGORIES) + 1),
        "| " + " | ".join(str(summary.totals[c]) for c in CATEGORIES) + f" | {summary.kernel_count} |",
        "",
    ]
    sections.append(("totals", head))
    gate = summary.gate
    if gate.ready:
        gate_lines = [
            f"**Flip: ready.** {len(gate.flipped)} kernels move to ir_driven, {len(gate.pins)} stay pinned to template.",
            "",
        ]
    else:
        gate_lines = [f"**Flip: blocked** by {len(gate.blockers)} blocker(s):", ""]
        gate_lines += [f"- `{b.kind}` {escape(b.kernel or '')}: {escape(b.message)}" for b in gate.blockers]
        gate_lines.append("")
    sections.append(("flip gate", gate_lines))
    fam = [
        "## Families",
        "",
        "| family | " + " | ".join(CATEGORIES) + " | total |",
        "|---|" + "---:|" * (len(CATEGORIES) + 1),
    ]
    fam += [
        f"| {escape(r.family)} | " + " | ".join(str(r.counts[c]) for c in CATEGORIES) + f" | {r.total} |"
        for r in summary.families
    ]
    sections.append(("families", [*fam, ""]))
    causes = summary.root_causes
    cause_lines = [
        f"## Root causes: {causes.headline()}",
        "",
        "| kernels | root cause | example |",
        "|---:|---|---|",
    ]
    cause_lines += [
        f"| {len(c.kernels)} | `{escape(c.key)}` | {escape(c.example)} ({escape(', '.join(c.kernels))}) |"
        for c in causes.causes
    ]
    sections.append(("root causes", [*cause_lines, ""]))
    if summary.changes:
        change_lines = ["## Since baseline", ""]
        change_lines += [
            f"- **{kind}** ({len(names)}): {escape(', '.join(names))}"
            for kind, names in summary.changes.items()
        ]
        sections.append(("changes", [*change_lines, ""]))
    failing = ["## Failing kernels", "", "| kernel | family | category | reason |", "|---|---|---|---|"]
    failing += [
        f"| {escape(k.name)} | {escape(k.family)} | {k.category} | {escape(k.reason)} |"
        for k in sorted(summary.failing, key=lambda k: (CATEGORIES.index(k.category), k.name))
    ]
    sections.append(("failing kernels", failing))
    return sections


def render_markdown(summary: Summary, *, max_bytes: int = MAX_BYTES) -> str:
    out: list[str] = []
    used = 0
    sections = _lines(summary)
    total = sum(len(lines) for _name, lines in sections)
    written = 0
    for name, lines in sections:
        for line in lines:
            size = len(line.encode("utf-8")) + 1
            if used + size > max_bytes:
                out.append("")
                out.append(
                    f"> **Truncated** in section *{name}*: {total - written} of {total} lines left out to stay under "
                    f"{max_bytes} bytes. The HTML and JSON reports have everything."
                )
                return "\n".join(out) + "\n"
            out.append(line)
            used += size
            written += 1
    return "\n".join(out) + "\n"
