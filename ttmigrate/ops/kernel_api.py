"""Every kernel-side Metalium function the emitters may print or the emulator declares, as declared
in tt-metal v0.81.1 (`tt_metal/hw/inc/api/...`), once.

The op registry (``registry.py``) refers to these by name; ``scripts/check_metalium.py`` compares
each declaration with the real header (name, template parameters, parameters, defaults,
``[[deprecated]]``).
"""

from __future__ import annotations

from .signature import KernelFn, Param

U32 = "uint32_t"
LINE = Param("call_line", U32, "__builtin_LINE()")  # the sentinel's call-site line (v0.81.1 inits)
FP32 = Param("is_fp32_dest_acc_en", "bool", "DST_ACCUM_MODE")

DATAFLOW_H = "api/dataflow/dataflow_api.h"
ADDRGEN_H = "internal/dataflow/dataflow_api_addrgen.h"  # included by DATAFLOW_H
COMMON_H = "api/compute/common.h"
CB_H = "api/compute/cb_api.h"
REG_H = "api/compute/reg_api.h"
PACK_H = "api/compute/pack.h"
STARTUP_H = "api/compute/compute_kernel_hw_startup.h"
MATMUL_H = "api/compute/matmul.h"
BINARY_H = "api/compute/eltwise_binary.h"
BCAST_H = "api/compute/bcast.h"
COPY_H = "api/compute/tile_move_copy.h"
REDUCE_H = "api/compute/reduce.h"
UNARY_H = "api/compute/eltwise_unary/eltwise_unary.h"
RECONFIG_H = "api/compute/reconfig_data_format.h"  # reached through common.h (the sentinel)


def _u32(*names: str) -> tuple[Param, ...]:
    return tuple(Param(n, U32) for n in names)


