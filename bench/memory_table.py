"""Peak resident memory of training (and evaluating) each model: SSR against the PyTorch reference.

For each model it runs `ssr-bench --models M` and the PyTorch speed script for the same model
(`bench/pytorch/speed.py` for the ANN models, `speed_snn.py` for the spiking twins) under GNU
time (`/usr/bin/time -v`, Debian's `time` package) and reads "Maximum resident set size": the
whole process, data loading (ml-1m, 5-core, maxLen 20) included, at the same configuration (batch
128, reference sizes), the same thread count and the same number of timed batches.

    python3 bench/memory_table.py --threads 1 > bench/results/memory-ml1m.md

Run it from the repository root after `swift build -c release --product ssr-bench`.
"""
import argparse
import os
import re
import subprocess
import sys

ANN = ["gru4rec", "sasrec", "caser", "srgnn", "fmlp"]
SNN = ["sgru4rec", "sfsrec", "scaser", "srsgnn", "sfmlp"]


def peak_mib(command):
    run = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"failed ({run.returncode}): {' '.join(command)}\n{run.stderr[-2000:]}")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    return int(match.group(1)) / 1024


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--models", default=",".join(ANN + SNN))
    p.add_argument("--batches", type=int, default=10)
    p.add_argument("--ssr-bench", default=".build/release/ssr-bench")
    p.add_argument("--python", default="/tmp/torchenv/bin/python", help="an interpreter with torch")
    a = p.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []
    for m in a.models.split(","):
        ssr = peak_mib([a.ssr_bench, "--models", m, "--threads", str(a.threads), "--rounds", "1", "--batches", str(a.batches)])
        script = "speed.py" if m in ANN else "speed_snn.py"
        torch = peak_mib([a.python, os.path.join(here, "pytorch", script), "--models", m, "--threads", str(a.threads),
                          "--batches", str(a.batches), "--repeats", "1"])
        rows.append((m, ssr, torch))
        print(f"{m}: SSR {ssr:.0f} MiB, PyTorch {torch:.0f} MiB", file=sys.stderr)
    print(f"# Peak resident memory, SSR against PyTorch ({a.threads} thread(s), batch 128, {a.batches} timed batches)\n")
    print(f"    python3 bench/memory_table.py --threads {a.threads} --batches {a.batches}\n")
    print("Whole process, as GNU time reports it: ml-1m loading (5-core, maxLen 20), warm-up, training steps")
    print("(forward, backward, Adam) and full-ranking evaluation batches of the reference configuration.\n")
    print("| model | SSR peak MiB | PyTorch peak MiB | SSR / PyTorch |")
    print("|---|---:|---:|---:|")
    for name, ssr, torch in rows:
        print(f"| {name} | {ssr:,.0f} | {torch:,.0f} | {ssr / torch:.2f} |")


if __name__ == "__main__":
    main()
