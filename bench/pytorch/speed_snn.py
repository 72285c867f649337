"""Training and full-ranking evaluation throughput (samples/s) per SPIKING model, PyTorch reference.

Same protocol and output format as speed.py: training step = forward + full-softmax CE over all
N+1 items (+ SCaser's L2-norm regulariser) + backward + Adam(lr 1e-3, wd 1e-4) on a batch of real
ml-1m training samples (seeded shuffle); evaluation step = forward (eval mode, no grad) + scores
against all items + target ranks and HR/NDCG/MRR@{5,10,20} on a batch of test samples.
--warmup batches untimed, then --batches timed batches, repeated --repeats times; median reported.
Models: spiking.py (LIF written by hand, Python loop over T; no SpikingJelly).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics

import torch
import torch.nn.functional as F

import data
import spiking
import train as tr
from speed import measure


def train_step(model, opt, h, t, l) -> torch.Tensor:
    opt.zero_grad()
    logits = model(h, l) @ model.item_embedding.weight.t()
    loss = F.cross_entropy(logits, t)
    if isinstance(model, spiking.SCaser):
        loss = loss + model.reg_loss()
    loss.backward()
    opt.step()
    return loss


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--models", default="sgru4rec,sfsrec,scaser,srsgnn,sfmlp")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--batches", type=int, default=50, help="timed batches per repeat")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--T", type=int, default=4, help="simulation time steps")
    p.add_argument("--tau", type=float, default=2.0, help="LIF membrane time constant")
    data.add_data_args(p)
    tr.add_model_args(p)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    ds = data.load_from_args(a)
    B = a.batch_size
    need = (a.warmup + a.batches * a.repeats) * B
    if need > len(ds.train) or need > len(ds.test):
        raise SystemExit(f"error: {need} samples needed but train has {len(ds.train)} and test {len(ds.test)}; "
                         f"lower --batches/--repeats")
    for name in a.models.split(","):
        torch.manual_seed(a.seed)
        model = spiking.build(name, ds.n_items, T=a.T, tau=a.tau, **tr.model_kwargs(a))
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
            "repeats": a.repeats, "T": a.T, "train_samples_per_s": statistics.median(train_rates),
            "eval_samples_per_s": statistics.median(eval_rates),
            "train_all": [round(x, 1) for x in train_rates], "eval_all": [round(x, 1) for x in eval_rates],
            "torch": torch.__version__, "machine": platform.machine(),
        }), flush=True)


if __name__ == "__main__":
    main()
