"""PEP 562 exports: a package's public names, imported from their modules on first use.

A package whose modules need heavy imports (TVM, tree-sitter) but whose records are read by light
callers (the report reads `Finding`; `ttmigrate run`'s parent only finds kernel files) declares
where each name lives and pays for a module only when one of its names is asked for.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The package's `__getattr__`: `homes` maps each name to its module, relative to `package`."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{home}", package), name)
        setattr(sys.modules[package], name, value)  # later lookups skip this function
        return value

    return __getattr__
