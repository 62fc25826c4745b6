"""Valid, unique C++ identifiers for any TIR variable or buffer name."""

from __future__ import annotations

import re

# C++ keywords plus names the Metalium headers define that a kernel must not shadow.
_RESERVED = frozenset(
    [
        "alignas",
        "alignof",
        "and",
        "and_eq",
        "asm",
        "auto",
        "bitand",
        "bitor",
        "bool",
        "break",
        "case",
        "catch",
        "char",
        "char16_t",
        "char32_t",
        "char8_t",
        "class",
        "compl",
        "concept",
        "const",
        "consteval",
        "constexpr",
        "constinit",
        "const_cast",
        "continue",
        "co_await",
        "co_return",
        "co_yield",
        "decltype",
        "default",
        "delete",
        "do",
        "double",
        "dynamic_cast",
        "else",
        "enum",
        "explicit",
        "export",
        "extern",
        "false",
        "float",
        "for",
        "friend",
        "goto",
        "if",
        "inline",
        "int",
        "long",
        "mutable",
        "namespace",
        "new",
        "noexcept",
        "not",
        "not_eq",
        "nullptr",
        "operator",
        "or",
        "or_eq",
        "private",
        "protected",
        "public",
        "register",
        "reinterpret_cast",
        "requires",
        "return",
        "short",
        "signed",
        "sizeof",
        "static",
        "static_assert",
        "static_cast",
        "struct",
        "switch",
        "template",
        "this",
        "thread_local",
        "throw",
        "true",
        "try",
        "typedef",
        "typeid",
        "typename",
        "union",
        "unsigned",
        "using",
        "virtual",
        "void",
        "volatile",
        "wchar_t",
        "while",
        "xor",
        "xor_eq",
        "uint32_t",
        "int32_t",
        "uint16_t",
        "uint8_t",
        "size_t",
        "tt",
        "NAMESPACE",
        "MAIN",
        "kernel_main",
    ]
)


class NameTable:
    """Maps TIR objects to C++ names: sanitised, never reserved, unique within one kernel."""

    def __init__(self) -> None:
        self._by_key: dict[object, str] = {}
        self._used: set[str] = set()

    def reserve(self, name: str) -> None:
        self._used.add(name)

    @staticmethod
    def sanitize(raw: str) -> str:
        name = re.sub(r"\W", "_", raw, flags=re.ASCII) or "v"
        if name[0].isdigit():
            name = f"v_{name}"
        if name in _RESERVED or name.startswith("__"):
            name = f"v_{name.lstrip('_')}"
        return name

    def get(self, key: object, raw: str) -> str:
        """The name for ``key`` (a TIR Var or Buffer), created from ``raw`` on first use."""
        if key in self._by_key:
            return self._by_key[key]
        base = self.sanitize(raw)
        name, suffix = base, 1
        while name in self._used:
            name = f"{base}_{suffix}"
            suffix += 1
        self._used.add(name)
        self._by_key[key] = name
        return name
