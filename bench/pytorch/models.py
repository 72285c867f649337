"""The five ANN sequential recommenders of serenRec (@0c85847, `seren/recommender/*.py`) and Pop.

Re-implemented from the reference's structure (ssr-official-code.md §3.6, RecBole details §5).
Module and parameter names follow the reference so that state_dict keys are the same
(e.g. `trm_encoder.layer.0.multi_head_attention.query.weight`, `gru_layers.weight_ih_l0`).

Every model maps (item_seq [B, L] int64 right-padded with 0, item_seq_len [B] int64 >= 1) to the
sequence representation [B, D]. Scores are `rep @ item_embedding.weight.T`, shape [B, n_items + 1];
column 0 is the padding item. It stays in the training softmax (as in the reference) and is
excluded from ranking at evaluation (train.py ranks columns 1..N only, like the reference's
`argsort(scores[:, 1:])`).
"""

from __future__ import annotations

import copy
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def gather_last(output: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """output [B, L, D], lengths [B] -> output[b, lengths[b] - 1, :]."""
    idx = (lengths - 1).view(-1, 1, 1).expand(-1, 1, output.shape[-1])
    return output.gather(1, idx).squeeze(1)


def gelu_erf(x: torch.Tensor) -> torch.Tensor:
    """Exact (erf) GELU, as written out in the reference: x * 0.5 * (1 + erf(x / sqrt(2)))."""
    return x * 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0)))


# ----------------------------------------------------------------------------------------- GRU4Rec
class GRU4Rec(nn.Module):
    """GRU4Rec (Hidasi et al., ICLR 2016; RecBole/serenRec variant).

    Embedding(N+1, D, padding 0) -> Dropout -> 1-layer GRU(D -> D, bias=False) over all L
    positions -> Linear(D, D) at every position -> gather position len-1. PyTorch default init
    (Embedding N(0,1) with row 0 zeroed; GRU and Linear uniform(+-1/sqrt(fan))).
    """

    def __init__(self, n_items: int, dim: int = 64, dropout: float = 0.3, **_):
        super().__init__()
        self.item_embedding = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.emb_dropout = nn.Dropout(dropout)
        self.gru_layers = nn.GRU(dim, dim, num_layers=1, bias=False, batch_first=True)
        self.dense = nn.Linear(dim, dim)

    def forward(self, item_seq, item_seq_len):
        x = self.emb_dropout(self.item_embedding(item_seq))
        out, _ = self.gru_layers(x)
        return gather_last(self.dense(out), item_seq_len)


# ------------------------------------------------------------------------------------------ SASRec
class MultiHeadAttention(nn.Module):
    def __init__(self, n_heads, hidden, hidden_dropout, attn_dropout, eps):
        super().__init__()
        if hidden % n_heads != 0:
            raise ValueError(f"hidden size {hidden} is not a multiple of the number of heads {n_heads}")
        self.n_heads, self.head = n_heads, hidden // n_heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_dropout = nn.Dropout(attn_dropout)
        self.dense = nn.Linear(hidden, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)
        self.out_dropout = nn.Dropout(hidden_dropout)

    def forward(self, x, mask):
        B, L, D = x.shape
        q = self.query(x).view(B, L, self.n_heads, self.head).permute(0, 2, 1, 3)
        k = self.key(x).view(B, L, self.n_heads, self.head).permute(0, 2, 3, 1)
        v = self.value(x).view(B, L, self.n_heads, self.head).permute(0, 2, 1, 3)
        scores = torch.matmul(q, k) / math.sqrt(self.head) + mask  # additive 0 / -10000 mask
        probs = self.attn_dropout(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).reshape(B, L, D)
        h = self.out_dropout(self.dense(ctx))
        return self.LayerNorm(h + x)


