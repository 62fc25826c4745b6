"""Generate a synthetic corpus for scale benchmarks, in the corpus convention.

    python scripts/gen_corpus.py --n 1000 --seed 7 --out /tmp/corpus-1000

Each kernel is one `<family>/<name>.py` file defining `main` (a `@T.prim_func` of the TileLang
surface), `reference(**inputs)` (NumPy) and `TAGS` (and `TOLERANCE` where the corpus has one for that
operator), built from the shapes and operators of the bundled families: element-wise binary
(add, sub, mul), unary (exp, relu, copy), fused (add + relu) and tiled GEMM (square and
non-square, 32-multiples). Shapes are drawn with a seeded generator, so `--seed` reproduces a corpus
exactly; names are unique. The output folder must not be inside the repository's corpus/ (the real
corpus is hand-reviewed, generated kernels never go there).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TILE = 32
SIDES = (32, 64, 96, 128, 160, 192, 256)

ELTWISE = '''"""Generated ({seed}/{index}): element-wise {op}, {m}x{n} bfloat16, 32x32 tile blocks: C = A {sym} B."""

import numpy as np

from ttmigrate.frontend import T

M, N = {m}, {n}
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("generated", "eltwise", "binary", "{op}")


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "bfloat16")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        T.copy(B[by * BLOCK_M, bx * BLOCK_N], B_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            C_local[i, j] = {body}
        T.copy(C_local, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B):
    return {{"C": {reference}}}
'''

UNARY = '''"""Generated ({seed}/{index}): element-wise {op}, {m}x{n} bfloat16, 32x32 tile blocks."""

import numpy as np

from ttmigrate.frontend import T

M, N = {m}, {n}
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("generated", "eltwise", "unary", "{op}")
{tolerance}

@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        B_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "{local}")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            B_local[i, j] = {body}
        T.copy(B_local, B[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    return {{"B": {reference}}}
'''

GEMM = '''"""Generated ({seed}/{index}): GEMM {m}x{n}x{k}, 32x32x32 blocks."""

import numpy as np

from ttmigrate.frontend import T

M, N, K = {m}, {n}, {k}
BLOCK_M = BLOCK_N = BLOCK_K = 32
TAGS = ("generated", "gemm")


@T.prim_func
def main(
    A: T.Tensor((M, K), "bfloat16"),
    B: T.Tensor((K, N), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_K), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_K, BLOCK_N), "bfloat16")
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.clear(C_local)
        for k in T.Pipelined(T.ceildiv(K, BLOCK_K), num_stages=2):
            T.copy(A[by * BLOCK_M, k * BLOCK_K], A_shared)
            T.copy(B[k * BLOCK_K, bx * BLOCK_N], B_shared)
            T.gemm(A_shared, B_shared, C_local)
        T.copy(C_local, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B):
    return {{"C": A.astype(np.float32) @ B.astype(np.float32)}}
'''

BINARY_OPS = {
    "add": ("+", "A_shared[i, j] + B_shared[i, j]", "A.astype(np.float32) + B.astype(np.float32)"),
    "sub": ("-", "A_shared[i, j] - B_shared[i, j]", "A.astype(np.float32) - B.astype(np.float32)"),
    "mul": ("*", "A_shared[i, j] * B_shared[i, j]", "A.astype(np.float32) * B.astype(np.float32)"),
}
FUSED = ("+ relu", "T.max(A_shared[i, j] + B_shared[i, j], T.bfloat16(0))",
         "np.maximum(A.astype(np.float32) + B.astype(np.float32), 0.0)")  # fmt: skip
UNARY_OPS = {
    "exp": ('T.exp(T.cast(A_shared[i, j], "float32"))', "np.exp(A.astype(np.float32))", "float32",
            'TOLERANCE = {"atol": 0.05, "rtol": 0.02}  # bf16 output of exp: one bf16 ulp of results up to 8 is 0.03\n'),
    "relu": ("T.max(A_shared[i, j], T.bfloat16(0))", "np.maximum(A.astype(np.float32), 0.0)", "bfloat16", ""),
    "copy": ("A_shared[i, j]", "A.astype(np.float32)", "bfloat16", ""),
}  # fmt: skip
# family -> share of the generated corpus (roughly the bundled corpus's mix)
FAMILIES = (("eltwise", 0.3), ("unary", 0.2), ("fused", 0.1), ("gemm", 0.4))


@dataclass(frozen=True)
class Generated:
    family: str
    name: str
    text: str


def generate(*, n: int, seed: int) -> list[Generated]:
    rng = random.Random(seed)
    kernels: list[Generated] = []
    names: set[str] = set()
    families = [f for f, _ in FAMILIES]
    weights = [w for _, w in FAMILIES]
    while len(kernels) < n:
        family = rng.choices(families, weights)[0]
        m, n_, k = rng.choice(SIDES), rng.choice(SIDES), rng.choice(SIDES)
        index = len(kernels)
        if family == "eltwise":
            op = rng.choice(sorted(BINARY_OPS))
            sym, body, reference = BINARY_OPS[op]
            name = f"g{index}_{op}_{m}x{n_}"
            text = ELTWISE.format(
                seed=seed, index=index, op=op, sym=sym, m=m, n=n_, body=body, reference=reference
            )
        elif family == "fused":
            sym, body, reference = FUSED
            name = f"g{index}_add_relu_{m}x{n_}"
            text = ELTWISE.format(
                seed=seed, index=index, op="add_relu", sym=sym, m=m, n=n_, body=body, reference=reference
            )
        elif family == "unary":
            op = rng.choice(sorted(UNARY_OPS))
            body, reference, local, tolerance = UNARY_OPS[op]
            name = f"g{index}_{op}_{m}x{n_}"
            text = UNARY.format(
                seed=seed, index=index, op=op, m=m, n=n_, body=body, reference=reference, local=local,
                tolerance=tolerance,
            )  # fmt: skip
        else:
            name = f"g{index}_gemm_m{m}_n{n_}_k{k}"
            text = GEMM.format(seed=seed, index=index, m=m, n=n_, k=k)
        if name in names:
            continue
        names.add(name)
        kernels.append(Generated(family=f"gen_{family}", name=name, text=text))
    return kernels


def write(kernels: list[Generated], out: Path) -> None:
    corpus = (REPO / "corpus").resolve()
    target = out.resolve()
    if target == corpus or target.is_relative_to(corpus):
        raise SystemExit(f"{out}: generated kernels never go into the bundled corpus ({corpus})")
    for kernel in kernels:
        folder = out / kernel.family
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{kernel.name}.py").write_text(kernel.text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, required=True, help="number of kernels")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="output folder (not inside corpus/)")
    args = parser.parse_args()
    if args.n < 1:
        raise SystemExit("--n must be at least 1")
    kernels = generate(n=args.n, seed=args.seed)
    write(kernels, args.out)
    print(f"{len(kernels)} kernels (seed {args.seed}) in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
