"""Runtime-argument values per core (re-exported from ttmigrate.compare.evaluate for the rules)."""

from __future__ import annotations

from ttmigrate.compare.evaluate import Core, bind, core_values

__all__ = ["Core", "bind", "core_values"]