class FeedForward(nn.Module):
    def __init__(self, hidden, inner, hidden_dropout, eps):
        super().__init__()
        self.dense_1 = nn.Linear(hidden, inner)
        self.dense_2 = nn.Linear(inner, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(hidden_dropout)

    def forward(self, x):
        h = self.dropout(self.dense_2(gelu_erf(self.dense_1(x))))
        return self.LayerNorm(h + x)


class TransformerLayer(nn.Module):
    def __init__(self, n_heads, hidden, inner, hidden_dropout, attn_dropout, eps):
        super().__init__()
        self.multi_head_attention = MultiHeadAttention(n_heads, hidden, hidden_dropout, attn_dropout, eps)
        self.feed_forward = FeedForward(hidden, inner, hidden_dropout, eps)

    def forward(self, x, mask):
        return self.feed_forward(self.multi_head_attention(x, mask))


class TransformerEncoder(nn.Module):
    def __init__(self, n_layers, n_heads, hidden, inner, hidden_dropout, attn_dropout, eps):
        super().__init__()
        layer = TransformerLayer(n_heads, hidden, inner, hidden_dropout, attn_dropout, eps)
        # deep copies, as in the reference: every layer starts from the SAME initial weights
        self.layer = nn.ModuleList([copy.deepcopy(layer) for _ in range(n_layers)])

    def forward(self, x, mask):
        for layer in self.layer:
            x = layer(x, mask)
        return x


class SASRec(nn.Module):
    """SASRec (Kang & McAuley, ICDM 2018; RecBole/serenRec variant).

    (item emb + learned position emb[0..L-1]) -> LayerNorm(eps 1e-12) -> Dropout -> n_layers x
    [post-LN MHA (causal & key-padding additive mask -10000) -> post-LN FFN (GELU erf)] ->
    gather position len-1. No re-initialisation: PyTorch defaults (the reference does not call
    RecBole's N(0, 0.02) init). attn and hidden dropout both = dropout. FFN inner size 256 fixed.
    """

    def __init__(self, n_items: int, dim: int = 64, max_len: int = 20, n_layers: int = 2, n_heads: int = 2,
                 dropout: float = 0.3, inner: int = 256, eps: float = 1e-12, **_):
        super().__init__()
        self.item_embedding = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.position_embedding = nn.Embedding(max_len, dim)
        self.trm_encoder = TransformerEncoder(n_layers, n_heads, dim, inner, dropout, dropout, eps)
        self.LayerNorm = nn.LayerNorm(dim, eps=eps)
        self.dropout = nn.Dropout(dropout)

    @staticmethod
    def attention_mask(item_seq):
        """[B, 1, L, L] additive mask: 0 where key j <= query i and item_seq[b, j] != 0, else -10000."""
        keep = (item_seq != 0).unsqueeze(1).unsqueeze(2)  # [B,1,1,L]
        keep = torch.tril(keep.expand(-1, -1, item_seq.size(-1), -1))
        return torch.where(keep, 0.0, -10000.0)

    def forward(self, item_seq, item_seq_len):
        pos = torch.arange(item_seq.size(1), device=item_seq.device).unsqueeze(0).expand_as(item_seq)
        x = self.item_embedding(item_seq) + self.position_embedding(pos)
        x = self.dropout(self.LayerNorm(x))
        x = self.trm_encoder(x, self.attention_mask(item_seq))
        return gather_last(x, item_seq_len)


# ------------------------------------------------------------------------------------------- Caser
class Caser(nn.Module):
    """Caser (Tang & Wang, WSDM 2018), serenRec variant: no user embedding, no fc2.

    emb [B,1,L,D] -> vertical Conv2d(1, n_v, (L,1), bias) -> flatten [B, n_v*D] (no activation);
    horizontal Conv2d(1, n_h, (i, D), bias) for i = 1..L -> ReLU -> max over length -> [B, n_h]
    each, concatenated [B, n_h*L]; cat [v; h] -> Dropout -> Linear(n_v*D + n_h*L -> D).
    Convolutions run over the whole right-padded window (padding rows included), as in the
    reference. Training adds `reg_loss()` (L2 norms, not squared).
    """

    def __init__(self, n_items: int, dim: int = 64, max_len: int = 20, dropout: float = 0.3,
                 n_v: int = 4, n_h: int = 8, reg_weight: float = 1e-4, **_):
        super().__init__()
        self.n_v, self.n_h, self.reg_weight = n_v, n_h, reg_weight
        self.item_embedding = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.conv_v = nn.Conv2d(1, n_v, kernel_size=(max_len, 1))
        self.conv_h = nn.ModuleList([nn.Conv2d(1, n_h, kernel_size=(i, dim)) for i in range(1, max_len + 1)])
        self.fc_dim_v = n_v * dim
        self.fc = nn.Linear(self.fc_dim_v + n_h * max_len, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, item_seq, item_seq_len=None):
        e = self.item_embedding(item_seq).unsqueeze(1)  # [B,1,L,D]
        out_v = self.conv_v(e).view(-1, self.fc_dim_v)  # [B, n_v, 1, D] -> [B, n_v*D] channel-major
        hs = []
        for conv in self.conv_h:
            c = F.relu(conv(e).squeeze(3))  # [B, n_h, L-i+1]
            hs.append(c.max(dim=2).values)  # == F.max_pool1d(c, c.size(2)).squeeze(2)
        out = torch.cat([out_v, torch.cat(hs, 1)], 1)
        return self.fc(self.dropout(out))

    def reg_loss(self) -> torch.Tensor:
        """reg * (||E||_2 + ||W_v||_2 + ||W_fc||_2) + reg * sum_i ||W_h,i||_2 (Frobenius, weights only)."""
        conv_h = sum(c.weight.norm(2) for c in self.conv_h)
        rest = self.item_embedding.weight.norm(2) + self.conv_v.weight.norm(2) + self.fc.weight.norm(2)
        return self.reg_weight * conv_h + self.reg_weight * rest


# ------------------------------------------------------------------------------------------- SRGNN
class GNN(nn.Module):
    """Gated graph neural network of SR-GNN (Wu et al., AAAI 2019), as in RecBole."""

    def __init__(self, dim: int, step: int = 1):
        super().__init__()
        self.step = step
        self.w_ih = nn.Parameter(torch.empty(3 * dim, 2 * dim))
        self.w_hh = nn.Parameter(torch.empty(3 * dim, dim))
        self.b_ih = nn.Parameter(torch.empty(3 * dim))
        self.b_hh = nn.Parameter(torch.empty(3 * dim))
        self.b_iah = nn.Parameter(torch.empty(dim))
        self.b_ioh = nn.Parameter(torch.empty(dim))
        self.linear_edge_in = nn.Linear(dim, dim)
        self.linear_edge_out = nn.Linear(dim, dim)

    def cell(self, A, h):
        n = A.size(1)
        inp_in = torch.matmul(A[:, :, :n], self.linear_edge_in(h)) + self.b_iah
        inp_out = torch.matmul(A[:, :, n:2 * n], self.linear_edge_out(h)) + self.b_ioh
        gi = F.linear(torch.cat([inp_in, inp_out], 2), self.w_ih, self.b_ih)
        gh = F.linear(h, self.w_hh, self.b_hh)
        i_r, i_i, i_n = gi.chunk(3, 2)
        h_r, h_i, h_n = gh.chunk(3, 2)
        r = torch.sigmoid(i_r + h_r)
        z = torch.sigmoid(i_i + h_i)
        cand = torch.tanh(i_n + r * h_n)
        return (1 - z) * h + z * cand

    def forward(self, A, h):
        for _ in range(self.step):
            h = self.cell(A, h)
        return h


def session_graph(item_seq: torch.Tensor):
    """Vectorised equivalent of the reference's per-row numpy `_get_slice`.

    For each row: nodes = sorted unique values of the row (0 included when the row is padded),
    padded with 0 to L; alias[j] = index of item_seq[j] in nodes; binary adjacency A[u, v] = 1 for
    each consecutive pair (seq[j], seq[j+1]) with seq[j+1] != 0; A_in = A / max(colsum, 1) (per
    column), A_out = A^T / max(rowsum, 1) (per column of A^T); result [A_in^T | A_out^T] of shape
    [B, L, 2L] (float64 arithmetic, then float32, like the reference's numpy -> FloatTensor).
    Returns alias [B, L], A [B, L, 2L] float32, items [B, L], mask [B, L] bool.
    """
    B, L = item_seq.shape
    mask = item_seq.gt(0)
    s, order = item_seq.sort(dim=1, stable=True)
    new = torch.ones_like(s, dtype=torch.bool)
    new[:, 1:] = s[:, 1:] != s[:, :-1]
    rank = new.long().cumsum(1) - 1  # node index of each sorted entry
    alias = torch.empty_like(item_seq).scatter_(1, order, rank)
    items = torch.zeros_like(item_seq).scatter_(1, rank, s)  # duplicates write the same value
    A = torch.zeros(B, L, L, dtype=torch.float64, device=item_seq.device)
    b = torch.arange(B, device=item_seq.device).unsqueeze(1).expand(-1, L - 1)
    valid = (item_seq[:, 1:] != 0).to(torch.float64)
    A.index_put_((b, alias[:, :-1], alias[:, 1:]), valid, accumulate=True)
    A = (A > 0).to(torch.float64)
    sum_in = A.sum(1, keepdim=True).clamp_min(1.0)  # [B,1,L]: in-degree of column v
    sum_out = A.sum(2).unsqueeze(1).clamp_min(1.0)  # [B,1,L]: out-degree of u, broadcast on A^T's columns
    A_in = A / sum_in
    A_out = A.transpose(1, 2) / sum_out
    Acat = torch.cat([A_in, A_out], 1).transpose(1, 2).to(torch.float32)  # [B, L, 2L]
    return alias, Acat, items, mask


class SRGNN(nn.Module):
    """SR-GNN (Wu et al., AAAI 2019), RecBole/serenRec variant.

    Session graph -> embedding of unique nodes -> `step` gated-GNN cells -> back to sequence order
    -> h_t = position len-1; alpha = W3 sigmoid(W1 h_t + W2 h_j) (W1, W2 with bias, W3 without);
    a = sum_j alpha_j h_j mask_j; out = W_t [a; h_t] (with bias). Init: every parameter
    (embedding table included, padding row too) uniform(+-1/sqrt(D)).
    """

    def __init__(self, n_items: int, dim: int = 64, step: int = 1, **_):
        super().__init__()
        self.dim = dim
        self.item_embedding = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.gnn = GNN(dim, step)
        self.linear_one = nn.Linear(dim, dim, bias=True)
        self.linear_two = nn.Linear(dim, dim, bias=True)
        self.linear_three = nn.Linear(dim, 1, bias=False)
        self.linear_transform = nn.Linear(2 * dim, dim, bias=True)
        stdv = 1.0 / math.sqrt(dim)
        for p in self.parameters():
            p.data.uniform_(-stdv, stdv)

    def forward(self, item_seq, item_seq_len):
        alias, A, items, mask = session_graph(item_seq)
        h = self.gnn(A, self.item_embedding(items))
        seq_hidden = torch.gather(h, 1, alias.unsqueeze(2).expand(-1, -1, self.dim))
        ht = gather_last(seq_hidden, item_seq_len)
        q1 = self.linear_one(ht).unsqueeze(1)
        q2 = self.linear_two(seq_hidden)
        alpha = self.linear_three(torch.sigmoid(q1 + q2))
        a = torch.sum(alpha * seq_hidden * mask.unsqueeze(2).float(), 1)
        return self.linear_transform(torch.cat([a, ht], 1))


# ---------------------------------------------------------------------------------------- FMLP-Rec
class TFLayerNorm(nn.Module):
    """TF-style LayerNorm as in FMLP-Rec: w * (x - mean) / sqrt(biased var + eps) + b, eps 1e-12."""

    def __init__(self, dim, eps=1e-12):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))
        self.variance_epsilon = eps

    def forward(self, x):
        u = x.mean(-1, keepdim=True)
        s = (x - u).pow(2).mean(-1, keepdim=True)
        return self.weight * ((x - u) / torch.sqrt(s + self.variance_epsilon)) + self.bias


