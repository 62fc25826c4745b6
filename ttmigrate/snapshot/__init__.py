"""Golden snapshots of every kernel x mode x artifact, and the reviewer's tools around them.

Modules (small and single-purpose, keyword-only APIs):

- ``layout``: where goldens live (``snapshots/<family>/<kernel>/<mode>/<artifact>``), CI guard;
- ``header``: the provenance header and content-only comparison;
- ``source``: where current outputs come from (the corpus + emitters, or a recorded source);
- ``render``: emit + normalise + header for one kernel and mode;
- ``store``: atomic golden writes, orphan detection, prune;
- ``pending``: ``.new`` files, accept / reject;
- ``status``: current output against the goldens;
- ``review``: the interactive review loop, apart from terminal code;
- ``cases``, ``syrupy_ext``, ``pytest_plugin``: the pytest / syrupy glue.

Importing this package imports none of them (the pytest glue needs pytest; the CLI does not).
"""
