"""``tt.plan.json``: grid, cores, per-core work assignment, schedule, circular buffers and the
runtime-argument layout, as data (the semantic diff compares it with deepdiff)."""

from __future__ import annotations

import json
from dataclasses import asdict

from .program import ProgramSpec


def plan_data(spec: ProgramSpec) -> dict[str, object]:
    cols, rows = spec.core_range
    return {
        "grid": {"x": spec.grid[0], "y": spec.grid[1], "z": spec.grid[2]},
        "schedule": dict(sorted(spec.schedule.items())),
        "cores": {
            "grid": list(spec.core_grid),
            "range": {"start": [0, 0], "end": [cols - 1, rows - 1]},
            "active": spec.num_active_cores,
            "work": [{"core": i, "start": s, "count": c} for i, (s, c) in enumerate(spec.core_work)],
        },
        "tensors": [
            {
                **asdict(t),
                "tiles_h": t.tiles_h,
                "tiles_w": t.tiles_w,
                "num_pages": t.num_pages,
                "page_size": t.page_size,
            }
            for t in spec.tensors
        ],
        # num_stages only where a T.Pipelined loop set the depth (absent: the default buffering)
        "circular_buffers": [
            {**{k: v for k, v in asdict(cb).items() if v is not None}, "data_format": cb.data_format}
            for cb in spec.circular_buffers
        ],
        # The layout as meaning (kind, and the buffer for addresses); the C++ names are the
        # emitter's own choice and would make two equivalent plans differ.
        "runtime_args": {
            kernel: [{k: v for k, v in asdict(a).items() if v is not None and k != "name"} for a in args]
            for kernel, args in spec.runtime_args.items()
        },
    }


def render_plan(spec: ProgramSpec) -> str:
    return json.dumps(plan_data(spec), indent=2, sort_keys=True, allow_nan=False) + "\n"
