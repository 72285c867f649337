"""ml-1m loading, preprocessing and the paper's split, as in serenRec (`seren/utils.py::Interactions`).

Pipeline (reference: AmazingDD/serenRec @0c85847, see ssr-official-code.md §2.2-2.4):

1. Read `UserID::MovieID::Rating` lines (each user's lines oldest first; the line order is time,
   because this derived file has no timestamps). Every rating is an implicit interaction.
2. De-duplicate (user, item) pairs keeping the first occurrence (`--dedup first`, default).
   The reference calls `drop_duplicates(..., keep='last')` without assigning the result, so in
   the reference it is a no-op; `--dedup none` reproduces that. On ml-1m there are no duplicate
   pairs, so both choices give the same data.
3. Iterative 5-core: keep a row iff its user has >= k rows and its item has >= k rows (counts of
   rows, not of distinct items); repeat until nothing changes.
4. Re-encode items to 1..N in ascending raw-id order (pd.Categorical categories); 0 = padding.
   Users are likewise re-encoded 1..U (only used for grouping).
5. Samples: for each user, every interaction except the first is a target; its history is the
   previous items in a window of at most `max_len` ending just before it.
   Histories are LEFT-ALIGNED and RIGHT-PADDED with 0 (positions 0..len-1 hold items oldest
   first, the rest are 0), exactly as the reference's `new_item_list[i][:length] = items`;
   `lengths` holds the true history length (>= 1) and models read position len-1.
6. Split (`ufo`): per user, samples in time order; the first int(n * (1 - test_ratio)) go to
   train, the rest to test. Train samples are concatenated user by user (user order = ascending
   encoded user id, which is the reference's first-appearance order after sorting by user).
"""

from __future__ import annotations

import argparse
import gzip
import os
from dataclasses import dataclass

import numpy as np
import torch

DEFAULT_PATH = "/work/shared/datasets/ml-1m/derived/ml-1m.user_item_rating_chrono.dat.gz"


@dataclass
class Split:
    """One slice of samples: histories [n, max_len] int64 right-padded with 0, targets [n], lengths [n]."""

    histories: torch.Tensor
    targets: torch.Tensor
    lengths: torch.Tensor

    def __len__(self) -> int:
        return int(self.targets.shape[0])

    def head(self, n: int) -> "Split":
        return Split(self.histories[:n], self.targets[:n], self.lengths[:n])


@dataclass
class Dataset:
    n_users: int
    n_items: int  # real items; embedding tables have n_items + 1 rows (row 0 = padding)
    n_interactions: int
    raw_interactions: int
    duplicates_removed: int
    kcore_passes: int
    train: Split
    test: Split


def read_ml1m(path: str = DEFAULT_PATH) -> tuple[np.ndarray, np.ndarray]:
    """Returns (users, items) raw ids as int64 arrays in file order (= time order per user)."""
    opener = gzip.open if path.endswith(".gz") else open
    users, items = [], []
    with opener(path, "rt", encoding="ascii") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            parts = line.split("::")
            if len(parts) < 2:
                raise ValueError(f"{path}:{lineno}: expected 'UserID::MovieID::Rating', got {line!r}")
            users.append(int(parts[0]))
            items.append(int(parts[1]))
    return np.asarray(users, dtype=np.int64), np.asarray(items, dtype=np.int64)


