"""The lowering passes, one module each; every pass is ``IRModule -> IRModule`` and never mutates."""
