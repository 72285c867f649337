"""Train and evaluate one model on ml-1m with the paper's protocol (PyTorch reference for SSR).

Protocol (serenRec @0c85847 `fit`/`evaluate`, ssr-official-code.md §2.1, §2.5), with the
deviations listed in README.md:
- loss: full-softmax cross-entropy of `rep @ item_embedding.weight.T` over all N+1 rows
  (padding row 0 included in the softmax; targets are never 0), + Caser's L2-norm regulariser;
- Adam(lr 1e-3, weight_decay 1e-4): PyTorch's coupled L2 (wd * param added to the gradient),
  on every parameter; constant learning rate; batch 128; seeded shuffling each epoch;
- after every epoch, full-ranking evaluation on the TEST split (the paper's protocol, no
  validation slice); the best epoch by --select-metric (default NDCG@10) is kept.
Metrics: rank = 1 + #{ j in 1..N : score_j > score_target } (ties in favour of the target,
padding column 0 never ranked, NaN target score -> rank N); HR@k = [rank<=k],
NDCG@k = [rank<=k]/log2(rank+1), MRR@k = [rank<=k]/rank; exact mean over test samples (float64).
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import sys
import time

import torch
import torch.nn.functional as F

import data
import models

KS = (5, 10, 20)


def model_kwargs(a) -> dict:
    return dict(dim=a.dim, max_len=a.max_len, n_layers=a.layers, n_heads=a.heads, dropout=a.dropout,
                inner=a.inner, n_v=a.n_v, n_h=a.n_h, reg_weight=a.reg_weight, step=a.step)


def target_ranks(scores: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """scores [B, N+1] (column 0 = padding), targets [B] in 1..N -> 1-based ranks [B] (int64)."""
    t = scores.gather(1, targets.view(-1, 1))
    ranks = (scores[:, 1:] > t).sum(1) + 1
    nan = torch.isnan(t.view(-1))
    if nan.any():
        ranks[nan] = scores.shape[1] - 1
    return ranks


class Metrics:
    def __init__(self, ks=KS):
        self.ks = ks
        self.n = 0
        self.sums = {f"{m}{k}": 0.0 for k in ks for m in ("hr", "ndcg", "mrr")}

    def add(self, ranks: torch.Tensor):
        r = ranks.to(torch.float64)
        self.n += r.numel()
        for k in self.ks:
            hit = r <= k
            self.sums[f"hr{k}"] += hit.sum().item()
            self.sums[f"ndcg{k}"] += torch.where(hit, 1.0 / torch.log2(r + 1.0), 0.0).sum().item()
            self.sums[f"mrr{k}"] += torch.where(hit, 1.0 / r, 0.0).sum().item()

    def result(self) -> dict:
        return {k: v / self.n for k, v in self.sums.items()}


@torch.no_grad()
def evaluate(model, split: data.Split, batch_size: int = 128, ks=KS) -> tuple[dict, float]:
    """Full-ranking metrics over `split`; returns (metrics, seconds)."""
    start = time.perf_counter()
    m = Metrics(ks)
    if isinstance(model, models.Pop):
        scores = model.counts.to(torch.float32).unsqueeze(0)
        for i in range(0, len(split), batch_size):
            t = split.targets[i:i + batch_size]
            m.add(target_ranks(scores.expand(t.shape[0], -1), t))
        return m.result(), time.perf_counter() - start
    model.eval()
    items = model.item_embedding.weight
    for i in range(0, len(split), batch_size):
        h, t, l = split.histories[i:i + batch_size], split.targets[i:i + batch_size], split.lengths[i:i + batch_size]
        scores = model(h, l) @ items.t()
        m.add(target_ranks(scores, t))
    return m.result(), time.perf_counter() - start


def train_step(model, opt, h, t, l) -> torch.Tensor:
    opt.zero_grad()
    logits = model(h, l) @ model.item_embedding.weight.t()
    loss = F.cross_entropy(logits, t)
    if isinstance(model, models.Caser):
        loss = loss + model.reg_loss()
    loss.backward()
    opt.step()
    return loss


def add_model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dim", type=int, default=64, help="item embedding / hidden size")
    p.add_argument("--layers", type=int, default=2, help="SASRec / FMLP-Rec layers")
    p.add_argument("--heads", type=int, default=2, help="SASRec heads")
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--inner", type=int, default=256, help="SASRec FFN size (FMLP-Rec always uses 4*dim)")
    p.add_argument("--n-v", type=int, default=4)
    p.add_argument("--n-h", type=int, default=8)
    p.add_argument("--reg-weight", type=float, default=1e-4, help="Caser L2-norm regulariser weight")
    p.add_argument("--step", type=int, default=1, help="SRGNN GNN steps")
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    p.add_argument("--seed", type=int, default=2024)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True, choices=sorted(models.MODELS) + ["pop"])
    p.add_argument("--epochs", type=int, default=25, help="SPEC default 25 (the reference's main.py uses 20)")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--eval-batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--max-train-samples", type=int, default=0,
                   help="use only the first n training samples (0 = all); test is always complete")
    p.add_argument("--select-metric", default="ndcg10", help="checkpoint selection on test (reference: mrr10)")
    p.add_argument("--pop-source", choices=["history", "target"], default="history")
    p.add_argument("--save", default="", help="write the best state_dict here (safetensors)")
    data.add_data_args(p)
    add_model_args(p)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    wall = time.perf_counter()

    ds = data.load_from_args(a)
    train = ds.train if a.max_train_samples <= 0 else ds.train.head(a.max_train_samples)
    print(f"# data: users {ds.n_users} items {ds.n_items} interactions {ds.n_interactions} "
          f"train {len(train)} (of {len(ds.train)}) test {len(ds.test)}; threads {a.threads}; seed {a.seed}",
          flush=True)

    torch.manual_seed(a.seed)
    if a.model == "pop":
        model = models.Pop(ds.n_items, a.pop_source).fit(train.histories, train.targets)
        res, eval_s = evaluate(model, ds.test, a.eval_batch_size)
        out = {"model": "pop", "epochs": 0, "best_epoch": 0, **res, "train_samples_per_s": None,
               "eval_samples_per_s": len(ds.test) / eval_s, "seconds": time.perf_counter() - wall,
               "train_samples": len(train), "test_samples": len(ds.test), "threads": a.threads, "seed": a.seed}
        print(json.dumps(out), flush=True)
        return out

    model = models.build(a.model, ds.n_items, **model_kwargs(a))
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, weight_decay=a.weight_decay)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"# {a.model}: {n_params} parameters", flush=True)
    gen = torch.Generator().manual_seed(a.seed)

    best, best_state, best_epoch = None, None, 0
    train_time, trained, eval_time, evaluated = 0.0, 0, 0.0, 0
    for epoch in range(1, a.epochs + 1):
        model.train()
        perm = torch.randperm(len(train), generator=gen)
        total, batches = 0.0, 0
        t0 = time.perf_counter()
        for b, i in enumerate(range(0, len(train), a.batch_size)):
            idx = perm[i:i + a.batch_size]
            loss = train_step(model, opt, train.histories[idx], train.targets[idx], train.lengths[idx])
            lv = loss.item()
            if not math.isfinite(lv):
                print(f"error: non-finite loss {lv} at epoch {epoch}, batch {b + 1}; stopping "
                      f"(best epoch so far: {best_epoch})", file=sys.stderr, flush=True)
                a.epochs = epoch - 1
                break
            total += lv
            batches += 1
        else:
            dt = time.perf_counter() - t0
            train_time += dt
            trained += len(train)
            res, es = evaluate(model, ds.test, a.eval_batch_size)
            eval_time += es
            evaluated += len(ds.test)
            mark = ""
            if best is None or res[a.select_metric] > best[a.select_metric]:
                best, best_state, best_epoch, mark = res, copy.deepcopy(model.state_dict()), epoch, " *"
            print(f"epoch {epoch:3d}  loss {total / batches:.4f}  train {dt:7.1f}s ({len(train) / dt:7.0f}/s)  "
                  f"HR@10 {res['hr10']:.4f}  NDCG@10 {res['ndcg10']:.4f}  MRR@10 {res['mrr10']:.4f}  "
                  f"eval {es:6.1f}s{mark}", flush=True)
            continue
        break

    if best is None:
        print("error: no epoch completed", file=sys.stderr)
        sys.exit(1)
    if a.save:
        from safetensors.torch import save_file
        save_file({k: v.contiguous() for k, v in best_state.items()}, a.save)
    out = {"model": a.model, "epochs": a.epochs, "best_epoch": best_epoch, **best,
           "train_samples_per_s": trained / train_time if train_time else None,
           "eval_samples_per_s": evaluated / eval_time if eval_time else None,
           "seconds": time.perf_counter() - wall, "train_samples": len(train), "test_samples": len(ds.test),
           "threads": a.threads, "seed": a.seed}
    print(json.dumps(out), flush=True)
    return out


if __name__ == "__main__":
    main()
