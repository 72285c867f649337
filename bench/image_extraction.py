"""Image-feature extraction throughput on generated images: SSR's feature store against transformers' CLIP.

Real CLIP weights (clip-vit-base-patch32) are not available on the machine this was written on, so
this uses the tiny random CLIP fixture (Tests/SSRMultimodalTests/Fixtures/tiny-clip, made by
bench/make_tiny_clip_fixture.py): the model is so small that the figures measure decoding and
preprocessing more than the vision tower. `--model DIR` names a real CLIPVisionModelWithProjection
directory instead.

Setup: the venv of bench/feature_extraction.py (sentence-transformers brings transformers and torch)
plus `/tmp/venv-st/bin/pip install pillow`, and `swift build -c release --product ssr-bench`. Run from the package root:

    /tmp/venv-st/bin/python bench/image_extraction.py

For each thread count and round, back to back: one SSR extraction (`OPENBLAS_NUM_THREADS=N ssr-bench
--extract-images MODEL --images FOLDER --threads N --rounds 1`: decoding, CLIP preprocessing,
encoding, chunk files, index) and one transformers pass over the same files (Pillow decoding,
`CLIPImageProcessor`, `CLIPVisionModelWithProjection`, batch 16, torch.set_num_threads(N)). The
results are appended to bench/results/feature-extraction.md (replacing an earlier image section).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results", "feature-extraction.md")
FIXTURE = os.path.join(ROOT, "Tests", "SSRMultimodalTests", "Fixtures", "tiny-clip")
MARKER = "## Images"


def generate(folder, count, seed):
    """`count` images: JPEG and PNG in turn, 320 x 240 or 240 x 320, gradients with noise."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    for i in range(count):
        h, w = (240, 320) if i % 2 == 0 else (320, 240)
        y, x = np.mgrid[0:h, 0:w]
        base = np.stack([x * 255 / w, y * 255 / h, (x + y) * 127 / (w + h)], axis=-1)
        pixels = np.clip(base + rng.normal(0, 30, size=(h, w, 3)), 0, 255).astype(np.uint8)
        image = Image.fromarray(pixels, "RGB")
        if i % 2 == 0:
            image.save(os.path.join(folder, f"{i:04d}.jpg"), quality=90)
        else:
            image.save(os.path.join(folder, f"{i:04d}.png"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=FIXTURE)
    parser.add_argument("--bench", default=os.path.join(ROOT, ".build", "release", "ssr-bench"))
    parser.add_argument("--count", type=int, default=64)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    import torch
    import transformers
    from PIL import Image
    from transformers import CLIPImageProcessor, CLIPVisionModelWithProjection

    processor = CLIPImageProcessor.from_pretrained(args.model)
    model = CLIPVisionModelWithProjection.from_pretrained(args.model).eval()
    with open("/proc/loadavg") as f:
        load_before = f.read().split()[0]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        generate(folder, args.count, seed=14)
        files = sorted(os.path.join(folder, name) for name in os.listdir(folder))
        for threads in [int(t) for t in args.threads.split(",")]:
            torch.set_num_threads(threads)
            ssr, hf = [], []
            for round_index in range(args.rounds):
                env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
                output = subprocess.run(
                    [args.bench, "--extract-images", args.model, "--images", folder, "--threads", str(threads), "--rounds", "1", "--batch", str(args.batch)],
                    cwd=ROOT, env=env, check=True, capture_output=True, text=True,
                ).stdout
                ssr.append([json.loads(line) for line in output.splitlines() if line.startswith("{")][-1]["items_per_second"])
                start = time.perf_counter()
                with torch.no_grad():
                    for i in range(0, len(files), args.batch):
                        images = [Image.open(path).convert("RGB") for path in files[i : i + args.batch]]
                        model(**processor(images=images, return_tensors="pt"))
                hf.append(len(files) / (time.perf_counter() - start))
                print(f"threads {threads} round {round_index + 1}: SSR {ssr[-1]:.1f} images/s, transformers {hf[-1]:.1f} images/s", flush=True)
            rows.append((threads, ssr, hf))
    with open("/proc/loadavg") as f:
        load_after = f.read().split()[0]
    table = ["| threads | SSR extraction images/s (median) | transformers images/s (median) | SSR / transformers | SSR rounds | transformers rounds |", "|---|---|---|---|---|---|"]
    for threads, ssr, hf in rows:
        s, h = statistics.median(ssr), statistics.median(hf)
        table.append(f"| {threads} | {s:.0f} | {h:.0f} | {s / h:.2f} | {', '.join(f'{r:.0f}' for r in ssr)} | {', '.join(f'{r:.0f}' for r in hf)} |")
    print("\n".join(table))
    if args.no_write:
        return
    name = "the tiny random CLIP fixture (tests' tiny-clip)" if os.path.abspath(args.model) == FIXTURE else args.model
    section = f"""{MARKER}

```sh
/tmp/venv-st/bin/pip install pillow
/tmp/venv-st/bin/python bench/image_extraction.py --rounds {args.rounds}
```

{args.count} generated images (half 320 x 240 JPEG, half 240 x 320 PNG, gradients with noise), encoded with {name}:
per round one `OPENBLAS_NUM_THREADS=N ssr-bench --extract-images MODEL --images FOLDER --threads N --rounds 1` (decoding with
libjpeg/libpng, CLIP preprocessing, encoding, chunk files, merge, index) and one transformers pass over the same files (Pillow,
`CLIPImageProcessor`, `CLIPVisionModelWithProjection`, batch {args.batch}), back to back; transformers {transformers.__version__}.
**Real CLIP weights (clip-vit-base-patch32) are not available here**, so the model is the tiny random fixture and the figures
measure decoding and preprocessing more than the vision tower; they say nothing about clip-vit-base-patch32's speed.
The machine was shared with other builds (1-minute load average {load_before} before, {load_after} after).

{chr(10).join(table)}
"""
    text = open(RESULTS, encoding="utf-8").read() if os.path.exists(RESULTS) else ""
    if MARKER in text:
        text = text[: text.index(MARKER)]
    with open(RESULTS, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n\n" + section)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    sys.exit(main())
