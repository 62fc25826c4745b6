"""Tensor data between the harness and the emulated program: deterministic seeded inputs rounded to
what the device stores, and the raw little-endian float32 `<param>.bin` files of METALIUM_SUBSET.md."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

import ml_dtypes
import numpy as np

from ttmigrate.atomic import write_bytes
from ttmigrate.emulate.model import TensorSpec

# The host program stores a float32 tensor as float32 (std::vector<float>), a float16 one as IEEE
# half bit patterns (Metalium Float16) and a bfloat16 one as bfloat16; the dtypes the emulator accepts.
SUPPORTED_DTYPES = ("bfloat16", "float16", "float32")
_STORAGE = {"bfloat16": "bfloat16", "float16": "float16", "float32": "float32"}
FILE_DTYPE = np.dtype("<f4")


def storage_dtype(dtype: str) -> str:
    """The dtype a tensor has in device DRAM, which decides how closely its values can match."""
    if dtype not in SUPPORTED_DTYPES:
        raise ValueError(
            f"tensor dtype {dtype!r} is not supported by the emulator (supported: {SUPPORTED_DTYPES})"
        )
    return _STORAGE[dtype]


def round_to_bfloat16(values: np.ndarray) -> np.ndarray:
    """Round to bfloat16 (nearest even, as the device's conversion does) and back to float32."""
    return np.asarray(values, dtype=np.float32).astype(ml_dtypes.bfloat16).astype(np.float32)


def make_inputs(specs: Sequence[TensorSpec], *, seed: int) -> dict[str, np.ndarray]:
    """Uniform [-1, 1) data for every input and unused parameter, as the storage dtype holds it:
    float32 tensors at full precision (so the Tf32 / Float16_b source registers an FPU op reads
    them through show), bfloat16 ones rounded to bfloat16, float16 ones to values both 16-bit
    formats hold exactly. Each tensor's stream depends only on the seed and its name, so adding a
    parameter changes no other."""
    inputs: dict[str, np.ndarray] = {}
    for spec in specs:
        if spec.role == "output":
            continue
        storage_dtype(spec.dtype)
        rng = np.random.default_rng([seed, zlib.crc32(spec.name.encode("utf-8"))])
        values = rng.uniform(-1.0, 1.0, size=spec.shape).astype(np.float32)
        storage = storage_dtype(spec.dtype)
        if storage == "float32":  # full precision: a float32 tensor's bits beyond bfloat16 must survive
            inputs[spec.name] = values
        elif storage == "float16":  # values a float16 tensor and a bfloat16 one hold exactly
            inputs[spec.name] = round_to_bfloat16(values).astype(np.float16).astype(np.float32)
        else:
            inputs[spec.name] = round_to_bfloat16(values)
    return inputs


def tensor_path(folder: Path, name: str) -> Path:
    return folder / f"{name}.bin"


def write_tensor(folder: Path, name: str, values: np.ndarray) -> None:
    write_bytes(tensor_path(folder, name), np.ascontiguousarray(values, dtype=FILE_DTYPE).tobytes())


def read_tensor(folder: Path, spec: TensorSpec) -> np.ndarray:
    """The program's output; raises ValueError when missing or of the wrong size."""
    path = tensor_path(folder, spec.name)
    if not path.exists():
        raise ValueError(f"the program did not write {path.name}")
    data = np.fromfile(path, dtype=FILE_DTYPE)
    expected = int(np.prod(spec.shape, dtype=np.int64))
    if data.size != expected:
        raise ValueError(
            f"{path.name} holds {data.size} float32 values, expected {expected} for shape {spec.shape}"
        )
    return data.reshape(spec.shape).astype(np.float32)