_FNS: list[KernelFn] = [
    # -- data movement -------------------------------------------------------------------------
    KernelFn("get_arg_val", DATAFLOW_H, (Param("arg_idx", "int"),), (Param("T", "typename"),), returns="T"),
    *(
        KernelFn(
            name,
            DATAFLOW_H,
            (Param("operand", "int32_t"), Param("num_pages", "int32_t")),
            variants=(KernelFn(name, CB_H, _u32("cbid", "ntiles")),),
        )
        for name in ("cb_reserve_back", "cb_push_back", "cb_wait_front", "cb_pop_front")
    ),
    KernelFn("get_write_ptr", DATAFLOW_H, _u32("operand"), returns=U32),
    KernelFn("get_read_ptr", DATAFLOW_H, _u32("operand"), returns=U32),
    KernelFn("get_tile_size", DATAFLOW_H, (Param("operand", "int32_t"),), returns="int32_t"),
    KernelFn("get_dataformat", DATAFLOW_H, (Param("operand", "int32_t"),), returns="DataFormat"),
    KernelFn(
        "noc_async_read_page",
        DATAFLOW_H,
        (
            Param("id", U32),
            Param("addrgen", "const AddrGen&"),
            Param("dst_local_l1_addr", U32),
            Param("offset", U32, "0"),
            Param("noc", "uint8_t", "noc_index"),
        ),
        (Param("AddrGen", "typename", deduced=True), Param("enable_noc_tracing", "bool", "true")),
    ),
    KernelFn(
        "noc_async_write_page",
        DATAFLOW_H,
        (
            Param("id", U32),
            Param("addrgen", "const AddrGen&"),
            Param("src_local_l1_addr", U32),
            Param("size", U32, "0"),
            Param("offset", U32, "0"),
            Param("noc", "uint8_t", "noc_index"),
        ),
        (
            Param("AddrGen", "typename", deduced=True),
            Param("enable_noc_tracing", "bool", "true"),
            Param("posted", "bool", "false"),
        ),
    ),
    KernelFn(
        "noc_async_read_tile",
        DATAFLOW_H,
        (
            Param("id", U32),
            Param("addrgen", "const InterleavedAddrGenFast<DRAM, tile_hw>&"),
            Param("dst_local_l1_addr", U32),
            Param("offset", U32, "0"),
            Param("noc", "uint8_t", "noc_index"),
        ),
        (Param("DRAM", "bool", deduced=True), Param("tile_hw", U32, deduced=True)),
        deprecated="noc_async_read_page",
    ),
    KernelFn(
        "noc_async_write_tile",
        DATAFLOW_H,
        (
            Param("id", U32),
            Param("addrgen", "const InterleavedAddrGenFast<DRAM, tile_hw>&"),
            Param("src_local_l1_addr", U32),
            Param("noc", "uint8_t", "noc_index"),
        ),
        (Param("DRAM", "bool", deduced=True), Param("tile_hw", U32, deduced=True)),
        deprecated="noc_async_write_page",
    ),
    # raw NoC addressing; get_noc_addr's other overloads (local L1, page of an AddrGen) are extra
    KernelFn(
        "get_noc_addr",
        ADDRGEN_H,
        (*_u32("noc_x", "noc_y", "addr"), Param("noc", "uint8_t", "noc_index")),
        returns="uint64_t",
    ),
    KernelFn(
        "get_noc_addr_from_bank_id",
        ADDRGEN_H,
        (*_u32("bank_id", "bank_address_offset"), Param("noc", "uint8_t", "noc_index")),
        (Param("DRAM", "bool"),),
        returns="uint64_t",
    ),
    KernelFn(
        "noc_async_read",
        DATAFLOW_H,
        (
            Param("src_noc_addr", "uint64_t"),
            *_u32("dst_local_l1_addr", "size"),
            Param("noc", "uint8_t", "noc_index"),
            Param("read_req_vc", U32, "NOC_UNICAST_WRITE_VC"),
        ),
        (Param("max_page_size", U32, "NOC_MAX_BURST_SIZE + 1"), Param("enable_noc_tracing", "bool", "true")),
    ),
    KernelFn(
        "noc_async_write",
        DATAFLOW_H,
        (
            Param("src_local_l1_addr", U32),
            Param("dst_noc_addr", "uint64_t"),
            Param("size", U32),
            Param("noc", "uint8_t", "noc_index"),
            Param("vc", U32, "NOC_UNICAST_WRITE_VC"),
        ),
        (
            Param("max_page_size", U32, "NOC_MAX_BURST_SIZE + 1"),
            Param("enable_noc_tracing", "bool", "true"),
            Param("posted", "bool", "false"),
        ),
    ),
    # get_compile_time_arg_val(i) is a macro for get_ct_arg<i>() (api/compile_time_args.h)
    KernelFn("get_ct_arg", "api/compile_time_args.h", (), (Param("Idx", U32),), returns=U32),
    KernelFn("noc_async_read_barrier", DATAFLOW_H, (Param("noc", "uint8_t", "noc_index"),)),
    KernelFn("noc_async_write_barrier", DATAFLOW_H, (Param("noc", "uint8_t", "noc_index"),)),
    # -- compute: registers, pack, hardware start-up -------------------------------------------
    KernelFn("tile_regs_acquire", REG_H, ()),
    KernelFn("tile_regs_commit", REG_H, (), (FP32,)),
    KernelFn("tile_regs_wait", REG_H, ()),
    KernelFn("tile_regs_release", REG_H, (), (FP32,)),
    KernelFn(
        "pack_tile",
        PACK_H,
        (Param("ifrom_dst", U32), Param("icb", U32), Param("output_tile_index", U32, "0")),
        (Param("out_of_order_output", "bool", "false"), FP32),
    ),
    KernelFn(
        "compute_kernel_hw_startup",
        STARTUP_H,
        _u32("icb0", "icb1", "ocb"),
        (Param("src_order", "SrcOrder", "SrcOrder::Regular"),),
        # one input CB for both sources (copy and SFPU kernels may use it; the emitters print the
        # three-CB form with the input twice)
        variants=(KernelFn("compute_kernel_hw_startup", STARTUP_H, _u32("icb0", "ocb")),),
    ),
    KernelFn(
        "init_sfpu",
        UNARY_H,
        (Param("icb", U32), Param("ocb", U32), LINE),
        (FP32,),
        deprecated="compute_kernel_hw_startup(icb, ocb) once at kernel start, then copy_init(icb)",
    ),
    # -- compute: matmul -------------------------------------------------------------------------
    KernelFn(
        "matmul_init",
        MATMUL_H,
        (Param("in0_cb_id", U32), Param("in1_cb_id", U32), Param("transpose", "const uint32_t", "0"), LINE),
    ),
    KernelFn(
        "matmul_tiles", MATMUL_H, _u32("in0_cb_id", "in1_cb_id", "in0_tile_index", "in1_tile_index", "idst")
    ),
    # -- compute: copy -------------------------------------------------------------------------
    KernelFn(
        "copy_init",
        COPY_H,
        (
            Param("cbid", U32),
            Param("transpose", U32, "0"),
            Param("transpose_within_16x16_face", U32, "false"),
            LINE,
        ),
        (FP32,),
    ),
    KernelFn("copy_tile", COPY_H, _u32("in_cb_id", "in_tile_index", "dst_tile_index"), (FP32,)),
    KernelFn("copy_tile_init", COPY_H, (Param("cbid", U32), LINE), (FP32,), deprecated="copy_init"),
    # -- compute: reduce -----------------------------------------------------------------------
    KernelFn(
        "reduce_init",
        REDUCE_H,
        (Param("icb", U32), Param("icb_scaler", U32), Param("ocb", U32), LINE),
        (Param("reduce_type", "PoolType"), Param("reduce_dim", "ReduceDim"), FP32),
    ),
    KernelFn(
        "reduce_tile",
        REDUCE_H,
        _u32("icb", "icb_scaler", "itile", "itile_scaler", "idst"),
        (Param("reduce_type", "PoolType"), Param("reduce_dim", "ReduceDim"), FP32),
    ),
    KernelFn("reduce_uninit", REDUCE_H, (Param("icb", U32, "0"),)),
]

