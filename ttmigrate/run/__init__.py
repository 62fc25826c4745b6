"""Stage: `ttmigrate run`, the orchestration of every earlier stage over the corpus.

`runner.run` selects kernels (`selection`), runs each through `pipeline.run_kernel` (both modes, every
stage behind its own guard; stage adapters in `stages`), classifies it with `ttmigrate.report`, and
writes results.json (schema: `ttmigrate.report.model`) atomically, plus retry-list.txt against a
baseline. This is the top stage: it may import every other one; nothing imports it but the CLI.
"""
