"""The five spiking sequential recommenders of serenRec (@0c85847, `ssr/*.py`), PyTorch speed reference.

Re-implemented from ssr-official-code.md §3.0-3.5 without SpikingJelly: the multi-step LIF neuron is a
Python loop over T with hand-written surrogate-gradient spike functions (torch.autograd.Function).
Sizes and operations follow the reference (D 64, max_len 20, 2 layers, 2 heads, FFN 256 for SFSRec,
4*D for SFMLP, T 4, tau 2, V_th 1, direct (repeat) encoding, mean over T). Meant for SPEED
comparison; numerical equality with the reference / SSR is not a goal.

Shapes: every model maps (item_seq [B, L] int64 right-padded with 0, item_seq_len [B]) to [B, D];
scores are `rep @ item_embedding.weight.T`, as in models.py. Multi-step tensors are [T, B, ...].
"""

from __future__ import annotations

import copy
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

import models


# ------------------------------------------------------------------------------ surrogate spikes
def _spike_function(name: str, alpha: float, derivative):
    """A torch.autograd.Function: Heaviside forward (x >= 0), backward g * derivative(x, alpha)."""

    class Spike(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, a=alpha):
            ctx.save_for_backward(x)
            ctx.alpha = a
            return (x >= 0).to(x.dtype)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * derivative(x, ctx.alpha), None

    Spike.__name__ = Spike.__qualname__ = name
    return Spike


def _sigmoid_derivative(x, a):
    s = torch.sigmoid(a * x)
    return a * s * (1 - s)


# alpha*sig(alpha x)*(1-sig(alpha x)), alpha 4; alpha / (2 (1 + (pi/2 alpha x)^2)), alpha 2;
# (alpha / sqrt(pi)) exp(-alpha^2 x^2), alpha 2 (SpikingJelly's surrogate forms).
SigmoidSpike = _spike_function("SigmoidSpike", 4.0, _sigmoid_derivative)
ATanSpike = _spike_function("ATanSpike", 2.0, lambda x, a: (a / 2) / (1 + (math.pi / 2 * a * x).square()))
ErfSpike = _spike_function("ErfSpike", 2.0, lambda x, a: (a / math.sqrt(math.pi)) * torch.exp(-(a * x).square()))

SIGMOID, ATAN, ERF = SigmoidSpike.apply, ATanSpike.apply, ErfSpike.apply


def lif(x_seq: torch.Tensor, spike=SIGMOID, tau: float = 2.0, v_th: float = 1.0, hard: bool = True,
        detach_reset: bool = True) -> torch.Tensor:
    """Multi-step LIF (SpikingJelly LIFNode, decay_input, v_reset 0 or None): [T, ...] -> spikes [T, ...].

    H = V + (X - V)/tau; S = Θ(H - v_th); hard: V = H (1 - S); soft: V = H - v_th S. V starts at 0.
    """
    v = torch.zeros_like(x_seq[0])
    out = []
    for t in range(x_seq.shape[0]):
        h = v + (x_seq[t] - v) / tau
        s = spike(h - v_th)
        sr = s.detach() if detach_reset else s
        v = h * (1.0 - sr) if hard else h - v_th * sr
        out.append(s)
    return torch.stack(out)


def repeat_t(x: torch.Tensor, T: int) -> torch.Tensor:
    """Direct encoding: [...] -> [T, ...]."""
    return x.unsqueeze(0).repeat(T, *([1] * x.dim()))


class BNLast(nn.Module):
    """BatchNorm1d over the last (feature) axis of any [..., C] tensor.

    Same statistics as the reference's BatchNorm1d on [B, C, L] (or layer.BatchNorm1d on
    [T, B, C, L]): per channel over every other axis; T and L are folded into the batch.
    """

    def __init__(self, c: int):
        super().__init__()
        self.bn = nn.BatchNorm1d(c)

    def forward(self, x):
        return self.bn(x.reshape(-1, x.shape[-1])).view_as(x)


def shared_dropout(x: torch.Tensor, p: float, training: bool) -> torch.Tensor:
    """layer.Dropout in 'm' mode: one mask for all T steps (x is [T, ...])."""
    if not training or p == 0.0:
        return x
    mask = F.dropout(torch.ones_like(x[0]), p, True)
    return x * mask.unsqueeze(0)


# ------------------------------------------------------------------------------ SFMLP (= "SSR")
class SpikeFilterLayer(models.FilterLayer):
    """FMLP-Rec's FilterLayer (float rfft/irfft filter), with BatchNorm1d(D) instead of LayerNorm."""

    def __init__(self, max_len, dim, dropout):
        super().__init__(max_len, dim, dropout)
        self.layernorm = BNLast(dim)


