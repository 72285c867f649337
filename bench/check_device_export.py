"""Checks that Python's `safetensors` reads a model written by SSR's `exportModel` (F32 or F16).

    python3 -m venv /tmp/st-venv && /tmp/st-venv/bin/pip install safetensors numpy
    /tmp/st-venv/bin/python bench/check_device_export.py export/sgru4rec [export/sgru4rec-f16]

For each export directory: the config's fields, every tensor's dtype, the tensor count and the
parameter count the config states. With two directories (the same model in F32 and F16), the F16
weights must be the F32 weights rounded to half precision (numpy's float16 rounding).
"""
import json
import os
import sys

import numpy as np
from safetensors import safe_open


def load(directory):
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    for field in ["format", "tool", "model", "config", "spiking", "itemCount", "maxLen", "dataset",
                  "datasetFingerprint", "split", "dtype", "tensors", "parameters"]:
        assert field in config, f"{directory}: config.json lacks {field}"
    with safe_open(os.path.join(directory, "model.safetensors"), framework="numpy") as f:
        tensors = {name: f.get_tensor(name) for name in f.keys()}
        metadata = f.metadata()
    dtype = {"F32": np.float32, "F16": np.float16}[config["dtype"]]
    assert all(t.dtype == dtype for t in tensors.values()), f"{directory}: dtypes {set(t.dtype for t in tensors.values())}"
    assert len(tensors) == config["tensors"], f"{directory}: {len(tensors)} tensors, config says {config['tensors']}"
    assert sum(t.size for t in tensors.values()) == config["parameters"], f"{directory}: parameter count"
    assert metadata.get("model") == config["model"], f"{directory}: metadata {metadata}"
    embedding = tensors["item_embedding.weight"]
    assert embedding.shape[0] == config["itemCount"] + 1, f"{directory}: item table {embedding.shape}"
    print(f"OK: {directory}: .{config['model']} {config['dtype']}, {len(tensors)} tensors, "
          f"{config['parameters']} parameters, {config['itemCount']} items of {config['dataset']}")
    return config, tensors


exports = [load(d) for d in sys.argv[1:]]
if len(exports) == 2:
    (_, full), (_, half) = exports
    assert sorted(full) == sorted(half)
    for name in full:
        assert np.array_equal(full[name].astype(np.float16), half[name]), f"{name}: F16 is not the rounded F32"
    print("OK: the F16 weights are the F32 weights rounded to half precision")
