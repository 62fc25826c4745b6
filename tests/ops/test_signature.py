"""CB-id parameters are read from the registry's parameter names (``Param.is_cb``,
``KernelFn.cb_positions``); the rule is checked against the real v0.81.1 headers' own parameter docs."""

from __future__ import annotations

import re

from support.release import release_tt_metal

from ttmigrate import ops  # noqa: F401  (the SFPU ops' functions are declared by the registry)
from ttmigrate.ops import kernel_api
from ttmigrate.ops.signature import KernelFn, Param

_FORMS = [form for fn in kernel_api.KERNEL_FUNCTIONS.values() for form in (fn, *fn.variants)]


def test_cb_positions_cover_every_form_and_no_form_has_another_parameter_there() -> None:
    assert kernel_api.fn("pack_tile").cb_positions == (1,)
    assert kernel_api.fn("tilize_block").cb_positions == (0, 2)
    assert kernel_api.fn("reconfig_data_format").cb_positions == (0, 1, 2, 3)  # the 4-argument overload
    assert kernel_api.fn("noc_async_read_page").cb_positions == ()
    for fn in kernel_api.KERNEL_FUNCTIONS.values():
        for form in (fn, *fn.variants):
            clash = [i for i in fn.cb_positions if i < len(form.params) and not form.params[i].is_cb]
            assert clash == [], f"{fn.name}: a CB position in one form is another parameter in {form.params}"


def test_a_cb_parameter_is_one_whose_name_says_so() -> None:
    names = {p.name for form in _FORMS for p in form.params if p.is_cb}
    assert {
        "operand",
        "cbid",
        "icb",
        "ocb",
        "in0_cb_id",
        "icb_scaler",
        "srca_old_operand",
        "new_cb_id",
    } <= names
    assert not any(Param(n, "uint32_t").is_cb for n in ("idst", "itile0", "block", "num_pages", "ifrom_dst"))
    assert KernelFn("f", "h", (Param("x", "int"), Param("out_cb", "int"))).cb_positions == (1,)


def test_the_naming_rule_agrees_with_the_headers_parameter_docs() -> None:
    """The headers document parameters in tables (`| icb | The identifier of the circular buffer (CB)
    ... |`): every documented parameter of a declared function is a CB by the rule exactly when some
    row for its name describes a CB (not a tile within one)."""
    rows: dict[str, list[str]] = {}
    for path in (release_tt_metal() / "hw/inc/api").rglob("*.h"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, description in re.findall(r"^\s*\*?\s*\|\s*(\w+)\s*\|([^|\n]*)\|", text, re.MULTILINE):
            rows.setdefault(name, []).append(description)
    says_cb = re.compile(r"circular buffer|\bCB\b", re.IGNORECASE)
    checked = 0
    for form in _FORMS:
        for param in form.params:
            if param.name not in rows:
                continue
            checked += 1
            documented = any(says_cb.search(d) and "tile" not in d.lower() for d in rows[param.name])
            assert documented == param.is_cb, (form.name, param.name, rows[param.name][:3])
    assert checked > 100  # the docs cover most parameters; the check is not vacuous
