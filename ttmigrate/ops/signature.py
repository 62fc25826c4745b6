"""Signatures of the Metalium calls the emitters print, and printing a call from one.

A ``KernelFn`` is the declaration as the release's header has it (name, template parameters,
parameters with defaults, header path); ``scripts/check_metalium.py`` compares each against the real
header. ``render`` prints a call by parameter name, so an emitter never depends on argument order and
a missing required argument is an error here, not a wrong call in a golden.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# How the release's headers name a circular-buffer id parameter: `operand` (api/dataflow), `cbid`,
# `icb`, `ocb`, `in0_cb_id`, `icb_scaler`, `srca_new_operand`, `new_cb_id` ... (api/compute). No other
# parameter of a declared function contains `cb` or `operand` (tests/ops/test_signature.py).
CB_PARAM_NAME = re.compile(r"cb|operand")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None
    deduced: bool = False  # a template parameter deduced from the arguments (``typename AddrGen``)

    @property
    def is_cb(self) -> bool:
        """This parameter takes a circular-buffer id (read from its name, as the headers spell it)."""
        return CB_PARAM_NAME.search(self.name) is not None


@dataclass(frozen=True)
class KernelFn:
    name: str
    header: str  # include path as printed, relative to tt_metal/hw/inc
    params: tuple[Param, ...]
    template: tuple[Param, ...] = ()
    returns: str = "void"
    # `[[deprecated]]` in the release: (replacement advice). Emitters never print these; the
    # emulator still declares them, marked deprecated, because real code still calls them.
    deprecated: str | None = None
    # the same function declared again by another header with other parameter types (the CB calls:
    # int32_t in api/dataflow, uint32_t in api/compute/cb_api.h); each is checked against its header
    variants: tuple[KernelFn, ...] = ()
    # False: declared so that compare/ can read real code calling it and check_metalium verifies it,
    # but the emulator does not implement it, so no emitter prints it
    emulated: bool = True

    @property
    def cb_positions(self) -> tuple[int, ...]:
        """Positions of the CB-id parameters over every form (a variant's extra CBs included: the
        4-argument ``reconfig_data_format`` takes two more); no form has another parameter at them."""
        forms = (self, *self.variants)
        return tuple(sorted({i for form in forms for i, p in enumerate(form.params) if p.is_cb}))

    def render(
        self, args: Mapping[str, object] | None = None, *, template: Mapping[str, object] | None = None
    ) -> str:
        """``name<t...>(a, b, ...)``: arguments by parameter name; trailing defaults may be left out."""
        return f"{self.name}{self._template_text(template or {})}({self._args_text(args or {})})"

    def _template_text(self, given: Mapping[str, object]) -> str:
        unknown = set(given) - {p.name for p in self.template}
        if unknown:
            raise TypeError(f"{self.name}: no template parameter {sorted(unknown)}")
        return _ordered(self.name, self.template, given, brackets=("<", ">"))

    def _args_text(self, given: Mapping[str, object]) -> str:
        unknown = set(given) - {p.name for p in self.params}
        if unknown:
            raise TypeError(f"{self.name}: no parameter {sorted(unknown)}")
        return _ordered(self.name, self.params, given, brackets=("", ""))


def _ordered(
    fn: str, params: tuple[Param, ...], given: Mapping[str, object], *, brackets: tuple[str, str]
) -> str:
    values: list[str] = []
    for index, param in enumerate(params):
        if param.name in given:
            values.append(str(given[param.name]))
            continue
        if param.deduced:
            break  # deduced template parameters and everything after them are left out
        if param.default is None:
            raise TypeError(f"{fn}: required parameter `{param.name}` not given")
        if any(p.name in given for p in params[index + 1 :]):
            values.append(param.default)  # an explicit later argument needs this position filled
            continue
        break
    if not values:
        return ""
    return f"{brackets[0]}{', '.join(values)}{brackets[1]}"


@dataclass(frozen=True)
class HostFn:
    """A host function or method the emitters print, with the exported symbol that implements it.

    ``symbol`` is the demangled signature as ``nm -DC --defined-only libtt_metal.so`` lists it.
    Header-only templates (e.g. ``EnqueueWriteMeshBuffer``) are not exported; for those
    ``inline_over`` names the exported symbol their inline body calls, which is what the check
    looks up instead.
    """

    name: str  # as printed (the last component)
    qualified: str
    symbol: str | None
    inline_over: str | None = None
    note: str = ""
