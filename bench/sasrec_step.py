"""One SASRec training step in PyTorch (CPU), the counterpart of `ssr-bench --step`.

    /tmp/torchenv/bin/python bench/sasrec_step.py --length 50 --threads 1 --steps 20

Batch 128, width 64, 2 heads, FFN 256 (GELU), 2 blocks, dropout 0.5, full-softmax cross-entropy
over 3,417 classes at the last position, Adam. Prints one JSON line with per-step wall-clock and
process CPU times in ms.
The architecture follows RecBole's SASRec, as SSRBench/SASRec.swift does.
"""
import argparse
import json
import math
import time

import torch
from torch import nn


class SelfAttention(nn.Module):
    def __init__(self, width, heads, dropout):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(width, width)
        self.key = nn.Linear(width, width)
        self.value = nn.Linear(width, width)
        self.dense = nn.Linear(width, width)
        self.norm = nn.LayerNorm(width, eps=1e-12)
        self.attention_dropout = nn.Dropout(dropout)
        self.output_dropout = nn.Dropout(dropout)

    def forward(self, x, mask):
        b, l, d = x.shape
        h = d // self.heads

        def split(t):
            return t.view(b, l, self.heads, h).permute(0, 2, 1, 3)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(h) + mask
        probs = self.attention_dropout(torch.softmax(scores, dim=-1))
        context = torch.matmul(probs, v).permute(0, 2, 1, 3).reshape(b, l, d)
        return self.norm(self.output_dropout(self.dense(context)) + x)


class FeedForward(nn.Module):
    def __init__(self, width, inner, dropout):
        super().__init__()
        self.fc1 = nn.Linear(width, inner)
        self.fc2 = nn.Linear(inner, width)
        self.norm = nn.LayerNorm(width, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        return self.norm(self.drop(self.fc2(nn.functional.gelu(self.fc1(x)))) + x)


class SASRec(nn.Module):
    def __init__(self, items, length, width, heads, inner, blocks, dropout):
        super().__init__()
        self.items = nn.Embedding(items, width, padding_idx=0)
        self.positions = nn.Embedding(length, width)
        self.norm = nn.LayerNorm(width, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        self.attention = nn.ModuleList([SelfAttention(width, heads, dropout) for _ in range(blocks)])
        self.feed_forward = nn.ModuleList([FeedForward(width, inner, dropout) for _ in range(blocks)])
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                m.weight.data.normal_(0, 0.02)

    def forward(self, sequences, lengths):
        b, l = sequences.shape
        positions = torch.arange(l).unsqueeze(0).expand(b, l)
        x = self.drop(self.norm(self.items(sequences) + self.positions(positions)))
        keep = torch.tril(torch.ones(l, l, dtype=torch.bool)).unsqueeze(0) & (sequences != 0).unsqueeze(1)
        mask = torch.where(keep, 0.0, -10000.0).unsqueeze(1)
        for attention, feed_forward in zip(self.attention, self.feed_forward):
            x = feed_forward(attention(x, mask))
        hidden = x[torch.arange(b), lengths - 1]
        return hidden @ self.items.weight.t()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--length", type=int, default=50)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--items", type=int, default=3417)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = SASRec(a.items, a.length, 64, 2, 256, 2, 0.5)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(1)
    lengths = torch.randint(1, a.length + 1, (a.batch,), generator=g)
    sequences = torch.randint(1, a.items, (a.batch, a.length), generator=g)
    sequences[torch.arange(a.length).unsqueeze(0) >= lengths.unsqueeze(1)] = 0
    targets = torch.randint(1, a.items, (a.batch,), generator=g)
    times, cpu_times = [], []
    for i in range(a.warmup + a.steps):
        start = time.perf_counter()
        cpu_start = time.process_time()
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(sequences, lengths), targets)
        loss.backward()
        optimizer.step()
        elapsed = (time.perf_counter() - start) * 1000
        cpu_elapsed = (time.process_time() - cpu_start) * 1000
        if i >= a.warmup:
            times.append(elapsed)
            cpu_times.append(cpu_elapsed)
    print(json.dumps({"framework": "pytorch", "version": torch.__version__, "length": a.length,
                      "threads": a.threads, "step_ms": times, "step_cpu_ms": cpu_times,
                      "loss": loss.item()}))


if __name__ == "__main__":
    main()
