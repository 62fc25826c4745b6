"""The terminal dashboard (rich): totals, flip readiness and its blockers, families, root causes."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ttmigrate.report.model import CATEGORIES
from ttmigrate.report.summary import Summary

CATEGORY_STYLES: dict[str, str] = {
    "parity": "green",
    "improved": "cyan",
    "diverged": "yellow",
    "regressed": "bold red",
    "both-wrong": "red",
    "ir-unsupported": "magenta",
    "error": "bold white on red",
}
TOP_CAUSES = 10
MAX_BLOCKERS = 25


def dashboard(summary: Summary) -> RenderableType:
    meta = summary.results.meta
    parts: list[RenderableType] = []
    header = Text(f"ttmigrate {meta.tool_version} · {summary.kernel_count} kernels · ")
    header.append(f"commit {meta.git_commit[:12] if meta.git_commit else 'unknown'}")
    if not meta.complete:
        header.append(f" · selection: {' '.join(meta.selection)}", style="yellow")
    parts.append(header)

    totals = Table(title="Kernels per category", show_edge=False)
    totals.add_column("category")
    totals.add_column("kernels", justify="right")
    totals.add_column("share", justify="right")
    for category in CATEGORIES:
        count = summary.totals[category]
        share = f"{100 * count / summary.kernel_count:.0f}%" if summary.kernel_count else "-"
        totals.add_row(Text(category, style=CATEGORY_STYLES[category]), str(count), share)
    totals.add_row(Text("total", style="bold"), str(summary.kernel_count), "")
    parts.append(totals)

    gate = summary.gate
    if gate.ready:
        text = Text("Flip: READY", style="bold green")
        text.append(f" — {len(gate.flipped)} kernels to ir_driven, {len(gate.pins)} pinned to template")
        parts.append(text)
    else:
        lines = Text(f"Flip: BLOCKED by {len(gate.blockers)} blocker(s)\n", style="bold red")
        for blocker in gate.blockers[:MAX_BLOCKERS]:
            lines.append(f"  {blocker}\n", style="red")
        if len(gate.blockers) > MAX_BLOCKERS:
            lines.append(f"  … and {len(gate.blockers) - MAX_BLOCKERS} more\n")
        parts.append(lines)

    families = Table(title="Per family")
    families.add_column(
        "family", no_wrap=True, min_width=max((len(r.family) for r in summary.families), default=6)
    )
    for category in CATEGORIES:  # headers fold at the hyphen so narrow terminals keep every count
        families.add_column(
            category.replace("-", "-\n"), justify="right", style=CATEGORY_STYLES[category], min_width=3
        )
    families.add_column("total", justify="right")
    for row in summary.families:
        families.add_row(row.family, *[str(row.counts[c] or "·") for c in CATEGORIES], str(row.total))
    parts.append(families)

    causes = summary.root_causes
    cause_table = Table(title=f"Root causes: {causes.headline()}")
    cause_table.add_column("kernels", justify="right")
    cause_table.add_column("root cause")
    cause_table.add_column("example")
    for cause in causes.causes[:TOP_CAUSES]:
        names = ", ".join(cause.kernels[:4]) + (" …" if len(cause.kernels) > 4 else "")
        cause_table.add_row(str(len(cause.kernels)), Text(cause.key), Text(f"{cause.example}\n({names})"))
    parts.append(cause_table)

    if summary.changes:
        changes = Text("Since baseline:\n", style="bold")
        for kind, kernels in summary.changes.items():
            listed = ", ".join(kernels[:8]) + (" …" if len(kernels) > 8 else "")
            changes.append(f"  {kind}: {len(kernels)} ({listed})\n")
        parts.append(changes)
    return Panel(Group(*parts), title="ttmigrate parity")


def render(summary: Summary, console: Console) -> None:
    console.print(dashboard(summary))


def render_text(summary: Summary, *, width: int = 120) -> str:
    """The dashboard as plain text (no colour codes), e.g. for --out or tests."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    render(summary, console)
    return buffer.getvalue()


def trend(*, sparkline: str, first: tuple[int, int], last: tuple[int, int], runs: int) -> RenderableType:
    """The parity trend over recorded runs (`ttmigrate report --history`): one bar per run, oldest
    first; `first`/`last` are (parity, total) of the oldest and newest run."""
    line = Text(f"Parity over {runs} run{'s' * (runs != 1)}: ")
    line.append(sparkline, style="green")
    line.append(f"  {first[0]}/{first[1]} → {last[0]}/{last[1]}")
    return line
