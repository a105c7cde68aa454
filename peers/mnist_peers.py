#!/usr/bin/env python3
"""The peers of ./backprop4j bench: the same configs on the same MNIST, in numpy and PyTorch.

One JSON line per epoch: {"peer", "config", "epoch", "epoch_s", "test_acc", "threads"}.
numpy is the matrix-form algorithm (float32, one BLAS call per matrix product, like Nielsen's network.py
vectorised over the mini-batch); PyTorch uses nn.Linear layers and torch.optim.SGD.

Configs:
  nielsen  784-30-10 sigmoid, quadratic cost, SGD eta 3.0, batch 10, N(0,1) init
  mlp100   784-100-10 ReLU, softmax + NLL, SGD lr 0.1 momentum 0.9, batch 64
  mlp800   784-800-800-10 ReLU, softmax + NLL, SGD lr 0.05 momentum 0.9, batch 128
  cnn      LeNet: conv 5x5x20, ReLU, max-pool 2, conv 5x5x40, ReLU, max-pool 2, dense 640-100 ReLU,
           dense 100-10 softmax + NLL, SGD lr 0.05 momentum 0.9, batch 64 (numpy: im2col and one matmul per product)
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
    "cnn": dict(conv=[(20, 5), (40, 5)], sizes=[640, 100, 10], act="relu", cost="nll", lr=0.05, momentum=0.9, batch=64),
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


def conv_forward(x, w, b):
    """x (N, C, H, W), w (O, C, K, K): returns z (N, O, H-K+1, W-K+1) and the im2col rows (N*Ho*Wo, C*K*K)."""
    n, c, h, wd = x.shape
    o, _, k, _ = w.shape
    cols = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))  # N, C, Ho, Wo, K, K
    ho, wo = cols.shape[2], cols.shape[3]
    cols = np.ascontiguousarray(cols.transpose(0, 2, 3, 1, 4, 5)).reshape(n * ho * wo, c * k * k)
    z = cols @ w.reshape(o, -1).T + b
    return np.ascontiguousarray(z.reshape(n, ho, wo, o).transpose(0, 3, 1, 2)), cols


def conv_backward(dz, cols, w, x_shape, need_dx):
    n, c, h, wd = x_shape
    o, _, k, _ = w.shape
    ho, wo = dz.shape[2], dz.shape[3]
    d2 = dz.transpose(0, 2, 3, 1).reshape(-1, o)
    gw = (d2.T @ cols).reshape(w.shape)
    gb = d2.sum(axis=0)
    if not need_dx:
        return gw, gb, None
    dcols = (d2 @ w.reshape(o, -1)).reshape(n, ho, wo, c, k, k)
    dx = np.zeros(x_shape, np.float32)
    for ky in range(k):
        for kx in range(k):
            dx[:, :, ky:ky + ho, kx:kx + wo] += dcols[:, :, :, :, ky, kx].transpose(0, 3, 1, 2)
    return gw, gb, dx


def pool_forward(a):
    n, c, h, w = a.shape
    blocks = a.reshape(n, c, h // 2, 2, w // 2, 2)
    out = blocks.max(axis=(3, 5))
    mask = blocks == out[:, :, :, None, :, None]
    return out, mask


def pool_backward(d, mask):
    n, c, h2, w2 = d.shape
    return (mask * d[:, :, :, None, :, None]).reshape(n, c, h2 * 2, w2 * 2)


def run_numpy_cnn(cfg, x, y, xt, yt, epochs, seed, emit):
    rng = np.random.default_rng(seed)
    (o1, k1), (o2, k2) = cfg["conv"]
    w1 = (rng.standard_normal((o1, 1, k1, k1)) * np.sqrt(2.0 / (k1 * k1))).astype(np.float32)
    w2 = (rng.standard_normal((o2, o1, k2, k2)) * np.sqrt(2.0 / (o1 * k2 * k2))).astype(np.float32)
    w3 = (rng.standard_normal((100, 640)) * np.sqrt(2.0 / 640)).astype(np.float32)
    w4 = (rng.standard_normal((10, 100)) * np.sqrt(2.0 / 100)).astype(np.float32)
    params = [w1, np.zeros(o1, np.float32), w2, np.zeros(o2, np.float32), w3, np.zeros(100, np.float32), w4, np.zeros(10, np.float32)]
    vel = [np.zeros_like(p) for p in params]
    onehot = np.eye(10, dtype=np.float32)
    m, lr, mu = cfg["batch"], np.float32(cfg["lr"]), np.float32(cfg["momentum"])
    x4, xt4 = x.reshape(-1, 1, 28, 28), xt.reshape(-1, 1, 28, 28)

    def forward(xb, p):
        z1, c1 = conv_forward(xb, p[0], p[1])
        a1 = np.maximum(z1, 0)
        p1, m1 = pool_forward(a1)
        z2, c2 = conv_forward(p1, p[2], p[3])
        a2 = np.maximum(z2, 0)
        p2, m2 = pool_forward(a2)
        f = p2.reshape(len(xb), -1)
        z3 = f @ p[4].T + p[5]
        a3 = np.maximum(z3, 0)
        z4 = a3 @ p[6].T + p[7]
        z4 = z4 - z4.max(axis=1, keepdims=True)
        e = np.exp(z4)
        return (c1, z1, m1, p1, c2, z2, m2, f, z3, a3), e / e.sum(axis=1, keepdims=True)

    n = len(x)
    for epoch in range(1, epochs + 1):
        t0 = time.perf_counter()
        order = rng.permutation(n)
        for start in range(0, n, m):
            idx = order[start:start + m]
            xb = x4[idx]
            (c1, z1, m1, p1, c2, z2, m2, f, z3, a3), out = forward(xb, params)
            k = len(idx)
            d4 = (out - onehot[y[idx]]) / k
            g = [None] * 8
            g[6], g[7] = d4.T @ a3, d4.sum(axis=0)
            d3 = (d4 @ params[6]) * (z3 > 0)
            g[4], g[5] = d3.T @ f, d3.sum(axis=0)
            df = (d3 @ params[4]).reshape(p1.shape[0], o2, 4, 4)
            dz2 = pool_backward(df, m2) * (z2 > 0)
            g[2], g[3], dp1 = conv_backward(dz2, c2, params[2], p1.shape, True)
            dz1 = pool_backward(dp1, m1) * (z1 > 0)
            g[0], g[1], _ = conv_backward(dz1, c1, params[0], xb.shape, False)
            for i in range(8):
                vel[i] = mu * vel[i] + g[i]
                params[i] -= lr * vel[i]
        epoch_s = time.perf_counter() - t0
        correct = 0
        for s in range(0, len(xt4), 1000):
            _, out = forward(xt4[s:s + 1000], params)
            correct += int((out.argmax(axis=1) == yt[s:s + 1000]).sum())
        emit(epoch, epoch_s, correct / len(xt4))


def run_torch(cfg, x, y, xt, yt, epochs, seed, emit):
    import torch
    torch.manual_seed(seed)
    if "conv" in cfg:
        (o1, k1), (o2, k2) = cfg["conv"]
        model = torch.nn.Sequential(
            torch.nn.Conv2d(1, o1, k1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(o1, o2, k2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(), torch.nn.Linear(640, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
        x = x.reshape(-1, 1, 28, 28)
        xt = xt.reshape(-1, 1, 28, 28)
        return train_torch(model, cfg, x, y, xt, yt, epochs, emit)
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
    return train_torch(torch.nn.Sequential(*layers), cfg, x, y, xt, yt, epochs, emit)


def train_torch(model, cfg, x, y, xt, yt, epochs, emit):
    import torch
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

    cfg = CONFIGS[a.config]
    numpy_run = run_numpy_cnn if "conv" in cfg else run_numpy
    (numpy_run if a.peer == "numpy" else run_torch)(cfg, x, y, xt, yt, a.epochs, a.seed, emit)


if __name__ == "__main__":
    sys.exit(main())
