"""PyTorch side of NetGen's parity suite.

For every case folder under the directory given on the command line, reads config.json (the network, loss,
optimizer, regularizers and schedule), params.f32 (the initial parameters in NetGen's layout: layers in order,
each weight [out, in] row-major, then bias, then PReLU slopes), inputs.f32 and labels.i32 or targets.f32 (one batch per step),
noise.f32 (the ε NetGen's GaussianNoise layers draw, per step and layer), trains
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


class Maxout(nn.Module):
    """Unit j is the max of the producer's outputs jk … jk+k−1 (NetGen's Maxout; torch.nn has none)."""

    def __init__(self, pieces):
        super().__init__()
        self.pieces = pieces

    def forward(self, x):
        return x.view(x.shape[0], -1, self.pieces).max(dim=2).values


class Maxout2d(nn.Module):
    """Channel c is the max of channels ck … ck+k−1 at every position (NetGen's Maxout after Conv2D)."""

    def __init__(self, pieces):
        super().__init__()
        self.pieces = pieces

    def forward(self, x):
        return x.view(x.shape[0], -1, self.pieces, *x.shape[2:]).max(dim=2).values


class RecordedNoise(nn.Module):
    """NetGen's GaussianNoise: x + σ·ε in training, with ε (set before each step) the normals NetGen's stream drew."""

    def __init__(self, std, units):
        super().__init__()
        self.std, self.units = std, units  # units: values per sample
        self.eps = None

    def forward(self, x):
        return x + self.std * self.eps.reshape(x.shape) if self.training else x


class ActivityL1(nn.Module):
    """The identity; keeps λ·Σ|x|/N of its input, the penalty the objective adds (NetGen's ActivityL1)."""

    def __init__(self, lam):
        super().__init__()
        self.lam = lam
        self.penalty = None

    def forward(self, x):
        self.penalty = self.lam * x.abs().sum() / x.shape[0]
        return x


def activation(name, units):
    if name == "none":
        return None
    if name == "tanh":
        return nn.Tanh()
    if name == "relu":
        return nn.ReLU()
    if name == "sigmoid":
        return nn.Sigmoid()
    if name == "gelu":
        return nn.GELU()
    if name == "silu":
        return nn.SiLU()
    if name == "prelu":
        return nn.PReLU(num_parameters=units, init=0.25)
    kind, argument = name.split(":")
    if kind == "leaky_relu":
        return nn.LeakyReLU(float(argument))
    if kind == "elu":
        return nn.ELU(float(argument))
    if kind == "maxout":
        return Maxout(int(argument))
    if kind == "maxout2d":
        return Maxout2d(int(argument))
    if kind == "prelu2d":
        return nn.PReLU(num_parameters=int(argument), init=0.25)
    raise ValueError(f"unknown activation {name}")


def build(config):
    """
    The model, its parameter tensors in NetGen's layout (per layer weight, bias, norm γ and β, PReLU slopes; with
    weight_norm: v, bias, g), the weight tensors (v under weight_norm) for weight-only decay, and each MaxNorm's
    (weight, c).
    """
    modules, tensors, weights, max_norms = [], [], [], []
    for layer in config["layers"]:
        kind, *window = layer.get("op", "dense").split(":")
        if kind in ("maxpool", "avgpool"):
            # size:stride[:padding:ceil_mode[:count_include_pad]], flags 0/1, PyTorch's defaults when left out
            size, stride = int(window[0]), int(window[1])
            padding = int(window[2]) if len(window) > 2 else 0
            ceil_mode = window[3] == "1" if len(window) > 3 else False
            if kind == "maxpool":
                modules.append(nn.MaxPool2d(size, stride, padding=padding, ceil_mode=ceil_mode))
            else:
                count_include_pad = window[4] == "1" if len(window) > 4 else True
                modules.append(nn.AvgPool2d(size, stride, padding=padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad))
            continue
        if kind == "flatten":
            modules.append(nn.Flatten())
            continue
        if kind == "conv":
            channels, filters, size, stride, padding = (int(v) for v in window)
            producer = nn.Conv2d(channels, filters, size, stride=stride, padding=padding, bias=layer["bias"])
        else:
            modules.append(nn.Flatten())  # a no-op on flat input; NetGen flattens spatial input before a Dense
            producer = nn.Linear(layer["in"], layer["out"], bias=layer["bias"])
        features = producer.out_features if kind == "dense" else producer.out_channels
        norm = layer.get("norm", "none")
        if norm == "weight":
            producer = nn.utils.weight_norm(producer, name="weight", dim=0)
            weight = producer.weight_v
        else:
            weight = producer.weight
        modules.append(producer)
        weights.append(weight)
        tensors.append(weight)
        if producer.bias is not None:
            tensors.append(producer.bias)
        if norm == "weight":
            tensors.append(producer.weight_g)
        elif norm != "none":
            kind, *settings = norm.split(":")
            if kind == "batch":
                module = nn.BatchNorm1d(features, momentum=float(settings[0]), eps=float(settings[1]))
            elif kind == "batch2d":
                module = nn.BatchNorm2d(features, momentum=float(settings[0]), eps=float(settings[1]))
            elif kind == "group":
                module = nn.GroupNorm(int(settings[0]), features, eps=float(settings[1]))
            elif kind == "instance":
                module = nn.InstanceNorm2d(features, eps=float(settings[0]), affine=True)
            elif kind == "layer_shape":
                module = nn.LayerNorm([int(v) for v in settings[1:]], eps=float(settings[0]))
            else:
                module = nn.LayerNorm(features, eps=float(settings[0]))
            modules.append(module)
            tensors += [module.weight, module.bias]
        act = activation(layer["activation"], layer["units"])
        if act is not None:
            modules.append(act)
            if isinstance(act, nn.PReLU):
                tensors.append(act.weight)
        for regularizer in layer.get("regularizers", "none").split("+"):
            kind, _, value = regularizer.partition(":")
            if kind == "max_norm":
                max_norms.append((weight, float(value)))
            elif kind == "noise":
                modules.append(RecordedNoise(float(value), layer["units"]))
            elif kind == "activity_l1":
                modules.append(ActivityL1(float(value)))
            elif kind != "none":
                raise ValueError(f"unknown regularizer {regularizer}")
    return nn.Sequential(*modules), tensors, weights, max_norms


def load(tensors, flat):
    offset = 0
    with torch.no_grad():
        for tensor in tensors:
            n = tensor.numel()
            tensor.copy_(torch.from_numpy(flat[offset:offset + n].reshape(tensor.shape)))
            offset += n
    assert offset == flat.size, f"{flat.size} parameters given, {offset} used"


def flatten(tensors):
    return torch.cat([t.detach().reshape(-1) for t in tensors]).numpy().astype(np.float32)


def optimizer(config, tensors, weights):
    options = dict(config["optimizer"])
    if "betas" in options:
        options["betas"] = tuple(options["betas"])
    biases = [t for t in tensors if all(t is not w for w in weights)]  # biases, norm γ/β, weight_norm g, PReLU slopes
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
    model, tensors, weights, max_norms = build(config)
    noises = [m for m in model if isinstance(m, RecordedNoise)]
    penalties = [m for m in model if isinstance(m, ActivityL1)]
    noise = torch.from_numpy(np.fromfile(folder / "noise.f32", dtype="<f4")).reshape(steps, -1)
    load(tensors, np.fromfile(folder / "params.f32", dtype="<f4"))
    in_size, out_size = config["layers"][0]["in"], config["layers"][-1]["units"]
    sample = config.get("input_shape", [in_size])
    inputs = torch.from_numpy(np.fromfile(folder / "inputs.f32", dtype="<f4").reshape(steps, batch, *sample))
    if config["loss"] == "cross_entropy":
        answers = torch.from_numpy(np.fromfile(folder / "labels.i32", dtype="<i4").astype(np.int64).reshape(steps, batch))
        criterion = nn.CrossEntropyLoss()
    else:
        answers = torch.from_numpy(np.fromfile(folder / "targets.f32", dtype="<f4").reshape(steps, batch, out_size))
        criterion = nn.MSELoss()
    opt = optimizer(config, tensors, weights)
    sched = scheduler(config, opt)
    penalized = weights if config["decay_weights_only"] else tensors
    trajectory, losses = [flatten(tensors)], []
    for step in range(steps):
        opt.zero_grad()
        offset = 0
        for module in noises:  # this step's ε, layer by layer, as NetGen drew them
            module.eps = noise[step, offset:offset + batch * module.units]
            offset += batch * module.units
        loss = criterion(model(inputs[step]), answers[step])
        objective = loss + sum(m.penalty for m in penalties)
        if config["l1"] > 0:
            objective = loss + config["l1"] * sum(p.abs().sum() for p in penalized)
        objective.backward()
        if config["clip_norm"] > 0:
            nn.utils.clip_grad_norm_(model.parameters(), config["clip_norm"])
        if config["clip_value"] > 0:
            nn.utils.clip_grad_value_(model.parameters(), config["clip_value"])
        opt.step()
        with torch.no_grad():
            for weight, c in max_norms:  # torch.renorm: rows with ‖w‖ > c scaled by c/(‖w‖ + 1e-7)
                weight.copy_(torch.renorm(weight, p=2, dim=0, maxnorm=c))
        if sched is not None:
            sched.step()
        trajectory.append(flatten(tensors))
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
