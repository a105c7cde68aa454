#!/usr/bin/env python3
"""The peers of ./backprop4j bench: the same configs on the same MNIST, in numpy and PyTorch.

One JSON line per epoch: {"peer", "config", "epoch", "epoch_s", "test_acc", "threads"}.
numpy is the matrix-form algorithm (float32, one BLAS call per matrix product, like Nielsen's network.py
vectorised over the mini-batch); PyTorch uses nn.Linear layers and torch.optim.SGD.

Configs (as in issue 3):
  nielsen  784-30-10 sigmoid, quadratic cost, SGD eta 3.0, batch 10, N(0,1) init
  mlp100   784-100-10 ReLU, softmax + NLL, SGD lr 0.1 momentum 0.9, batch 64
  mlp800   784-800-800-10 ReLU, softmax + NLL, SGD lr 0.05 momentum 0.9, batch 128
"""
import argparse
import json
import os
import sys
import time

import numpy as np

CONFIGS = {
    "nielsen": dict(sizes=[784, 30, 10], act="sigmoid", cost="quadratic", lr=3.0, momentum=0.0, batch=10),
    "mlp100": dict(sizes=[784, 100, 10], act="relu", cost="nll", lr=0.1, momentum=0.9, batch=64),
    "mlp800": dict(sizes=[784, 800, 800, 10], act="relu", cost="nll", lr=0.05, momentum=0.9, batch=128),
}


def load_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(directory):
    x = load_idx(os.path.join(directory, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
    y = load_idx(os.path.join(directory, "train-labels-idx1-ubyte")).astype(np.int64)
    xt = load_idx(os.path.join(directory, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
    yt = load_idx(os.path.join(directory, "t10k-labels-idx1-ubyte")).astype(np.int64)
    return x, y, xt, yt


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def run_numpy(cfg, x, y, xt, yt, epochs, seed, emit):
    rng = np.random.default_rng(seed)
    sizes = cfg["sizes"]
    relu = cfg["act"] == "relu"
    ws, bs = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        std = np.sqrt(2.0 / n_in) if relu else 1.0
        ws.append((rng.standard_normal((n_out, n_in)) * std).astype(np.float32))
        bs.append(np.zeros(n_out, np.float32) if relu else rng.standard_normal(n_out).astype(np.float32))
    vw = [np.zeros_like(w) for w in ws]
    vb = [np.zeros_like(b) for b in bs]
    onehot = np.eye(10, dtype=np.float32)
    m, lr, mu = cfg["batch"], np.float32(cfg["lr"]), np.float32(cfg["momentum"])
    n = len(x)
    for epoch in range(1, epochs + 1):
        t0 = time.perf_counter()
        order = rng.permutation(n)
        for start in range(0, n, m):
            idx = order[start:start + m]
            a = [x[idx]]
            for l, (w, b) in enumerate(zip(ws, bs)):
                z = a[-1] @ w.T + b
                last = l == len(ws) - 1
                if last and cfg["cost"] == "nll":
                    z = z - z.max(axis=1, keepdims=True)
                    e = np.exp(z)
                    a.append(e / e.sum(axis=1, keepdims=True))
                elif relu and not last:
                    a.append(np.maximum(z, 0))
                else:
                    a.append(sigmoid(z))
            target = onehot[y[idx]]
            k = len(idx)
            if cfg["cost"] == "nll":
                delta = (a[-1] - target) / k
            else:
                delta = (a[-1] - target) * a[-1] * (1 - a[-1]) / k
            for l in range(len(ws) - 1, -1, -1):
                gw = delta.T @ a[l]
                gb = delta.sum(axis=0)
                if l > 0:
                    below = a[l]
                    delta = (delta @ ws[l]) * ((below > 0) if relu else below * (1 - below))
                if mu:
                    vw[l] = mu * vw[l] + gw
                    vb[l] = mu * vb[l] + gb
                    ws[l] -= lr * vw[l]
                    bs[l] -= lr * vb[l]
                else:
                    ws[l] -= lr * gw
                    bs[l] -= lr * gb
        epoch_s = time.perf_counter() - t0
        out = xt
        for l, (w, b) in enumerate(zip(ws, bs)):
            out = out @ w.T + b
            if l < len(ws) - 1:
                out = np.maximum(out, 0) if relu else sigmoid(out)
        emit(epoch, epoch_s, float((out.argmax(axis=1) == yt).mean()))


def run_torch(cfg, x, y, xt, yt, epochs, seed, emit):
    import torch
    torch.manual_seed(seed)
    sizes = cfg["sizes"]
    relu = cfg["act"] == "relu"
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        lin = torch.nn.Linear(n_in, n_out)
        if not relu:
            torch.nn.init.normal_(lin.weight)
            torch.nn.init.normal_(lin.bias)
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU() if relu else torch.nn.Sigmoid())
    if cfg["cost"] == "quadratic":
        layers.append(torch.nn.Sigmoid())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=cfg["lr"], momentum=cfg["momentum"])
    xs, ys = torch.from_numpy(x), torch.from_numpy(y)
    xts, yts = torch.from_numpy(xt), torch.from_numpy(yt)
    onehot = torch.eye(10)
    m = cfg["batch"]
    n = len(x)
    for epoch in range(1, epochs + 1):
        t0 = time.perf_counter()
        order = torch.randperm(n)
        for start in range(0, n, m):
            idx = order[start:start + m]
            out = model(xs[idx])
            if cfg["cost"] == "nll":
                loss = torch.nn.functional.cross_entropy(out, ys[idx])
            else:
                loss = 0.5 * ((out - onehot[ys[idx]]) ** 2).sum(dim=1).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        epoch_s = time.perf_counter() - t0
        with torch.no_grad():
            acc = float((model(xts).argmax(dim=1) == yts).float().mean())
        emit(epoch, epoch_s, acc)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--peer", choices=["numpy", "torch"], required=True)
    p.add_argument("--config", choices=sorted(CONFIGS), required=True)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "data", "mnist"))
    a = p.parse_args()
    if a.peer == "torch":
        import torch
        torch.set_num_threads(a.threads)
    x, y, xt, yt = load_mnist(a.data)

    def emit(epoch, epoch_s, acc):
        print(json.dumps({"peer": a.peer, "config": a.config, "threads": a.threads, "epoch": epoch,
                          "epoch_s": round(epoch_s, 4), "test_acc": round(acc, 4)}), flush=True)

    (run_numpy if a.peer == "numpy" else run_torch)(CONFIGS[a.config], x, y, xt, yt, a.epochs, a.seed, emit)


if __name__ == "__main__":
    sys.exit(main())
