"""Export tiny SASRec and GRU4Rec fixtures (weights, inputs, outputs) for the Swift port.

Writes fixtures/{sasrec,gru4rec}_tiny.safetensors. All tensors are float32 (the SSR safetensors
reader accepts only F32): integer inputs (histories, lengths) are stored as exact float32 values.
Every parameter appears under its PyTorch state_dict name. After writing, the file is read back
and the outputs are recomputed from the stored tensors with the written-out formulas of
fixtures/README.md (`manual_*` below, no nn modules); the script fails if they differ by > 1e-5.
"""

from __future__ import annotations

import argparse
import math
import os

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

import models

CFG = dict(n_items=20, dim=8, max_len=5, n_layers=2, n_heads=2, inner=12, dropout=0.0)
HISTORIES = [[3, 17, 5, 3, 20],   # full window (length 5), a repeated item
             [11, 2, 9, 0, 0],    # length 3, right-padded with 0
             [7, 0, 0, 0, 0]]     # length 1
LENGTHS = [5, 3, 1]


def reseed_parameters(model: torch.nn.Module, seed: int) -> None:
    """Redraw every parameter (state_dict order) so no two tensors are equal (the deep-copied
    layers would otherwise start identical): LayerNorm weight 1 + 0.1 N(0,1), LayerNorm bias
    0.1 N(0,1), everything else 0.3 N(0,1). The padding row 0 of the item table is NOT zeroed
    (after training it is not zero either, because row 0 gets gradients through the softmax)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            z = torch.randn(p.shape, generator=g)
            if "LayerNorm.weight" in name:
                p.copy_(1.0 + 0.1 * z)
            elif "LayerNorm.bias" in name:
                p.copy_(0.1 * z)
            else:
                p.copy_(0.3 * z)


def layer_norm(x, w, b, eps=1e-12):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)  # biased variance
    return (x - mu) / torch.sqrt(var + eps) * w + b


def linear(x, t, prefix):
    return x @ t[prefix + ".weight"].t() + t[prefix + ".bias"]


def manual_sasrec(t, n_layers, n_heads):
    h_in = t["input.histories"].long()
    lens = t["input.lengths"].long()
    S, L = h_in.shape
    D = t["item_embedding.weight"].shape[1]
    dh = D // n_heads
    x = t["item_embedding.weight"][h_in] + t["position_embedding.weight"][:L].unsqueeze(0)
    x = layer_norm(x, t["LayerNorm.weight"], t["LayerNorm.bias"])
    i = torch.arange(L)
    allowed = (i.view(1, L, 1) >= i.view(1, 1, L)) & (h_in != 0).view(S, 1, L)  # [S, Lq, Lk]
    mask = torch.where(allowed, 0.0, -10000.0)
    for l in range(n_layers):
        p = f"trm_encoder.layer.{l}."
        a = p + "multi_head_attention."
        q, k, v = (linear(x, t, a + n) for n in ("query", "key", "value"))
        heads = []
        for hh in range(n_heads):
            sl = slice(hh * dh, (hh + 1) * dh)
            s = q[..., sl] @ k[..., sl].transpose(1, 2) / math.sqrt(dh) + mask
            heads.append(torch.softmax(s, -1) @ v[..., sl])
        ctx = torch.cat(heads, -1)
        x = layer_norm(linear(ctx, t, a + "dense") + x, t[a + "LayerNorm.weight"], t[a + "LayerNorm.bias"])
        f = p + "feed_forward."
        u = linear(x, t, f + "dense_1")
        u = 0.5 * u * (1.0 + torch.erf(u / math.sqrt(2.0)))
        x = layer_norm(linear(u, t, f + "dense_2") + x, t[f + "LayerNorm.weight"], t[f + "LayerNorm.bias"])
    return x[torch.arange(S), lens - 1]


def manual_gru4rec(t):
    h_in = t["input.histories"].long()
    lens = t["input.lengths"].long()
    S, L = h_in.shape
    E = t["item_embedding.weight"]
    Wi, Wh = t["gru_layers.weight_ih_l0"], t["gru_layers.weight_hh_l0"]
    D = Wh.shape[1]
    h = torch.zeros(S, D)
    outs = []
    for step in range(L):
        gi = E[h_in[:, step]] @ Wi.t()
        gh = h @ Wh.t()
        r = torch.sigmoid(gi[:, :D] + gh[:, :D])
        z = torch.sigmoid(gi[:, D:2 * D] + gh[:, D:2 * D])
        n = torch.tanh(gi[:, 2 * D:] + r * gh[:, 2 * D:])
        h = (1 - z) * n + z * h
        outs.append(h)
    out = torch.stack(outs, 1)[torch.arange(S), lens - 1]
    return linear(out, t, "dense")


def export(name: str, out_dir: str, seed: int) -> float:
    torch.manual_seed(seed)
    c = CFG
    if name == "sasrec":
        model = models.SASRec(c["n_items"], dim=c["dim"], max_len=c["max_len"], n_layers=c["n_layers"],
                              n_heads=c["n_heads"], dropout=c["dropout"], inner=c["inner"])
    else:
        model = models.GRU4Rec(c["n_items"], dim=c["dim"], dropout=c["dropout"])
    reseed_parameters(model, seed)
    model.eval()
    hist = torch.tensor(HISTORIES, dtype=torch.long)
    lens = torch.tensor(LENGTHS, dtype=torch.long)
    tensors = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    with torch.no_grad():
        if name == "sasrec":
            pos = torch.arange(hist.size(1)).unsqueeze(0).expand_as(hist)
            emb = model.LayerNorm(model.item_embedding(hist) + model.position_embedding(pos))
            mask = models.SASRec.attention_mask(hist)
            tensors["intermediate.embedding"] = emb
            tensors["intermediate.attention_mask"] = mask.squeeze(1).contiguous()
            x = emb
            for l, layer in enumerate(model.trm_encoder.layer):
                x = layer(x, mask)
                tensors[f"intermediate.layer{l}"] = x
        else:
            gru_out, _ = model.gru_layers(model.item_embedding(hist))
            tensors["intermediate.gru_output"] = gru_out
            tensors["intermediate.dense_output"] = model.dense(gru_out)
        rep = model(hist, lens)
        scores = rep @ model.item_embedding.weight.t()
    tensors["input.histories"] = hist.to(torch.float32)
    tensors["input.lengths"] = lens.to(torch.float32)
    tensors["output.representation"] = rep
    tensors["output.scores"] = scores
    tensors = {k: v.detach().to(torch.float32).contiguous() for k, v in tensors.items()}
    meta = {k: str(v) for k, v in c.items()}
    meta.update(model=name, seed=str(seed), torch=torch.__version__, layer_norm_eps="1e-12",
                note="all tensors float32; input.* are exact integers stored as float32")
    if name == "gru4rec":
        for k in ("n_layers", "n_heads", "inner", "layer_norm_eps"):
            meta.pop(k)
    path = os.path.join(out_dir, f"{name}_tiny.safetensors")
    save_file(tensors, path, metadata=meta)

    t = load_file(path)
    manual = manual_sasrec(t, c["n_layers"], c["n_heads"]) if name == "sasrec" else manual_gru4rec(t)
    err_rep = (manual - t["output.representation"]).abs().max().item()
    err_sc = (manual @ t["item_embedding.weight"].t() - t["output.scores"]).abs().max().item()
    print(f"{path}: {len(t)} tensors; manual re-computation max |diff| representation {err_rep:.2e}, "
          f"scores {err_sc:.2e}")
    for k in sorted(t):
        print(f"  {k:55s} {list(t[k].shape)}")
    if max(err_rep, err_sc) > 1e-5:
        raise SystemExit(f"error: {name}: the written-out formulas do not reproduce the module output")
    return max(err_rep, err_sc)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures"))
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for n in ("sasrec", "gru4rec"):
        export(n, a.out, a.seed)
