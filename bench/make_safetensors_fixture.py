"""Writes Tests/SSRTensorTests/Fixtures/tiny.safetensors with Python's `safetensors` package.

Run from the package root:  /tmp/torchenv/bin/python bench/make_safetensors_fixture.py
The values are written out here and in SafeTensorsTests.swift.
"""
import numpy as np
from safetensors.numpy import save_file

tensors = {
    "encoder.weight": np.array([[1.0, -2.0, 3.5], [0.25, 1e-8, -0.0]], dtype=np.float32),
    "encoder.bias": np.array([0.5, -1.5], dtype=np.float32),
    "scalar": np.array(3.25, dtype=np.float32),
}
save_file(tensors, "Tests/SSRTensorTests/Fixtures/tiny.safetensors", metadata={"format": "pt", "note": "ssr fixture"})
