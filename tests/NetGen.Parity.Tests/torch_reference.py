"""PyTorch side of NetGen's parity suite.

For every case folder under the directory given on the command line, reads config.json (the network, loss,
optimizer, regularizers and schedule), params.f32 (the initial parameters in NetGen's layout: layers in order,
each weight [out, in] row-major then bias), inputs.f32 and labels.i32 or targets.f32 (one batch per step), trains
the same network with torch.nn / torch.optim for the configured steps, and writes torch_params.f32 (the parameters
before the first step and after every step, one row each) and torch_losses.f32 (the data loss of every step).
"""
import json
import math
import pathlib
import sys

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def activation(name):
    if name == "none":
        return None
    if name == "tanh":
        return nn.Tanh()
    if name == "relu":
        return nn.ReLU()
    if name == "sigmoid":
        return nn.Sigmoid()
    if name.startswith("leaky_relu:"):
        return nn.LeakyReLU(float(name.split(":")[1]))
    raise ValueError(f"unknown activation {name}")


def build(config):
    modules, linears = [], []
    for layer in config["layers"]:
        linear = nn.Linear(layer["in"], layer["out"], bias=layer["bias"])
        linears.append(linear)
        modules.append(linear)
        act = activation(layer["activation"])
        if act is not None:
            modules.append(act)
    return nn.Sequential(*modules), linears


def load(linears, flat):
    offset = 0
    with torch.no_grad():
        for linear in linears:
            n = linear.weight.numel()
            linear.weight.copy_(torch.from_numpy(flat[offset:offset + n].reshape(linear.weight.shape)))
            offset += n
            if linear.bias is not None:
                m = linear.bias.numel()
                linear.bias.copy_(torch.from_numpy(flat[offset:offset + m]))
                offset += m
    assert offset == flat.size, f"{flat.size} parameters given, {offset} used"


def flatten(linears):
    parts = []
    for linear in linears:
        parts.append(linear.weight.detach().reshape(-1))
        if linear.bias is not None:
            parts.append(linear.bias.detach().reshape(-1))
    return torch.cat(parts).numpy().astype(np.float32)


def optimizer(config, linears):
    options = dict(config["optimizer"])
    if "betas" in options:
        options["betas"] = tuple(options["betas"])
    weights = [linear.weight for linear in linears]
    biases = [linear.bias for linear in linears if linear.bias is not None]
    if config["decay_weights_only"]:
        groups = [{"params": weights}, {"params": biases, "weight_decay": 0.0}]
    else:
        groups = [{"params": weights + biases}]
    return getattr(torch.optim, config["optimizer_name"])(groups, **options)


def scheduler(config, opt):
    spec = config.get("schedule")
    if spec is None:
        return None
    kind = spec["kind"]
    sched = torch.optim.lr_scheduler
    if kind == "step":
        return sched.StepLR(opt, step_size=spec["step_size"], gamma=spec["gamma"])
    if kind == "exponential":
        return sched.ExponentialLR(opt, gamma=spec["gamma"])
    if kind == "inverse_time":
        return sched.LambdaLR(opt, lambda t: 1.0 / (1.0 + spec["k"] * t))
    if kind == "cosine":
        return sched.CosineAnnealingLR(opt, T_max=spec["t_max"])
    if kind == "warmup_cosine":
        return sched.ChainedScheduler([
            sched.LinearLR(opt, start_factor=spec["start_factor"], end_factor=1.0, total_iters=spec["warmup"]),
            sched.CosineAnnealingLR(opt, T_max=spec["t_max"]),
        ])
    raise ValueError(f"unknown schedule {kind}")


def run(folder):
    config = json.loads((folder / "config.json").read_text())
    steps, batch = config["steps"], config["batch"]
    model, linears = build(config)
    load(linears, np.fromfile(folder / "params.f32", dtype="<f4"))
    in_size, out_size = config["layers"][0]["in"], config["layers"][-1]["out"]
    inputs = torch.from_numpy(np.fromfile(folder / "inputs.f32", dtype="<f4").reshape(steps, batch, in_size))
    if config["loss"] == "cross_entropy":
        answers = torch.from_numpy(np.fromfile(folder / "labels.i32", dtype="<i4").astype(np.int64).reshape(steps, batch))
        criterion = nn.CrossEntropyLoss()
    else:
        answers = torch.from_numpy(np.fromfile(folder / "targets.f32", dtype="<f4").reshape(steps, batch, out_size))
        criterion = nn.MSELoss()
    opt = optimizer(config, linears)
    sched = scheduler(config, opt)
    penalized = [linear.weight for linear in linears]
    if not config["decay_weights_only"]:
        penalized += [linear.bias for linear in linears if linear.bias is not None]
    trajectory, losses = [flatten(linears)], []
    for step in range(steps):
        opt.zero_grad()
        loss = criterion(model(inputs[step]), answers[step])
        objective = loss
        if config["l1"] > 0:
            objective = loss + config["l1"] * sum(p.abs().sum() for p in penalized)
        objective.backward()
        if config["clip_norm"] > 0:
            nn.utils.clip_grad_norm_(model.parameters(), config["clip_norm"])
        if config["clip_value"] > 0:
            nn.utils.clip_grad_value_(model.parameters(), config["clip_value"])
        opt.step()
        if sched is not None:
            sched.step()
        trajectory.append(flatten(linears))
        losses.append(loss.item())
    np.stack(trajectory).astype("<f4").tofile(folder / "torch_params.f32")
    np.asarray(losses, dtype="<f4").tofile(folder / "torch_losses.f32")


def main():
    root = pathlib.Path(sys.argv[1])
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        run(folder)
    print(f"torch {torch.__version__}: {len(list(root.iterdir()))} cases done")


if __name__ == "__main__":
    main()