class SpikeIntermediate(nn.Module):
    """dense_1 (float) -> BN(4D) -> repeat T -> LIF -> dense_2 on spikes -> shared Dropout ->
    + input -> BN(D) (multi-step) -> LIF -> mean over T -> BN(D). LIFs: ATan, hard reset, detach."""

    def __init__(self, dim, dropout, T):
        super().__init__()
        self.T, self.p = T, dropout
        self.dense_1 = nn.Linear(dim, 4 * dim)
        self.bn_1 = BNLast(4 * dim)
        self.dense_2 = nn.Linear(4 * dim, dim)
        self.bn_2 = BNLast(dim)
        self.bn_out = BNLast(dim)

    def forward(self, x):
        h = repeat_t(self.bn_1(self.dense_1(x)), self.T)
        s = lif(h, ATAN)
        h = shared_dropout(self.dense_2(s), self.p, self.training) + x.unsqueeze(0)
        s = lif(self.bn_2(h), ATAN)
        return self.bn_out(s.mean(0))


class SFMLPLayer(nn.Module):
    def __init__(self, max_len, dim, dropout, T):
        super().__init__()
        self.filterlayer = SpikeFilterLayer(max_len, dim, dropout)
        self.intermediate = SpikeIntermediate(dim, dropout, T)

    def forward(self, x):
        return self.intermediate(self.filterlayer(x))