def dedup_first(users: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Boolean mask keeping the first occurrence of every (user, item) pair."""
    key = users * (int(items.max()) + 1) + items
    _, first = np.unique(key, return_index=True)
    keep = np.zeros(len(users), dtype=bool)
    keep[first] = True
    return keep


def kcore(users: np.ndarray, items: np.ndarray, k: int) -> tuple[np.ndarray, int]:
    """Iterative k-core on row counts; returns the kept-row mask (original order) and the pass count."""
    keep = np.ones(len(users), dtype=bool)
    passes = 0
    while True:
        passes += 1
        u, i = users[keep], items[keep]
        uc = np.bincount(u)[u]
        ic = np.bincount(i)[i]
        ok = (uc >= k) & (ic >= k)
        if ok.all():
            return keep, passes
        idx = np.flatnonzero(keep)
        keep[idx[~ok]] = False


def build_samples(users: np.ndarray, items: np.ndarray, max_len: int):
    """Every-prefix samples; `users` must be grouped (each user's rows contiguous, in time order)."""
    n = len(users)
    starts = np.r_[0, np.flatnonzero(users[1:] != users[:-1]) + 1]
    ends = np.r_[starts[1:], n]
    # position of each row within its user's sequence
    pos = np.arange(n) - np.repeat(starts, ends - starts)
    sample_rows = np.flatnonzero(pos > 0)
    lengths = np.minimum(pos[sample_rows], max_len)
    hist = np.zeros((len(sample_rows), max_len), dtype=np.int64)
    for j in range(max_len):
        # column j holds item at row (r - length + j) when j < length
        valid = j < lengths
        src = sample_rows[valid] - lengths[valid] + j
        hist[valid, j] = items[src]
    return users[sample_rows], hist, items[sample_rows], lengths


def ratio_split(sample_users: np.ndarray, test_ratio: float) -> tuple[np.ndarray, np.ndarray]:
    """Per user (samples contiguous, in time order): first int(n*(1-ratio)) -> train, rest -> test."""
    n = len(sample_users)
    starts = np.r_[0, np.flatnonzero(sample_users[1:] != sample_users[:-1]) + 1]
    ends = np.r_[starts[1:], n]
    counts = ends - starts
    cut = (counts * (1 - test_ratio)).astype(np.int64)  # int() truncation as in the reference
    pos = np.arange(n) - np.repeat(starts, counts)
    is_train = pos < np.repeat(cut, counts)
    return np.flatnonzero(is_train), np.flatnonzero(~is_train)


def load(path: str = DEFAULT_PATH, max_len: int = 20, k: int = 5, test_ratio: float = 0.2,
         dedup: str = "first", cache_dir: str | None = None) -> Dataset:
    cache = None
    if cache_dir:
        st = os.stat(path)
        tag = f"{os.path.basename(path)}.{st.st_size}.{int(st.st_mtime)}.L{max_len}.k{k}.r{test_ratio}.{dedup}.pt"
        cache = os.path.join(cache_dir, tag)
        if os.path.exists(cache):
            return torch.load(cache, weights_only=False)
    users, items = read_ml1m(path)
    raw = len(users)
    if dedup == "first":
        keep = dedup_first(users, items)
    elif dedup == "none":
        keep = np.ones(raw, dtype=bool)
    else:
        raise ValueError(f"--dedup must be 'first' or 'none', got {dedup!r}")
    users, items = users[keep], items[keep]
    removed = raw - len(users)
    keep, passes = kcore(users, items, k)
    users, items = users[keep], items[keep]
    # encode 1..N in ascending raw-id order
    uniq_items, item_codes = np.unique(items, return_inverse=True)
    uniq_users, user_codes = np.unique(users, return_inverse=True)
    items = item_codes.astype(np.int64) + 1
    users = user_codes.astype(np.int64) + 1
    # group by user (stable: keeps time order); the file is already grouped, this is a no-op there
    order = np.argsort(users, kind="stable")
    users, items = users[order], items[order]
    s_users, hist, targets, lengths = build_samples(users, items, max_len)
    tr, te = ratio_split(s_users, test_ratio)
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    ds = Dataset(
        n_users=len(uniq_users), n_items=len(uniq_items), n_interactions=len(items),
        raw_interactions=raw, duplicates_removed=removed, kcore_passes=passes,
        train=Split(t(hist[tr]), t(targets[tr]), t(lengths[tr])),
        test=Split(t(hist[te]), t(targets[te]), t(lengths[te])),
    )
    if cache:
        os.makedirs(cache_dir, exist_ok=True)
        torch.save(ds, cache + ".tmp")
        os.replace(cache + ".tmp", cache)
    return ds


def add_data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default=DEFAULT_PATH, help="UserID::MovieID::Rating file, per-user chronological")
    p.add_argument("--max-len", type=int, default=20)
    p.add_argument("--kcore", type=int, default=5)
    p.add_argument("--test-ratio", type=float, default=0.2)
    p.add_argument("--dedup", choices=["first", "none"], default="first",
                   help="'first' keeps the first (user,item) occurrence; 'none' = the reference's no-op")
    p.add_argument("--cache-dir", default="/tmp/ssr-pytorch-ref-cache",
                   help="cache of the preprocessed tensors ('' to disable)")


def load_from_args(a) -> Dataset:
    return load(a.data, a.max_len, a.kcore, a.test_ratio, a.dedup, a.cache_dir or None)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description="Preprocess ml-1m and print the statistics")
    add_data_args(p)
    a = p.parse_args()
    a.cache_dir = ""
    ds = load_from_args(a)
    print(f"raw interactions {ds.raw_interactions:,}; duplicates removed {ds.duplicates_removed:,}; "
          f"{a.kcore}-core passes {ds.kcore_passes}")
    print(f"users {ds.n_users:,}; items {ds.n_items:,}; interactions {ds.n_interactions:,}")
    print(f"train samples {len(ds.train):,}; test samples {len(ds.test):,}")
    print("first train sample:", ds.train.histories[0].tolist(), "len", int(ds.train.lengths[0]),
          "target", int(ds.train.targets[0]))
    print("a full-window train sample:", ds.train.histories[25].tolist(), "len", int(ds.train.lengths[25]),
          "target", int(ds.train.targets[25]))
