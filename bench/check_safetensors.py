"""Checks that Python's `safetensors` opens a file written by SSR.

    swift run -c release ssr-bench --write-safetensors /tmp/ssr.safetensors
    /tmp/torchenv/bin/python bench/check_safetensors.py /tmp/ssr.safetensors

The expected tensors are those `ssr-bench --write-safetensors` writes (see SSRBench/Checkpoint.swift).
"""
import sys

import numpy as np
from safetensors import safe_open

path = sys.argv[1]
with safe_open(path, framework="numpy") as f:
    metadata = f.metadata()
    names = sorted(f.keys())
    got = {name: f.get_tensor(name) for name in names}

expected = {
    "layer.bias": np.array([0.5, -0.25, 1e-3], dtype=np.float32),
    "layer.weight": np.arange(6, dtype=np.float32).reshape(2, 3) / 4 - 0.5,
    "scalar": np.array(-7.5, dtype=np.float32),
}
assert names == sorted(expected), f"tensor names {names} != {sorted(expected)}"
for name, value in expected.items():
    assert got[name].dtype == np.float32, f"{name}: dtype {got[name].dtype}"
    assert got[name].shape == value.shape, f"{name}: shape {got[name].shape} != {value.shape}"
    assert np.array_equal(got[name], value), f"{name}: {got[name]} != {value}"
assert metadata == {"writer": "ssr"}, f"metadata {metadata}"
print(f"OK: {path} opened by safetensors; {len(names)} tensors match")
