"""``ttmigrate lower``: TVMScript after a stage, or diagnostics and exit status 1."""

import textwrap

from click.testing import CliRunner

from ttmigrate.cli import main

BAD_KERNEL = textwrap.dedent(
    """
    from ttmigrate.frontend import T


    @T.prim_func
    def main(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
        with T.Kernel(1, threads=128) as bx:
            T.copy(A[0:32, 0:32], B[0:32, 0:32])


    def reference(A):
        return {"B": A}
    """
)


def test_stages():
    runner = CliRunner()
    defaults = runner.invoke(main, ["lower", "gemm_128", "--stage", "defaults"])
    assert defaults.exit_code == 0, defaults.output
    assert '"tt_schedule_policy": "contiguous"' in defaults.output and "tt_grid_x" not in defaults.output
    ws2 = runner.invoke(main, ["lower", "gemm_128", "--stage", "ws2"])
    assert ws2.exit_code == 0 and '"tt_grid_x": 4' in ws2.output and "T.thread_binding" in ws2.output
    ws3 = runner.invoke(main, ["lower", "gemm_128"])
    assert ws3.exit_code == 0
    assert (
        '"tt.work_loop": 1' in ws3.output
        and '"tt.matmul_intrinsic"' in ws3.output
        and "T.thread_binding" not in ws3.output
    )


def test_core_grid_option():
    result = CliRunner().invoke(main, ["lower", "gemm_128", "--stage", "ws2", "--core-grid", "2x2"])
    assert result.exit_code == 0 and '"tt_num_cores": 4' in result.output


def test_a_kernel_that_cannot_be_lowered(tmp_path):
    path = tmp_path / "dram_copy.py"
    path.write_text(BAD_KERNEL)
    result = CliRunner().invoke(main, ["lower", str(path)])
    assert result.exit_code == 1
    assert "[copy-global-to-global]" in result.output
    assert f"{path.resolve()}:8" in result.output
    assert "Traceback" not in result.output


def test_unknown_kernel():
    result = CliRunner().invoke(main, ["lower", "no_such_kernel"])
    assert result.exit_code == 1 and "no corpus kernel" in result.output