# Binary element-wise (eltwise_binary.h): each op's init and tile call.
_BINARY_ACC_DEFAULT = {"add": "false", "sub": "false", "mul": "true"}  # the header's acc_to_dest defaults
for _op, _acc in _BINARY_ACC_DEFAULT.items():
    _FNS.append(
        KernelFn(
            f"{_op}_init",
            BINARY_H,
            (Param("icb0", U32), Param("icb1", U32), Param("acc_to_dest", "bool", _acc), LINE),
        )
    )
    _FNS.append(KernelFn(f"{_op}_tiles", BINARY_H, _u32("icb0", "icb1", "itile0", "itile1", "idst"), (FP32,)))

# Broadcasts (bcast.h): `<op>_bcast_<dim>_init` and `<op>_tiles_bcast_<dim>` for every op and dim.
for _op in ("add", "sub", "mul"):
    for _dim in ("rows", "cols", "scalar"):
        _FNS.append(
            KernelFn(f"{_op}_bcast_{_dim}_init", BCAST_H, (Param("icb0", U32), Param("icb1", U32), LINE))
        )
        _params = _u32("icb0", "icb1", "itile0", "itile1", "idst")
        if _dim == "rows":  # which row of B is broadcast
            _params = (*_params, Param("bcast_row_idx", U32, "0"))
        _FNS.append(KernelFn(f"{_op}_tiles_bcast_{_dim}", BCAST_H, _params, (FP32,)))

# The general broadcast forms (real code uses them; the emitters print the named forms above).
_FNS.append(
    KernelFn(
        "bcast_init",
        BCAST_H,
        (Param("icb0", U32), Param("icb1", U32), LINE),
        (Param("tBcastOp", "EltwiseBinaryType"), Param("tBcastDim", "BroadcastType")),
    )
)
for _op in ("add", "sub", "mul"):
    _FNS.append(
        KernelFn(
            f"{_op}_tiles_bcast",
            BCAST_H,
            (*_u32("icb0", "icb1", "itile0", "itile1", "idst"), Param("bcast_row_idx", U32, "0")),
            (Param("tBcastDim", "BroadcastType"), FP32),
        )
    )
_FNS.append(
    KernelFn(
        "unary_op_init_common",
        UNARY_H,
        (Param("icb", U32), Param("ocb", U32), LINE),
        (FP32,),
        deprecated="compute_kernel_hw_startup(icb, ocb) once at kernel start, then copy_init(icb)",
    )
)

# Data-format reconfiguration (reconfig_data_format.h): srcA / srcB / packer formats (issue 12).
_FNS += [
    KernelFn(
        "reconfig_data_format",
        RECONFIG_H,
        _u32("icb0_new_operand", "icb1_new_operand"),
        (Param("src_order", "SrcOrder", "SrcOrder::Regular"),),
        variants=(
            KernelFn(
                "reconfig_data_format",
                RECONFIG_H,
                _u32("icb0_old_operand", "icb0_new_operand", "icb1_old_operand", "icb1_new_operand"),
                (Param("src_order", "SrcOrder", "SrcOrder::Regular"),),
            ),
        ),
    ),
    *(
        KernelFn(
            f"reconfig_data_format_{src}",
            RECONFIG_H,
            _u32(f"{src}_new_operand"),
            variants=(
                KernelFn(
                    f"reconfig_data_format_{src}",
                    RECONFIG_H,
                    _u32(f"{src}_old_operand", f"{src}_new_operand"),
                ),
            ),
        )
        for src in ("srca", "srcb")
    ),
    KernelFn(
        "pack_reconfig_data_format",
        RECONFIG_H,
        _u32("new_cb_id"),
        (Param("is_tile_dim_reconfig_en", "bool", "false"),),
        variants=(
            KernelFn(
                "pack_reconfig_data_format",
                RECONFIG_H,
                _u32("old_cb_id", "new_cb_id"),
                (Param("is_tile_dim_reconfig_en", "bool", "false"),),
            ),
        ),
    ),
]

