"""compare/ reads the CB operands of a call from the op registry (no table of its own)."""

from __future__ import annotations

from ttmigrate.compare.api_facts import CB_OPERANDS, cb_operands
from ttmigrate.ops import kernel_api

# What compare/ knew before the registry declared these calls (positions read from the v0.81.1
# headers by hand); the registry must keep knowing every one of them.
_INTERIM = {
    "cb_reserve_back": (0,),
    "cb_pages_reservable_at_back": (0,),
    "cb_pages_available_at_front": (0,),
    "get_tile_size": (0,),
    "compute_kernel_hw_startup": (0, 1, 2),
    "matmul_tiles": (0, 1),
    "copy_tile_to_dst_init_short": (0,),
    "pack_tile": (1,),
    "pack_init": (0,),
    "reduce_init": (0, 1, 2),
    "mul_tiles_bcast_scalar": (0, 1),
    "tilize_init": (0, 2),
    "tilize_block": (0, 2),
    "untilize_init": (0,),
    "untilize_block": (0, 2),
    "pack_untilize_init": (0, 1),
    "unary_op_init_common": (0, 1),
    "init_sfpu": (0, 1),
}


def test_cb_operands_come_from_the_registry() -> None:
    for api, positions in _INTERIM.items():
        assert cb_operands(api) == positions, api
    assert dict(CB_OPERANDS) == {
        name: fn.cb_positions for name, fn in kernel_api.KERNEL_FUNCTIONS.items() if fn.cb_positions
    }


def test_overloads_with_more_cbs_mark_them_all() -> None:
    # reconfig_data_format(old_a, new_a, old_b, new_b), pack_reconfig_data_format(old_cb_id, new_cb_id)
    assert cb_operands("reconfig_data_format") == (0, 1, 2, 3)
    assert cb_operands("reconfig_data_format_srca") == (0, 1)
    assert cb_operands("pack_reconfig_data_format<true>") == (0, 1)


def test_template_arguments_are_stripped_and_unknown_calls_take_no_cb() -> None:
    assert cb_operands("reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>") == (0, 1)
    assert cb_operands("noc_async_read_page") == ()
    # the mid-2025 spellings are not v0.81.1 functions
    assert cb_operands("mm_init") == ()
    assert cb_operands("binary_op_init_common") == ()
