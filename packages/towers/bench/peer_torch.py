"""The PyTorch peer of `pnpm bench:runtime --peer`: the reference two-tower step of
bench/reference-model.ts written in PyTorch (same shapes: user 944, timestamp buckets 1001 and the
normalised timestamp -> 65 -> MLP [64, 32]; title 1683 and mean-pooled title tokens 3000 x 8 ->
64 -> MLP [64, 32]; in-batch softmax, sum reduction; Adagrad 0.1; dense embedding gradients).

Driven over stdin/stdout, one JSON object per line: it prints {"ready": ...} once, then answers
each "steps N" line with the mean milliseconds per step of N steps. Never a dependency of the
product: the bench runs it only when /usr/bin/python3 can import torch (Debian's python3-torch).
"""
import json
import sys
import time

import torch
from torch import nn

BATCH = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 2
LAYERS = [64, 32]
WIDTH = 8
torch.set_num_threads(THREADS)
torch.manual_seed(0)


def mlp(d_in):
    mods = []
    for i, d in enumerate(LAYERS):
        mods.append(nn.Linear(d_in, d))
        if i < len(LAYERS) - 1:
            mods.append(nn.ReLU())
        d_in = d
    return nn.Sequential(*mods)


class TwoTower(nn.Module):
    def __init__(self):
        super().__init__()
        self.user = nn.Embedding(944, 32)
        self.bucket = nn.Embedding(1001, 32)
        self.title = nn.Embedding(1683, 32)
        self.text = nn.Embedding(3000, 32, padding_idx=0)
        self.q = mlp(65)
        self.c = mlp(64)

    def forward(self, user, bucket, ts, title, tokens):
        xq = torch.cat([self.user(user), self.bucket(bucket), ts.unsqueeze(1)], 1)
        mask = (tokens != 0).float().unsqueeze(2)
        pooled = (self.text(tokens) * mask).sum(1) / mask.sum(1).clamp(min=1)
        xc = torch.cat([self.title(title), pooled], 1)
        return self.q(xq) @ self.c(xc).t()


def batches(n):
    g = torch.Generator().manual_seed(n)
    out = []
    for _ in range(4):
        lengths = torch.randint(2, 7, (BATCH,), generator=g)
        tokens = torch.randint(1, 3000, (BATCH, WIDTH), generator=g)
        tokens[torch.arange(WIDTH).unsqueeze(0) >= lengths.unsqueeze(1)] = 0
        out.append((
            torch.randint(0, 944, (BATCH,), generator=g),
            torch.randint(0, 1001, (BATCH,), generator=g),
            torch.rand(BATCH, generator=g) * 2 - 1,
            torch.randint(0, 1683, (BATCH,), generator=g),
            tokens,
        ))
    return out


model = TwoTower()
opt = torch.optim.Adagrad(model.parameters(), lr=0.1)
data = batches(1)
labels = torch.arange(BATCH)
loss_fn = nn.CrossEntropyLoss(reduction='sum')
k = 0


def step():
    global k
    b = data[k % len(data)]
    k += 1
    opt.zero_grad(set_to_none=True)
    loss = loss_fn(model(*b), labels)
    loss.backward()
    opt.step()
    return loss.item()


print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "batch": BATCH}), flush=True)
for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    if parts[0] == 'steps':
        n = int(parts[1])
        t = time.perf_counter()
        for _ in range(n):
            step()
        print(json.dumps({"ms": (time.perf_counter() - t) * 1000 / n}), flush=True)
    elif parts[0] == 'quit':
        break
