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

import torch
import torch.nn.functional as F

import spiking
import train as tr
from speed import add_speed_args, bench, load_data


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
    add_speed_args(p, "sgru4rec,sfsrec,scaser,srsgnn,sfmlp")
    p.add_argument("--T", type=int, default=4, help="simulation time steps")
    p.add_argument("--tau", type=float, default=2.0, help="LIF membrane time constant")
    a = p.parse_args()
    ds = load_data(a)
    for name in a.models.split(","):
        torch.manual_seed(a.seed)
        model = spiking.build(name, ds.n_items, T=a.T, tau=a.tau, **tr.model_kwargs(a))
        bench(name, model, ds, a, train_step=train_step, T=a.T)


if __name__ == "__main__":
    main()
