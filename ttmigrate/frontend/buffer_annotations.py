"""``T.SharedBuffer`` / ``T.FragmentBuffer`` / ``T.LocalBuffer``: TileLang's scoped buffer annotations.

TileLang's examples annotate ``T.macro`` parameters with them (FlashAttention's ``MMA0``,
``Softmax``, ``Rescale``). They are ``T.Buffer`` with a default scope (TileLang 0.1.15's
``tilelang.language.proxy``): shared is ``shared.dyn``, fragment ``local.fragment``, local ``local``.
A macro is inlined where it is called, so the IR holds the caller's buffers, not these.
"""

from __future__ import annotations

from typing import Any

from tvm.script import tirx as _tvm_T


class ScopedBuffer:
    def __init__(self, default_scope: str) -> None:
        self.default_scope = default_scope

    def __call__(
        self, shape: Any, dtype: Any = "float32", *args: Any, scope: str | None = None, **kwargs: Any
    ) -> Any:
        shape = tuple(shape) if isinstance(shape, (list, tuple)) else (shape,)
        return _tvm_T.Buffer(shape, dtype, *args, scope=scope or self.default_scope, **kwargs)

    def __getitem__(self, keys: Any) -> Any:
        # T.FragmentBuffer[(64,), "float32"] or T.FragmentBuffer[(64,)], as TileLang's proxy reads it
        if not isinstance(keys, tuple) or all(not isinstance(k, (tuple, list, str)) for k in keys):
            keys = (keys,)
        return self(*keys)


SharedBuffer = ScopedBuffer("shared.dyn")
FragmentBuffer = ScopedBuffer("local.fragment")
LocalBuffer = ScopedBuffer("local")