class SFMLP(nn.Module):
    """SSR / SFMLP (`ssr/ssr.py`): (item + position emb) -> BN(D) -> Dropout -> n_layers x
    [SpikeFilterLayer -> SpikeIntermediate] -> gather position len-1. Init N(0, 0.02), biases 0."""

    def __init__(self, n_items: int, dim: int = 64, max_len: int = 20, n_layers: int = 2,
                 dropout: float = 0.3, T: int = 4, **_):
        super().__init__()
        self.item_embedding = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.position_embedding = nn.Embedding(max_len, dim)
        self.bn = BNLast(dim)
        self.dropout = nn.Dropout(dropout)
        layer = SFMLPLayer(max_len, dim, dropout, T)
        self.layer = nn.ModuleList([copy.deepcopy(layer) for _ in range(n_layers)])
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            m.weight.data.normal_(0.0, 0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            m.bias.data.zero_()

    def forward(self, item_seq, item_seq_len):
        pos = torch.arange(item_seq.size(1), device=item_seq.device).unsqueeze(0).expand_as(item_seq)
        x = self.dropout(self.bn(self.item_embedding(item_seq) + self.position_embedding(pos)))
        for layer in self.layer:
            x = layer(x)
        return models.gather_last(x, item_seq_len)


# ------------------------------------------------------------------------------ SFSRec
class LinearLNLIF(nn.Module):
    """layer.Linear -> LayerNorm -> LIF (Sigmoid, hard reset, detach) on [T, ...]."""

    def __init__(self, d_in, d_out, bias=True, v_th=1.0):
        super().__init__()
        self.linear = nn.Linear(d_in, d_out, bias=bias)
        self.ln = nn.LayerNorm(d_out)
        self.v_th = v_th

    def forward(self, x):
        return lif(self.ln(self.linear(x)), SIGMOID, v_th=self.v_th)


class SSA(nn.Module):
    """Spikformer spiking self-attention: no softmax, no masks, scale 0.125, attn_lif v_th 0.5."""

    def __init__(self, dim, n_heads):
        super().__init__()
        self.h = n_heads
        self.q = LinearLNLIF(dim, dim, bias=False)
        self.k = LinearLNLIF(dim, dim, bias=False)
        self.v = LinearLNLIF(dim, dim, bias=False)
        self.proj = LinearLNLIF(dim, dim)

    def forward(self, x):  # [T, B, L, D]
        T, B, L, D = x.shape
        split = lambda y: y.view(T, B, L, self.h, D // self.h).transpose(2, 3)  # [T,B,h,L,d]
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        a = (q @ k.transpose(-2, -1)) * 0.125
        y = (a @ v).transpose(2, 3).reshape(T, B, L, D)
        y = lif(y, SIGMOID, v_th=0.5)
        return self.proj(y)


class SpikeMLP(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = LinearLNLIF(dim, hidden)
        self.fc2 = LinearLNLIF(hidden, dim)

    def forward(self, x):
        return self.fc2(self.fc1(x))


class SpikeBlock(nn.Module):
    def __init__(self, dim, n_heads, hidden):
        super().__init__()
        self.attn = SSA(dim, n_heads)
        self.mlp = SpikeMLP(dim, hidden)

    def forward(self, x):
        x = x + self.attn(x)
        return x + self.mlp(x)


class SFSRec(nn.Module):
    """Spiking SASRec (`ssr/spike_sasrec.py`): (item + pos emb) -> LN(1e-12) -> repeat T -> LIF
    (ATan) -> n_layers x Spikformer block -> mean over T -> Linear(D, D) -> gather len-1."""

    def __init__(self, n_items: int, dim: int = 64, max_len: int = 20, n_layers: int = 2, n_heads: int = 2,
                 inner: int = 256, T: int = 4, **_):
        super().__init__()
        if dim % n_heads != 0:
            raise ValueError(f"hidden size {dim} is not a multiple of the number of heads {n_heads}")
        self.T = T
        self.item_embedding = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.position_embedding = nn.Embedding(max_len, dim)
        self.LayerNorm = nn.LayerNorm(dim, eps=1e-12)
        self.blocks = nn.ModuleList([SpikeBlock(dim, n_heads, inner) for _ in range(n_layers)])
        self.head = nn.Linear(dim, dim)

    def forward(self, item_seq, item_seq_len):
        pos = torch.arange(item_seq.size(1), device=item_seq.device).unsqueeze(0).expand_as(item_seq)
        x = self.LayerNorm(self.item_embedding(item_seq) + self.position_embedding(pos))
        x = lif(repeat_t(x, self.T), ATAN)
        for blk in self.blocks:
            x = blk(x)
        return models.gather_last(self.head(x.mean(0)), item_seq_len)


# ------------------------------------------------------------------------------ SGRU4Rec
class SGRU(nn.Module):
    """Binary-gated GRU over L: r, z = Θ_Erf(W [x; h]); n = Θ_ATan(W_n [x; r h]); h = z h + (1 - z) n.
    No biases; weights uniform(+-1/sqrt(D))."""

    def __init__(self, dim):
        super().__init__()
        self.W_r = nn.Linear(2 * dim, dim, bias=False)
        self.W_z = nn.Linear(2 * dim, dim, bias=False)
        self.W_n = nn.Linear(2 * dim, dim, bias=False)
        stdv = 1.0 / math.sqrt(dim)
        for p in self.parameters():
            p.data.uniform_(-stdv, stdv)

    def forward(self, x):  # [B, L, D] -> [B, L, D]
        B, L, D = x.shape
        h = x.new_zeros(B, D)
        out = []
        for i in range(L):
            xi = x[:, i]
            c = torch.cat([xi, h], 1)
            r = ERF(self.W_r(c))
            z = ERF(self.W_z(c))
            n = ATAN(self.W_n(torch.cat([xi, r * h], 1)))
            h = z * h + (1 - z) * n
            out.append(h)
        return torch.stack(out, 1)


class SGRU4Rec(nn.Module):
    """SpikeGRU4Rec (`ssr/spike_gru4rec.py`): emb -> repeat T -> LN(D) -> LIF (soft reset, ATan) ->
    mean over T -> SGRU over L -> Linear(D, D) -> gather len-1."""

    def __init__(self, n_items: int, dim: int = 64, T: int = 4, tau: float = 2.0, **_):
        super().__init__()
        self.T, self.tau = T, tau
        self.item_embedding = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.ln = nn.LayerNorm(dim)
        self.sgru = SGRU(dim)
        self.dense = nn.Linear(dim, dim)

    def forward(self, item_seq, item_seq_len):
        x = self.ln(repeat_t(self.item_embedding(item_seq), self.T))
        x = lif(x, ATAN, tau=self.tau, hard=False).mean(0)
        return models.gather_last(self.dense(self.sgru(x)), item_seq_len)


# ------------------------------------------------------------------------------ SRSGNN
class SRSGNN(nn.Module):
    """SRSGNN (`ssr/spike_srgnn.py`): SR-GNN's float session-graph GNN (models.GNN), then a spiking
    readout: LN -> repeat T -> LIF (Sigmoid, hard) -> Q = Θ_ATan(W1 s_last + W2 s) -> alpha = W3 Q ->
    a = Σ_L alpha * (float masked hidden) -> W_t [a; s_last] -> mean over T. No readout biases;
    every parameter uniform(+-1/sqrt(D))."""

    def __init__(self, n_items: int, dim: int = 64, step: int = 1, T: int = 4, tau: float = 2.0, **_):
        super().__init__()
        self.dim, self.T, self.tau = dim, T, tau
        self.item_embedding = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.gnn = models.GNN(dim, step)
        self.ln = nn.LayerNorm(dim)
        self.linear_one = nn.Linear(dim, dim, bias=False)
        self.linear_two = nn.Linear(dim, dim, bias=False)
        self.linear_three = nn.Linear(dim, 1, bias=False)
        self.linear_transform = nn.Linear(2 * dim, dim, bias=False)
        stdv = 1.0 / math.sqrt(dim)
        for p in self.parameters():
            p.data.uniform_(-stdv, stdv)

    def forward(self, item_seq, item_seq_len):
        alias, A, items, mask = models.session_graph(item_seq)
        h = self.gnn(A, self.item_embedding(items))
        seq_hidden = torch.gather(h, 1, alias.unsqueeze(2).expand(-1, -1, self.dim))
        seq_hidden = self.ln(seq_hidden)
        mask_seq_hidden = seq_hidden * mask.unsqueeze(2).to(seq_hidden.dtype)  # float, [B, L, D]
        s = lif(repeat_t(seq_hidden, self.T), SIGMOID, tau=self.tau)  # [T, B, L, D]
        T, B, L, D = s.shape
        idx = (item_seq_len - 1).view(1, -1, 1, 1).expand(T, -1, 1, D)
        s1 = s.gather(2, idx).squeeze(2)  # [T, B, D]
        q = ATAN(self.linear_one(s1).unsqueeze(2) + self.linear_two(s))  # [T, B, L, D] binary
        alpha = self.linear_three(q)  # [T, B, L, 1]
        a = (alpha * mask_seq_hidden.unsqueeze(0)).sum(2)  # [T, B, D]
        return self.linear_transform(torch.cat([a, s1], -1)).mean(0)


# ------------------------------------------------------------------------------ SCaser
class SCaser(nn.Module):
    """Spiking Caser (`ssr/spike_caser.py`): emb -> LN -> repeat T -> LIF (ATan) -> vertical Conv2d
    (no bias) and horizontal Conv2d(1, n_h, (i, D)) (no bias) -> BN2d -> LIF -> max over length;
    out = mean_T(fc_h(out_h)) + fc_v(mean_T(out_v)). No dropout, no user embedding."""

    def __init__(self, n_items: int, dim: int = 64, max_len: int = 20, n_v: int = 4, n_h: int = 8,
                 reg_weight: float = 1e-4, T: int = 4, tau: float = 2.0, **_):
        super().__init__()
        self.T, self.tau, self.n_v, self.n_h, self.reg_weight = T, tau, n_v, n_h, reg_weight
        self.item_embedding = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.ln = nn.LayerNorm(dim)
        self.conv_v = nn.Conv2d(1, n_v, kernel_size=(max_len, 1), bias=False)
        self.conv_h = nn.ModuleList([nn.Conv2d(1, n_h, kernel_size=(i, dim), bias=False)
                                     for i in range(1, max_len + 1)])
        self.bn_h = nn.ModuleList([nn.BatchNorm2d(n_h) for _ in range(max_len)])
        self.fc_v = nn.Linear(n_v * dim, dim)
        self.fc_h = nn.Linear(n_h * max_len, dim)

    def forward(self, item_seq, item_seq_len=None):
        e = self.ln(self.item_embedding(item_seq)).unsqueeze(1)  # [B, 1, L, D]
        s = lif(repeat_t(e, self.T), ATAN, tau=self.tau)  # [T, B, 1, L, D]
        T, B = s.shape[:2]
        flat = s.flatten(0, 1)  # [T*B, 1, L, D]
        out_v = self.conv_v(flat).view(T, B, -1)  # [T, B, n_v*D]
        hs = []
        for conv, bn in zip(self.conv_h, self.bn_h):
            c = bn(conv(flat))  # [T*B, n_h, L-i+1, 1]
            c = lif(c.view(T, B, *c.shape[1:]), ATAN, tau=self.tau)
            hs.append(c.squeeze(-1).max(dim=-1).values)  # [T, B, n_h]
        out_h = torch.cat(hs, -1)  # [T, B, n_h*L]
        return self.fc_h(out_h).mean(0) + self.fc_v(out_v.mean(0))

    def reg_loss(self) -> torch.Tensor:
        """reg * (||E|| + ||W_v|| + ||fc_v|| + ||fc_h||) + reg * sum_i ||W_h,i|| (L2 norms, not squared)."""
        conv_h = sum(c.weight.norm(2) for c in self.conv_h)
        rest = (self.item_embedding.weight.norm(2) + self.conv_v.weight.norm(2) + self.fc_v.weight.norm(2)
                + self.fc_h.weight.norm(2))
        return self.reg_weight * conv_h + self.reg_weight * rest


MODELS = {"sgru4rec": SGRU4Rec, "sfsrec": SFSRec, "scaser": SCaser, "srsgnn": SRSGNN, "sfmlp": SFMLP}


def build(name: str, n_items: int, **kw) -> nn.Module:
    if name not in MODELS:
        raise ValueError(f"unknown spiking model {name!r}; choose one of {sorted(MODELS)}")
    return MODELS[name](n_items, **kw)
