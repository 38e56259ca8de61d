"""PyTorch side of NetGen's benchmark suite.

Builds the suite's networks (the same layers, batches and Adam optimizer as Suite/SuiteNetworks.cs), and times one
training step (forward, cross-entropy, backward, Adam step) and one batched Predict (eval mode, no grad, softmax) for
each, with 1 and with 2 intra-op threads, keeping the better. Prints one JSON object: per network the samples/s,
milliseconds per call and the thread count that won.

Usage: python3 torch_peer.py [--train] [network ...]   (default: all; --train times the training step only)
"""
import json
import sys
import time

import torch
from torch import nn


def mlp(sizes, norm=False, activation=nn.ReLU):
    layers = []
    for i in range(len(sizes) - 2):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if norm:
            layers.append(nn.BatchNorm1d(sizes[i + 1]))
        layers.append(activation())
    layers.append(nn.Linear(sizes[-2], sizes[-1]))
    return nn.Sequential(*layers)


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))


# name: (model factory, batch, input shape)
NETWORKS = {
    "mlp64": (lambda: mlp([64, 32, 10]), 32, (64,)),
    "mlp784": (lambda: mlp([784, 256, 128, 10]), 128, (784,)),
    "mlp784bn": (lambda: mlp([784, 256, 128, 10], norm=True), 128, (784,)),
    "mlpwide": (lambda: mlp([784, 1024, 1024, 10]), 256, (784,)),
    "lenet5": (lenet5, 64, (1, 28, 28)),
    "tanh500": (lambda: mlp([500] * 11 + [10], activation=nn.Tanh), 1000, (500,)),
}


def seconds_per_call(call, budget=1.0, minimum=5):
    """Median time of one call, after warm-up, over at least `minimum` calls and about `budget` seconds."""
    for _ in range(3):
        call()
    times = []
    start = time.perf_counter()
    while len(times) < minimum or time.perf_counter() - start < budget:
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def measure(name, train_only=False):
    factory, batch, shape = NETWORKS[name]
    torch.manual_seed(0)
    model = factory()
    inputs = torch.randn(batch, *shape)
    labels = torch.arange(batch) % 10
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def train():
        optimizer.zero_grad(set_to_none=True)
        loss = criterion(model(inputs), labels)
        loss.backward()
        optimizer.step()

    def predict():
        with torch.no_grad():
            torch.softmax(model(inputs), dim=1)

    result = {"batch": batch}
    kinds = (("train", train, model.train), ("predict", predict, model.eval))
    for kind, call, mode in kinds[:1] if train_only else kinds:
        best = None
        for threads in (1, 2):
            torch.set_num_threads(threads)
            mode()
            seconds = seconds_per_call(call)
            if best is None or seconds < best[0]:
                best = (seconds, threads)
        result[kind] = {"samples_per_s": batch / best[0], "ms": best[0] * 1e3, "threads": best[1]}
    return result


def main():
    args = sys.argv[1:]
    train_only = "--train" in args
    names = [a for a in args if a != "--train"] or list(NETWORKS)
    report = {"torch": torch.__version__, "networks": {name: measure(name, train_only) for name in names}}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
