"""compare_artifacts: the parity level and the differences of one kernel's two emitter outputs."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from deepdiff import DeepDiff

from ttmigrate.compare.diff import Difference, diff_hosts, diff_kernels, diff_plan, differences
from ttmigrate.compare.diff.edits import ArtifactOnlyOn, ModelDiffers, NotAnalysable, TextsDiffer
from ttmigrate.compare.levels import LEVELS, alpha_sequence, token_sequence
from ttmigrate.compare.model import HOST_ARTIFACT, HostModel, KernelModel
from ttmigrate.compare.programs import Program, analyse_program
from ttmigrate.normalize import ClangFormatError, PlanJsonError, normalize_cpp_many, normalize_plan_json

CPP_SUFFIX = ".cpp"


@dataclass(frozen=True)
class ArtifactComparison:
    artifact: str
    level: str  # one of LEVELS: "L0".."L4", "divergent"
    differences: list[Difference] = field(default_factory=list)
    error: str | None = None  # why the artifact could not be analysed (parse error, missing side)

    @property
    def edit_script(self) -> list[Difference]:
        return [d for d in self.differences if d.edit is not None]

    def to_json(self) -> dict[str, Any]:
        return {
            "artifact": self.artifact,
            "level": self.level,
            "error": self.error,
            "differences": [d.to_json() for d in self.differences],
            "edit_script": [
                {"op": d.edit, "left_line": d.left_line, "right_line": d.right_line, "message": d.message}
                for d in self.edit_script
            ],
        }


@dataclass(frozen=True)
class KernelComparison:
    artifacts: dict[str, ArtifactComparison]

    @property
    def level(self) -> str:
        """The weakest level over all artifacts (what holds for the kernel as a whole)."""
        return max((c.level for c in self.artifacts.values()), key=LEVELS.index, default="L0")

    @property
    def differences(self) -> list[Difference]:
        return [d for c in self.artifacts.values() for d in c.differences]

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level, "artifacts": {name: c.to_json() for name, c in self.artifacts.items()}}


def compare_artifacts(
    *, left: Mapping[str, str], right: Mapping[str, str], model_normalized: bool = False
) -> KernelComparison:
    """Compare two emitter outputs (artifact name -> text). Every artifact gets a result; a bad one
    (missing, unparsable) is "divergent" with `error` set and never stops the others.

    The models are those of the texts as given (lines are the files' lines), or with
    `model_normalized` of their clang-format output: what `ttmigrate run` checks and reports, so the
    run parses each normalised text once (analyse_program keeps it) and names its lines."""
    names = [*left, *(n for n in right if n not in left)]
    cpp = [n for n in names if n.endswith(CPP_SUFFIX) and n in left and n in right]
    changed = [n for n in cpp if left[n] != right[n]]
    # every C++ artifact is modelled once a kernel differs: the host's arguments explain kernel words
    modelled = cpp if changed else []
    normalized = _normalize_cpp({n: left[n] for n in modelled}, {n: right[n] for n in modelled})
    # With model_normalized the programs are those the checks see; a text clang-format refused is
    # modelled as it is.
    left_program = analyse_program(
        artifacts={n: _side(normalized[n], 0, left[n]) if model_normalized else left[n] for n in modelled}
    )
    right_program = analyse_program(
        artifacts={n: _side(normalized[n], 1, right[n]) if model_normalized else right[n] for n in modelled}
    )
    results: dict[str, ArtifactComparison] = {}
    for name in names:
        if name not in left or name not in right:
            missing = differences(artifact=name, edits=[ArtifactOnlyOn("left" if name in left else "right")])
            results[name] = ArtifactComparison(name, "divergent", missing, missing[0].message)
        elif left[name] == right[name]:
            results[name] = ArtifactComparison(name, "L0")
        elif name.endswith(CPP_SUFFIX):
            results[name] = _compare_cpp(name, normalized.get(name), left_program, right_program)
        elif name.endswith(".json"):
            results[name] = _compare_json(name, left[name], right[name])
        else:
            results[name] = ArtifactComparison(
                name, "divergent", differences(artifact=name, edits=[TextsDiffer()])
            )
    return KernelComparison(results)


def _side(normalized: tuple[str, str] | str, index: int, raw: str) -> str:
    return normalized[index] if isinstance(normalized, tuple) else raw


def _normalize_cpp(left: Mapping[str, str], right: Mapping[str, str]) -> dict[str, tuple[str, str] | str]:
    """name -> (left, right) normalised texts, or an error message; one clang-format run for all."""
    names = list(left)
    try:
        texts = normalize_cpp_many(texts=[left[n] for n in names] + [right[n] for n in names])
    except ClangFormatError:
        result: dict[str, tuple[str, str] | str] = {}
        for name in names:  # find the culprit: one bad file must not hide the others' levels
            try:
                pair = normalize_cpp_many(texts=[left[name], right[name]])
                result[name] = (pair[0], pair[1])
            except ClangFormatError as exc:
                result[name] = f"{name}: {exc}"
        return result
    return {n: (texts[i], texts[len(names) + i]) for i, n in enumerate(names)}


def _compare_cpp(
    name: str, normalized: tuple[str, str] | str | None, left: Program, right: Program
) -> ArtifactComparison:
    errors = [e for e in (left.errors.get(name), right.errors.get(name)) if e]
    if isinstance(normalized, str):
        errors.append(normalized)
    if errors:
        return ArtifactComparison(
            name,
            "divergent",
            differences(artifact=name, edits=[NotAnalysable(e) for e in errors]),
            "; ".join(errors),
        )
    if normalized is not None and normalized[0] == normalized[1]:
        return ArtifactComparison(name, "L1")
    lsrc, rsrc = left.sources[name], right.sources[name]
    if token_sequence(lsrc) == token_sequence(rsrc):
        return ArtifactComparison(name, "L2")
    if alpha_sequence(lsrc) == alpha_sequence(rsrc):
        return ArtifactComparison(name, "L3")
    lmodel, rmodel = left.models[name], right.models[name]
    if lmodel.comparable() == rmodel.comparable():
        return ArtifactComparison(name, "L4")
    if isinstance(lmodel, HostModel) and isinstance(rmodel, HostModel):
        found = diff_hosts(artifact=name, left=lmodel, right=rmodel)
    else:
        assert isinstance(lmodel, KernelModel) and isinstance(rmodel, KernelModel)
        found = diff_kernels(
            artifact=name,
            left=lmodel,
            right=rmodel,
            left_host=left.host,
            right_host=right.host,
        )
    if not found:  # the phrasing missed a section: fall back to the raw deepdiff paths
        raw = DeepDiff(lmodel.comparable(), rmodel.comparable(), verbose_level=2).pretty()
        found = differences(artifact=name, edits=[ModelDiffers(line) for line in raw.splitlines()])
    return ArtifactComparison(name, "divergent", found)


def _compare_json(name: str, left: str, right: str) -> ArtifactComparison:
    try:
        lnorm, rnorm = normalize_plan_json(left, name=name), normalize_plan_json(right, name=name)
    except PlanJsonError as exc:
        return ArtifactComparison(
            name, "divergent", differences(artifact=name, edits=[NotAnalysable(str(exc))]), str(exc)
        )
    if lnorm == rnorm:
        return ArtifactComparison(name, "L1")
    return ArtifactComparison(
        name, "divergent", diff_plan(artifact=name, left=json.loads(left), right=json.loads(right))
    )


__all__ = ["HOST_ARTIFACT", "ArtifactComparison", "KernelComparison", "compare_artifacts"]
