"""TileLang-compatible frontend: ``from ttmigrate.frontend import T``."""

from . import language as T
from .parse import parse_script

__all__ = ["T", "parse_script"]