# -- read from real code, not emulated ------------------------------------------------------------
# Functions real tt-metal kernels call that no emitter prints and the emulator does not implement
# (``emulated=False``): declared so that compare/ reads their CB operands from the registry and
# check_metalium verifies them against the release like every other declaration.
TILIZE_H = "api/compute/tilize.h"
UNTILIZE_H = "api/compute/untilize.h"
PACK_UNTILIZE_H = "api/compute/pack_untilize.h"
_UNPACK_UNTILIZE = "pack_untilize_init / pack_untilize_block (unpack-based untilize, tt-metal#22904)"
_FNS += [
    *(
        KernelFn(
            name,
            DATAFLOW_H,
            (Param("operand", "int32_t"), Param("num_pages", "int32_t")),
            returns="bool",
            emulated=False,
        )
        for name in ("cb_pages_reservable_at_back", "cb_pages_available_at_front")
    ),
    KernelFn("pack_init", PACK_H, (Param("ocb", U32), LINE), emulated=False),
    KernelFn(
        "copy_tile_to_dst_init_short",
        COPY_H,
        (
            Param("cbid", U32),
            Param("transpose", U32, "0"),
            Param("transpose_within_16x16_face", U32, "false"),
            LINE,
        ),
        (FP32,),
        deprecated="copy_init",
        emulated=False,
    ),
    KernelFn("tilize_init", TILIZE_H, (*_u32("icb", "block", "ocb"), LINE), (FP32,), emulated=False),
    KernelFn(
        "tilize_block",
        TILIZE_H,
        (
            *_u32("icb", "block", "ocb"),
            Param("input_tile_index", U32, "0"),
            Param("output_tile_index", U32, "0"),
        ),
        (FP32,),
        emulated=False,
    ),
    KernelFn(
        "untilize_init",
        UNTILIZE_H,
        (Param("icb", U32), LINE),
        (FP32,),
        deprecated=_UNPACK_UNTILIZE,
        emulated=False,
    ),
    KernelFn(
        "untilize_block",
        UNTILIZE_H,
        _u32("icb", "full_ct_dim", "ocb"),
        (Param("block_ct_dim", U32, "1"), FP32),
        deprecated=_UNPACK_UNTILIZE,
        emulated=False,
    ),
    KernelFn(
        "pack_untilize_init",
        PACK_UNTILIZE_H,
        (Param("icb", U32), Param("ocb", U32), LINE),
        (Param("block_ct_dim", U32, "8"), Param("full_ct_dim", U32, "block_ct_dim"), FP32),
        emulated=False,
    ),
]

KERNEL_FUNCTIONS: dict[str, KernelFn] = {}


def declare(fn: KernelFn) -> KernelFn:
    """Adds one function to the catalog (an SFPU op's init and call are declared with the op)."""
    if fn.name in KERNEL_FUNCTIONS and KERNEL_FUNCTIONS[fn.name] != fn:
        raise ValueError(f"kernel function {fn.name} declared twice, differently")
    KERNEL_FUNCTIONS[fn.name] = fn
    return fn


for _fn in _FNS:
    declare(_fn)


def fn(name: str) -> KernelFn:
    return KERNEL_FUNCTIONS[name]


# Metalium's CB id convention (tt::CBIndex::c_0 .. c_31): inputs, outputs, intermediates. The
# lowering allocates ids from these ranges and the semantic model reads roles back from them.
CB_ID_RANGES: dict[str, range] = {
    "input": range(0, 16),
    "output": range(16, 24),
    "intermediate": range(24, 32),
}


def cb_role(cb_id: int) -> str:
    """The role a CB id's range gives it (ids past 31 count as intermediates, as c_24 and up do)."""
    return next((role for role, ids in CB_ID_RANGES.items() if cb_id in ids), "intermediate")
