"""SSR against the PyTorch reference: training and evaluation samples/s per model, as a table.

For each model it runs `ssr-bench --models M` and then the PyTorch speed script for the same
model (`bench/pytorch/speed.py` for the ANN models, `speed_snn.py` for the spiking twins), back to
back with the same thread count, batch size and number of timed batches, so that both see the
same machine state; then prints one Markdown row per model with both medians and SSR/PyTorch.

    python3 bench/speed_table.py --threads 1
    python3 bench/speed_table.py --threads 2 --models sgru4rec,sfsrec

Run it from the repository root after `swift build -c release --product ssr-bench`.
"""
import argparse
import json
import os
import subprocess
import sys

ANN = ["gru4rec", "sasrec", "caser", "srgnn", "fmlp"]
SNN = ["sgru4rec", "sfsrec", "scaser", "srsgnn", "sfmlp"]


def json_lines(command, env=None):
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--models", default=",".join(ANN + SNN))
    p.add_argument("--batches", type=int, default=20, help="timed batches per repeat (both sides)")
    p.add_argument("--repeats", type=int, default=3, help="repeats; each side reports the median")
    p.add_argument("--ssr-bench", default=".build/release/ssr-bench")
    p.add_argument("--python", default="/tmp/torchenv/bin/python", help="an interpreter with torch")
    p.add_argument("--openblas-auto", action="store_true",
                   help="unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for ssr-bench only, so OpenBLAS picks its own kernel "
                        "(PyTorch uses MKL and is not affected by them)")
    a = p.parse_args()
    ssr_env = None
    if a.openblas_auto:
        ssr_env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []
    for m in a.models.split(","):
        ssr = json_lines([a.ssr_bench, "--models", m, "--threads", str(a.threads), "--rounds", str(a.repeats),
                          "--batches", str(a.batches)], env=ssr_env)
        ssr = [r for r in ssr if r.get("bench") == "model"][0]
        script = "speed.py" if m in ANN else "speed_snn.py"
        torch = json_lines([a.python, os.path.join(here, "pytorch", script), "--models", m, "--threads", str(a.threads),
                            "--batches", str(a.batches), "--repeats", str(a.repeats)])[0]
        row = (ssr["model"], ssr["train_samples_per_s"], torch["train_samples_per_s"],
               ssr["eval_samples_per_s"], torch["eval_samples_per_s"])
        rows.append(row)
        print(f"{row[0]}: train {row[1]:,.0f} vs {row[2]:,.0f}, eval {row[3]:,.0f} vs {row[4]:,.0f}", file=sys.stderr)
    kernel = "OpenBLAS's own kernel choice" if a.openblas_auto else f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}"
    print(f"\n{a.threads} thread(s), batch 128, median of {a.repeats} × {a.batches} batches, samples/s; SSR with {kernel}\n")
    print("| model | SSR train | PyTorch train | ratio | SSR eval | PyTorch eval | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, st, pt, se, pe in rows:
        print(f"| {name} | {st:,.0f} | {pt:,.0f} | {st / pt:.2f} | {se:,.0f} | {pe:,.0f} | {se / pe:.2f} |")


if __name__ == "__main__":
    main()