class FilterLayer(nn.Module):
    def __init__(self, max_len, dim, dropout):
        super().__init__()
        self.complex_weight = nn.Parameter(torch.randn(1, max_len // 2 + 1, dim, 2) * 0.02)
        self.out_dropout = nn.Dropout(dropout)
        self.layernorm = TFLayerNorm(dim)

    def forward(self, x):
        L = x.shape[1]
        f = torch.fft.rfft(x, dim=1, norm="ortho") * torch.view_as_complex(self.complex_weight)
        y = torch.fft.irfft(f, n=L, dim=1, norm="ortho")
        return self.layernorm(self.out_dropout(y) + x)


class Intermediate(nn.Module):
    def __init__(self, dim, dropout):
        super().__init__()
        self.dense_1 = nn.Linear(dim, 4 * dim)
        self.dense_2 = nn.Linear(4 * dim, dim)
        self.layernorm = TFLayerNorm(dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        h = self.dropout(self.dense_2(gelu_erf(self.dense_1(x))))
        return self.layernorm(h + x)


class FMLPLayer(nn.Module):
    def __init__(self, max_len, dim, dropout):
        super().__init__()
        self.filterlayer = FilterLayer(max_len, dim, dropout)
        self.intermediate = Intermediate(dim, dropout)

    def forward(self, x):
        return self.intermediate(self.filterlayer(x))


class FMLPEncoder(nn.Module):
    def __init__(self, n_layers, max_len, dim, dropout):
        super().__init__()
        layer = FMLPLayer(max_len, dim, dropout)
        self.layer = nn.ModuleList([copy.deepcopy(layer) for _ in range(n_layers)])

    def forward(self, x):
        for layer in self.layer:
            x = layer(x)
        return x


class FMLP(nn.Module):
    """FMLP-Rec (Zhou et al., WWW 2022), serenRec variant.

    (item emb + position emb) -> TF LayerNorm(1e-12) -> Dropout -> n_layers x [FilterLayer
    (rfft over the sequence axis, ortho; x complex weight [1, L//2+1, D]; irfft n=L, ortho;
    dropout; residual; LN) -> Intermediate (D -> 4D, GELU erf, -> D, dropout, residual, LN)] ->
    gather position len-1. The FFT mixes all L positions, padding included (non-causal), as in
    the reference. Init: Linear/Embedding weights N(0, 0.02) (this overwrites the zero padding
    row of the item table), Linear biases 0, LN (1, 0); the filter weights keep randn * 0.02.
    """

    def __init__(self, n_items: int, dim: int = 64, max_len: int = 20, n_layers: int = 2,
                 dropout: float = 0.3, **_):
        super().__init__()
        self.item_embedding = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.position_embedding = nn.Embedding(max_len, dim)
        self.layernorm = TFLayerNorm(dim)
        self.dropout = nn.Dropout(dropout)
        self.item_encoder = FMLPEncoder(n_layers, max_len, dim, dropout)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            m.weight.data.normal_(0.0, 0.02)
        elif isinstance(m, TFLayerNorm):
            m.bias.data.zero_()
            m.weight.data.fill_(1.0)
        if isinstance(m, nn.Linear) and m.bias is not None:
            m.bias.data.zero_()

    def forward(self, item_seq, item_seq_len):
        pos = torch.arange(item_seq.size(1), device=item_seq.device).unsqueeze(0).expand_as(item_seq)
        x = self.item_embedding(item_seq) + self.position_embedding(pos)
        x = self.dropout(self.layernorm(x))
        return gather_last(self.item_encoder(x), item_seq_len)


# --------------------------------------------------------------------------------------------- Pop
class Pop:
    """Popularity baseline: every sample gets the same scores = item counts.

    source='history' (reference, `conventions.py::Pop`): counts every item occurrence in the
    training history windows (an item seen in w windows counts w times).
    source='target': counts training targets.
    """

    def __init__(self, n_items: int, source: str = "history"):
        self.n_items, self.source = n_items, source
        self.counts = torch.zeros(n_items + 1, dtype=torch.float64)

    def fit(self, histories: torch.Tensor, targets: torch.Tensor):
        data = histories.reshape(-1) if self.source == "history" else targets
        self.counts += torch.bincount(data, minlength=self.n_items + 1).to(torch.float64)
        self.counts[0] = 0
        return self


MODELS = {"gru4rec": GRU4Rec, "sasrec": SASRec, "caser": Caser, "srgnn": SRGNN, "fmlp": FMLP}


def build(name: str, n_items: int, **kw) -> nn.Module:
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose one of {sorted(MODELS)} (or 'pop' in train.py)")
    return MODELS[name](n_items, **kw)
