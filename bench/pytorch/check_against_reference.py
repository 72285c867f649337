"""Check models.py against the official serenRec model classes (not part of the benchmark).

Needs a checkout of AmazingDD/serenRec at commit 0c85847 (e.g. `git archive 0c85847 seren | tar -x
-C DIR`); pass DIR with --ref. The reference files are imported from there, not copied.
For each model: build ours (seed), load our state_dict into the reference class with
strict=True (same names and shapes), then compare on real ml-1m test samples
(1) eval-mode representations, (2) train-mode representations under the same RNG seed (same
dropout masks => same dropout placement), (3) gradients of the training loss
(CE over all items, + Caser's regulariser) for every parameter; and (0) that both classes,
built after torch.manual_seed(seed), start from identical weights.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import sys
import types

import torch
import torch.nn.functional as F

import data
import models
import train as tr

FILES = {"gru4rec": ("gru4rec", "GRU4Rec"), "sasrec": ("sasrec", "SASRec"), "caser": ("caser", "Caser"),
         "srgnn": ("srgnn", "SRGNN"), "fmlp": ("fmlp", "FMLP")}


def load_ref(ref_dir, module):
    if "tqdm" not in sys.modules:
        try:
            import tqdm  # noqa: F401
        except ImportError:  # the model files import tqdm only for their fit loops
            stub = types.ModuleType("tqdm")
            stub.tqdm = lambda x, **_: x
            stub.__spec__ = importlib.machinery.ModuleSpec("tqdm", None)
            sys.modules["tqdm"] = stub
    spec = importlib.util.spec_from_file_location(f"ref_{module}", f"{ref_dir}/seren/recommender/{module}.py")
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ref", required=True, help="directory holding seren/ of serenRec @0c85847")
    p.add_argument("--samples", type=int, default=256)
    p.add_argument("--models", default="gru4rec,sasrec,caser,srgnn,fmlp")
    data.add_data_args(p)
    tr.add_model_args(p)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    ds = data.load_from_args(a)
    te = ds.test
    idx = torch.randperm(len(te), generator=torch.Generator().manual_seed(0))[:a.samples]
    h, t, l = te.histories[idx], te.targets[idx], te.lengths[idx]
    params = dict(logger=None, epochs=1, device="cpu", learning_rate=1e-3, weight_decay=1e-4,
                  item_embedding_dim=a.dim, dropout_prob=a.dropout, num_layers=a.layers, num_heads=a.heads,
                  max_seq_len=a.max_len, reg_weight=a.reg_weight, step=a.step)
    worst = 0.0
    for name in a.models.split(","):
        module, cls = FILES[name]
        torch.manual_seed(a.seed)
        ours = models.build(name, ds.n_items, **tr.model_kwargs(a))
        ref_cls = getattr(load_ref(a.ref, module), cls)
        torch.manual_seed(a.seed)
        ref = ref_cls(ds.n_items, params)
        same_init = all(torch.equal(v, ref.state_dict()[k]) for k, v in ours.state_dict().items())
        ref.load_state_dict(ours.state_dict(), strict=True)
        call_ref = (lambda m: m(h)) if name == "caser" else (lambda m: m(h, l))

        def loss_of(m, rep):
            loss = F.cross_entropy(rep @ m.item_embedding.weight.t(), t)
            if name == "caser":
                if m is ours:
                    loss = loss + m.reg_loss()
                else:
                    reg = m.item_embedding.weight.norm(2) + m.conv_v.weight.norm(2) + m.fc.weight.norm(2)
                    loss = loss + m.reg_loss_conv_h() + m.reg_weight * reg
            return loss

        ours.eval(); ref.eval()
        with torch.no_grad():
            d_eval = (ours(h, l) - call_ref(ref)).abs().max().item()
        ours.train(); ref.train()
        torch.manual_seed(123); r1 = ours(h, l)
        torch.manual_seed(123); r2 = call_ref(ref)
        d_train = (r1 - r2).abs().max().item()
        loss_of(ours, r1).backward()
        loss_of(ref, r2).backward()
        gp = dict(ref.named_parameters())
        d_grad = max((pp.grad - gp[n].grad).abs().max().item() for n, pp in ours.named_parameters())
        zero = [n for n, pp in ours.named_parameters() if pp.grad is None or pp.grad.abs().max() == 0]
        worst = max(worst, d_eval, d_train, d_grad, 0.0 if same_init else 1.0)
        print(f"{name:8s} state_dict keys {len(ours.state_dict())} (strict load ok)  same init under the seed: {same_init}  max|diff| eval {d_eval:.2e}  "
              f"train(dropout) {d_train:.2e}  grad {d_grad:.2e}  params with zero grad: {zero or 'none'}")
    if worst > 1e-5:
        raise SystemExit(f"error: differences above 1e-5 (worst {worst:.2e})")


if __name__ == "__main__":
    main()
