"""Training and full-ranking evaluation throughput (samples/s) per model, PyTorch reference.

Training: one step = forward + full-softmax CE (+ Caser's regulariser) + backward + Adam step on
a batch of real ml-1m training samples (seeded shuffle). Evaluation: one step = forward (eval
mode, no grad) + scores against all N+1 items + target ranks and HR/NDCG/MRR@{5,10,20} on a
batch of test samples. Each measurement: --warmup batches untimed, then --batches timed
batches; repeated --repeats times; the median rate is reported (all repeats are printed too).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time

import torch

import data
import models
import train as tr


def measure(fn, n_batches: int, batch_size: int, warmup: int, repeats: int) -> list[float]:
    for i in range(warmup):
        fn(i)
    rates = []
    for r in range(repeats):
        t0 = time.perf_counter()
        for i in range(n_batches):
            fn(warmup + r * n_batches + i)
        rates.append(n_batches * batch_size / (time.perf_counter() - t0))
    return rates


def add_speed_args(p: argparse.ArgumentParser, models: str) -> None:
    """The benchmark's flags (shared with speed_snn.py)."""
    p.add_argument("--models", default=models)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--batches", type=int, default=50, help="timed batches per repeat")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--repeats", type=int, default=3)
    data.add_data_args(p)
    tr.add_model_args(p)


def load_data(a):
    """Sets the thread count, loads ml-1m and checks there are enough samples for the run."""
    torch.set_num_threads(a.threads)
    ds = data.load_from_args(a)
    need = (a.warmup + a.batches * a.repeats) * a.batch_size
    if need > len(ds.train) or need > len(ds.test):
        raise SystemExit(f"error: {need} samples needed but train has {len(ds.train)} and test {len(ds.test)}; "
                         f"lower --batches/--repeats")
    return ds


def bench(name, model, ds, a, train_step=tr.train_step, **extra) -> None:
    """Measures one model's training and evaluation throughput and prints one JSON line."""
    B = a.batch_size
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    perm = torch.randperm(len(ds.train), generator=torch.Generator().manual_seed(a.seed))
    tr_split = ds.train

    def train_batch(i):
        idx = perm[i * B:(i + 1) * B]
        train_step(model, opt, tr_split.histories[idx], tr_split.targets[idx], tr_split.lengths[idx])

    model.train()
    train_rates = measure(train_batch, a.batches, B, a.warmup, a.repeats)

    te = ds.test
    items = model.item_embedding.weight
    sink = tr.Metrics()

    @torch.no_grad()
    def eval_batch(i):
        s = slice(i * B, (i + 1) * B)
        scores = model(te.histories[s], te.lengths[s]) @ items.t()
        sink.add(tr.target_ranks(scores, te.targets[s]))

    model.eval()
    eval_rates = measure(eval_batch, a.batches, B, a.warmup, a.repeats)
    print(json.dumps({
        "model": name, "threads": a.threads, "batch_size": B, "timed_batches": a.batches,
        "repeats": a.repeats, **extra, "train_samples_per_s": statistics.median(train_rates),
        "eval_samples_per_s": statistics.median(eval_rates),
        "train_all": [round(x, 1) for x in train_rates], "eval_all": [round(x, 1) for x in eval_rates],
        "torch": torch.__version__, "machine": platform.machine(),
    }), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_speed_args(p, "gru4rec,sasrec,caser,srgnn,fmlp")
    a = p.parse_args()
    ds = load_data(a)
    for name in a.models.split(","):
        torch.manual_seed(a.seed)
        bench(name, models.build(name, ds.n_items, **tr.model_kwargs(a)), ds, a)


if __name__ == "__main__":
    main()
