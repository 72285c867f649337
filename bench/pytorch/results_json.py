"""Collect the final JSON line of each `train.py` run in a log into one JSON array.

`train.py` ends every run with a JSON line; a log of several runs (`### model` headers, epoch
lines, JSON lines) becomes `[{"model": "GRU4Rec", "epochs": 3, "best_epoch": 3, "hr10": ...}, ...]`
with SSR's display names, in the order of `--order`, for `readJSON` in a notebook:

    python results_json.py logs/ann-3epochs.log ../results/ann-baselines-pytorch.json
"""
import argparse
import json

NAMES = {"gru4rec": "GRU4Rec", "sasrec": "SASRec", "caser": "Caser", "srgnn": "SRGNN", "fmlp": "FMLP-Rec", "pop": "Popularity"}
FIELDS = ["model", "epochs", "best_epoch", "hr10", "ndcg10", "mrr10", "seconds", "threads", "seed"]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("log")
    p.add_argument("out")
    p.add_argument("--order", default="gru4rec,sasrec,caser,srgnn,fmlp", help="models to keep, in this order")
    args = p.parse_args()
    runs = {}
    with open(args.log) as f:
        for line in f:
            if line.startswith("{"):
                run = json.loads(line)
                runs[run["model"]] = run
    missing = [m for m in args.order.split(",") if m not in runs]
    if missing:
        raise SystemExit(f"{args.log}: no final JSON line for {', '.join(missing)} (did those runs finish?)")
    rows = []
    for m in args.order.split(","):
        run = dict(runs[m], model=NAMES.get(m, m))
        rows.append({k: run[k] for k in FIELDS if k in run})
    with open(args.out, "w") as f:
        json.dump(rows, f, indent=2)
        f.write("\n")
    print(f"wrote {len(rows)} runs to {args.out}")


if __name__ == "__main__":
    main()
