"""One self-contained HTML page: inline CSS and JS, no network (a CSP forbids any fetch).

A row per kernel with filters by category and family (preset with `#category=...&family=...`), and a
drill-down per kernel (click the row, or open `#kernel=NAME`) with both modes' normalised artifacts side by side, the
semantic differences, protocol findings, emulation figures and error logs. Everything is rendered
here with every piece of kernel text passed through `html.escape`; the script only toggles the
`hidden` attribute, it never builds markup from data.
"""

from __future__ import annotations

from html import escape

from ttmigrate.report.categories import weakest_level
from ttmigrate.report.model import CATEGORIES, IR_DRIVEN, TEMPLATE, KernelResult, ModeResult
from ttmigrate.report.summary import Summary

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.4em}h3{font-size:1em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right}
.cat{padding:0 .4em;border-radius:3px;font-weight:600;white-space:nowrap}
.cat-parity{background:#d7f5dd}.cat-improved{background:#d5eefc}.cat-diverged{background:#fff2c2}
.cat-regressed{background:#ffc9c9}.cat-both-wrong{background:#ffdede}.cat-ir-unsupported{background:#eedcff}
.cat-error{background:#b00020;color:#fff}
tr.kernel-row{cursor:pointer}tr.kernel-row:hover{background:#f7f7ff}
.ready{color:#0a7d28;font-weight:700}.blocked{color:#b00020;font-weight:700}
.filters{margin:1em 0;display:flex;gap:1.5em;align-items:center}
.side{display:grid;grid-template-columns:1fr 1fr;gap:.5em}
pre{background:#fafafa;border:1px solid #ddd;padding:.5em;overflow:auto;max-height:32em;margin:0;font-size:12px}
.detail td{background:#fcfcfc}
"""

_JS = """
(function(){
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.kernel-row'));
  var cat = document.getElementById('f-category'), fam = document.getElementById('f-family');
  var shown = document.getElementById('shown');
  function apply(){
    var n = 0;
    rows.forEach(function(row){
      var ok = (!cat.value || row.getAttribute('data-category') === cat.value) &&
               (!fam.value || row.getAttribute('data-family') === fam.value);
      row.hidden = !ok;
      var detail = row.nextElementSibling;
      if (!ok && detail) { detail.hidden = true; }
      if (ok) { n++; }
    });
    shown.textContent = n + ' of ' + rows.length + ' kernels shown';
    var hash = [];
    if (cat.value) { hash.push('category=' + encodeURIComponent(cat.value)); }
    if (fam.value) { hash.push('family=' + encodeURIComponent(fam.value)); }
    if (history.replaceState) { history.replaceState(null, '', hash.length ? '#' + hash.join('&') : location.pathname); }
  }
  location.hash.replace(/^#/, '').split('&').forEach(function(part){
    var kv = part.split('='), value = decodeURIComponent(kv[1] || '');
    if (kv[0] === 'kernel') {
      rows.forEach(function(row){
        if (row.getAttribute('data-kernel') === value) { row.nextElementSibling.hidden = false; row.scrollIntoView(); }
      });
    }
    var select = kv[0] === 'category' ? cat : kv[0] === 'family' ? fam : null;
    if (select && Array.prototype.some.call(select.options, function(o){ return o.value === value; })) { select.value = value; }
  });
  cat.addEventListener('change', apply); fam.addEventListener('change', apply);
  rows.forEach(function(row){
    function toggle(){ var d = row.nextElementSibling; d.hidden = !d.hidden; }
    row.addEventListener('click', toggle);
    row.addEventListener('keydown', function(e){ if (e.key === 'Enter') { toggle(); } });
  });
  apply();
  document.body.setAttribute('data-ready', '1');
})();
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _emulation_cell(mode: ModeResult | None) -> str:
    if mode is None:
        return "—"
    if mode.unsupported is not None:
        return "unsupported"
    if mode.emulation is None:
        return _e(mode.status)
    return _e(mode.emulation.status)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _mode_figures(kernel: KernelResult) -> str:
    rows = []
    for name in (TEMPLATE, IR_DRIVEN):
        mode = kernel.mode(name)
        if mode is None:
            continue
        emu = mode.emulation
        cells = (
            [emu.status, _fmt(emu.max_abs_err), _fmt(emu.max_rel_err), _fmt(emu.pcc), emu.detail]
            if emu is not None
            else [mode.status, "—", "—", "—", ""]
        )
        snap = ", ".join(f"{a}: {s}" for a, s in sorted(mode.snapshot.items()) if s != "match") or "all match"
        timing = f"{sum(mode.timings.values()):.2f}s"
        rows.append(
            "<tr><th>"
            + _e(name)
            + "</th>"
            + "".join(f"<td>{_e(c)}</td>" for c in [*cells, snap, timing])
            + "</tr>"
        )
    head = "<tr><th>mode</th><th>emulation</th><th>max abs err</th><th>max rel err</th><th>PCC</th><th>detail</th><th>snapshots</th><th>time</th></tr>"
    return f"<h3>Emulation</h3><table>{head}{''.join(rows)}</table>"


def _findings(kernel: KernelResult) -> str:
    rows = [
        f"<tr><td>{_e(m.mode)}</td><td>{_e(f.artifact)}</td><td class='num'>{_e(f.line if f.line is not None else '')}</td>"
        f"<td>{_e(f.rule)}</td><td>{_e(f.message)}</td></tr>"
        for m in kernel.modes.values()
        for f in m.findings
    ]
    if not rows:
        return "<h3>Protocol findings</h3><p>none</p>"
    head = "<tr><th>mode</th><th>artifact</th><th>line</th><th>rule</th><th>message</th></tr>"
    return f"<h3>Protocol findings</h3><table>{head}{''.join(rows)}</table>"


def _differences(kernel: KernelResult) -> str:
    if not kernel.parity:
        return ""
    parts = [
        "<h3>Semantic differences (template → ir_driven)</h3><table><tr><th>artifact</th><th>level</th><th>differences</th></tr>"
    ]
    for p in kernel.parity:
        items = "".join(f"<li>{_e(d)}</li>" for d in p.differences) or "<li>none</li>"
        script = (
            f"<details><summary>edit script ({len(p.edit_script)})</summary><pre>{_e(chr(10).join(p.edit_script))}</pre></details>"
            if p.edit_script
            else ""
        )
        parts.append(
            f"<tr><td>{_e(p.artifact)}</td><td>{_e(p.level)}</td><td><ul>{items}</ul>{script}</td></tr>"
        )
    parts.append("</table>")
    return "".join(parts)


def _side_by_side(kernel: KernelResult) -> str:
    template, ir = kernel.mode(TEMPLATE), kernel.mode(IR_DRIVEN)
    names: list[str] = []
    for mode in (template, ir):
        for artifact in mode.artifacts if mode else {}:
            if artifact not in names:
                names.append(artifact)
    if not names:
        return ""
    levels = {p.artifact: p.level for p in kernel.parity}
    parts = ["<h3>Normalised artifacts</h3>"]
    for artifact in names:
        left = template.artifacts.get(artifact, "") if template else ""
        right = ir.artifacts.get(artifact, "") if ir else ""
        level = f" — {levels[artifact]}" if artifact in levels else ""
        parts.append(
            f"<details><summary>{_e(artifact)}{_e(level)}</summary><div class='side'>"
            f"<div><b>template</b><pre>{_e(left)}</pre></div><div><b>ir_driven</b><pre>{_e(right)}</pre></div></div></details>"
        )
    return "".join(parts)


def _detail(kernel: KernelResult) -> str:
    facts = [f"<p><b>{_e(kernel.category)}</b>: {_e(kernel.reason)}</p>"]
    facts += [f"<p>note: {_e(n)}</p>" for n in kernel.notes]
    if kernel.root_cause:
        facts.append(f"<p>root cause: <code>{_e(kernel.root_cause)}</code></p>")
    if kernel.expected_divergence:
        facts.append(f"<p>expected divergence: {_e(kernel.expected_divergence)}</p>")
    if kernel.change:
        facts.append(
            f"<p>since baseline: {_e(kernel.change)} (was {_e(kernel.baseline_category or '—')})</p>"
        )
    ir = kernel.mode(IR_DRIVEN)
    if ir is not None and ir.unsupported is not None:
        u = ir.unsupported
        facts.append(
            f"<p>unsupported: <code>{_e(u.construct)}</code> ({_e(u.node_kind)} at {_e(u.location)}): {_e(u.message)}</p>"
        )
    errors = "".join(
        f"<h3>Error in {_e(err.stage)}: {_e(err.kind)}</h3><p>{_e(err.message)}</p><pre>{_e(err.log)}</pre>"
        for err in kernel.all_errors()
    )
    return (
        "".join(facts)
        + errors
        + _differences(kernel)
        + _findings(kernel)
        + _mode_figures(kernel)
        + _side_by_side(kernel)
    )


def _kernel_rows(kernel: KernelResult) -> str:
    level = weakest_level(kernel.parity) or "—"
    cells = [
        f"<td>{_e(kernel.name)}</td>",
        f"<td>{_e(kernel.family)}</td>",
        f"<td><span class='cat cat-{_e(kernel.category)}'>{_e(kernel.category)}</span></td>",
        f"<td>{_e(level)}</td>",
        f"<td>{_emulation_cell(kernel.mode(TEMPLATE))}</td>",
        f"<td>{_emulation_cell(kernel.mode(IR_DRIVEN))}</td>",
        f"<td>{_e(kernel.change or '')}</td>",
        f"<td>{_e(kernel.reason)}</td>",
    ]
    row = (
        f"<tr class='kernel-row' tabindex='0' data-kernel='{_e(kernel.name)}' data-category='{_e(kernel.category)}' "
        f"data-family='{_e(kernel.family)}'>{''.join(cells)}</tr>"
    )
    return row + f"<tr class='detail' hidden><td colspan='{len(cells)}'>{_detail(kernel)}</td></tr>"


def _overview(summary: Summary) -> str:
    meta = summary.results.meta
    totals = "".join(
        f"<tr><td><span class='cat cat-{c}'>{c}</span></td><td class='num'>{summary.totals[c]}</td></tr>"
        for c in CATEGORIES
    )
    gate = summary.gate
    if gate.ready:
        gate_html = f"<p class='ready'>Flip: ready — {len(gate.flipped)} kernels to ir_driven, {len(gate.pins)} pinned to template.</p>"
    else:
        items = "".join(f"<li>{_e(b)}</li>" for b in gate.blockers)
        gate_html = f"<p class='blocked'>Flip: blocked by {len(gate.blockers)} blocker(s)</p><ul>{items}</ul>"
    causes = "".join(
        f"<tr><td class='num'>{len(c.kernels)}</td><td><code>{_e(c.key)}</code></td><td>{_e(c.example)}</td>"
        f"<td>{_e(', '.join(c.kernels))}</td></tr>"
        for c in summary.root_causes.causes
    )
    changes = "".join(
        f"<li>{_e(kind)}: {_e(', '.join(names))}</li>" for kind, names in summary.changes.items()
    )
    return (
        f"<p>{summary.kernel_count} kernels · ttmigrate {_e(meta.tool_version)} · commit {_e(meta.git_commit or 'unknown')}"
        f" · corpus {_e(meta.corpus_hash[:12])} · {_e(meta.finished_at)}"
        + ("" if meta.complete else f" · selection: {_e(' '.join(meta.selection))}")
        + "</p>"
        + f"<table><tr><th>category</th><th>kernels</th></tr>{totals}</table>{gate_html}"
        + f"<h2>Root causes: {_e(summary.root_causes.headline())}</h2>"
        + (
            f"<table><tr><th>kernels</th><th>key</th><th>example</th><th>which</th></tr>{causes}</table>"
            if causes
            else ""
        )
        + (f"<h2>Since baseline</h2><ul>{changes}</ul>" if changes else "")
    )


def render_html(summary: Summary) -> str:
    kernels = sorted(summary.results.kernels, key=lambda k: (k.family, k.name))
    families = sorted({k.family for k in kernels})
    cat_options = "".join(
        f"<option value='{_e(c)}'>{_e(c)} ({summary.totals[c]})</option>" for c in CATEGORIES
    )
    fam_options = "".join(f"<option value='{_e(f)}'>{_e(f)}</option>" for f in families)
    head = "".join(
        f"<th>{h}</th>"
        for h in ("kernel", "family", "category", "parity", "template", "ir_driven", "change", "reason")
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{_CSP}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>ttmigrate parity report</title><style>{_CSS}</style></head>"
        "<body data-ready='0'><h1>ttmigrate parity report</h1>"
        + _overview(summary)
        + "<h2>Kernels</h2><div class='filters'>"
        f"<label>Category <select id='f-category'><option value=''>all</option>{cat_options}</select></label>"
        f"<label>Family <select id='f-family'><option value=''>all</option>{fam_options}</select></label>"
        "<span id='shown'></span></div>"
        f"<table id='kernels'><thead><tr>{head}</tr></thead><tbody>"
        + "".join(_kernel_rows(k) for k in kernels)
        + f"</tbody></table><script>{_JS}</script></body></html>\n"
    )
