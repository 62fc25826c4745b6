"""One emitter output parsed and modelled once, shared by the comparison and the checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ttmigrate.compare.extract import ExtractError, extract_kernel
from ttmigrate.compare.host import extract_host
from ttmigrate.compare.model import HOST_ARTIFACT, HostModel, KernelModel
from ttmigrate.compare.parse import CppSyntaxError, Source, parse_cpp


@dataclass
class Program:
    sources: dict[str, Source] = field(default_factory=dict)
    models: dict[str, KernelModel | HostModel] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # artifact -> why it could not be modelled

    @property
    def host(self) -> HostModel | None:
        model = self.models.get(HOST_ARTIFACT)
        return model if isinstance(model, HostModel) else None

    def kernels(self) -> dict[str, KernelModel]:
        return {name: m for name, m in self.models.items() if isinstance(m, KernelModel)}


def analyse_program(*, artifacts: Mapping[str, str]) -> Program:
    """Parse and model every C++ artifact; an artifact that fails is recorded in `errors`."""
    program = Program()
    for name, text in artifacts.items():
        if not name.endswith(".cpp"):
            continue
        try:
            source = parse_cpp(artifact=name, text=text)
            program.sources[name] = source
            program.models[name] = extract_host(source) if name == HOST_ARTIFACT else extract_kernel(source)
        except (CppSyntaxError, ExtractError) as exc:
            program.errors[name] = str(exc)
    return program
