"""Machine-readable summary (`ttmigrate report --format json`).

results.json holds everything (artifacts included); this is the digest a CI step or dashboard
consumes: totals, families, gate, root causes, changes and one entry per kernel without artifacts.
"""

from __future__ import annotations

import json

from ttmigrate.report.model import SCHEMA_VERSION, to_data
from ttmigrate.report.summary import Summary


def render_json(summary: Summary) -> str:
    gate = summary.gate
    data = {
        "schema_version": SCHEMA_VERSION,
        "meta": to_data(summary.results.meta),
        "totals": summary.totals,
        "families": [to_data(row) for row in summary.families],
        "gate": {
            "ready": gate.ready,
            "blockers": [to_data(b) for b in gate.blockers],
            "pins": gate.pins,
            "flipped": list(gate.flipped),
            "expected_divergences_in_use": list(gate.expected_in_use),
        },
        "root_causes": {
            "headline": summary.root_causes.headline(),
            "causes": [to_data(c) for c in summary.root_causes.causes],
        },
        "changes": summary.changes,
        "kernels": [
            {
                "name": k.name,
                "family": k.family,
                "category": k.category,
                "reason": k.reason,
                "root_cause": k.root_cause,
                "change": k.change,
                "expected_divergence": k.expected_divergence,
                "notes": k.notes,
            }
            for k in summary.results.kernels
        ],
    }
    text = json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False)
    return text.translate(_C1_ESCAPES) + "\n"


# json escapes C0 controls itself; DEL and the C1 controls (U+009B is an 8-bit CSI) it leaves raw,
# and they only ever occur inside strings, where `\u00NN` is the same character to a JSON reader.
_C1_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}
