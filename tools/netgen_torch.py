"""NetGen checkpoints in PyTorch: read, run, train and write them with torch.nn.

A NetGen checkpoint (``net.Save(path)``) is a safetensors file whose tensors are named as the state_dict of the
equivalent torch.nn model and whose ``netgen.architecture`` metadata describes that model (docs/checkpoints.md).
This tool builds the model from the file alone, so NetGen and PyTorch can exchange weights both ways:

    NetGen -> PyTorch   model, metadata = load_netgen("net.safetensors"); model.eval(); y = predict(model, x)
    PyTorch -> NetGen   save_weights(model, model.architecture, "tuned.safetensors"), then net.LoadWeights(path) in C#

It needs torch and numpy only (no safetensors package). As a module::

    import sys; sys.path.insert(0, "tools")
    from netgen_torch import load_netgen, predict
    model, metadata = load_netgen("net.safetensors")
    probabilities = predict(model, torch.randn(4, model.input_size))

As a command (raw files are little-endian float32, row-major, n x InputSize in and n x OutputSize out)::

    python3 tools/netgen_torch.py inspect net.safetensors
    python3 tools/netgen_torch.py predict net.safetensors inputs.f32 outputs.f32
    python3 tools/netgen_torch.py train net.safetensors tuned.safetensors --steps 5 --seed 1
    python3 tools/netgen_torch.py batch jobs.json results.json   # many predict/train jobs in one process

``predict`` applies what NetGen's Predict applies (the architecture's ``output``: softmax over dim 1, sigmoid, or
nothing) in eval mode. A checkpoint saved with fitted preprocessing (``net.Save(path, preprocessing)``: standardization,
mean subtraction, PCA, PCA/ZCA whitening) carries it as ``preprocessing.<i>.*`` tensors and ``netgen.preprocessing``
metadata; ``load_netgen`` reads it into ``model.preprocessing`` and the ``predict`` command applies it first, so its
input rows are raw samples. ``train`` runs a few SGD steps on random data in training mode (so weights and BatchNorm running
statistics move) and writes the weights as a file NetGen's LoadWeights takes. The layer regularizers come along:
GaussianNoise is a module (identity in eval), ActivityL1 an identity module whose penalty ``activity_penalty(model)``
adds to the loss, and MaxNorm a ``max_norm`` attribute of the Linear or Conv2d that ``apply_max_norm(model)`` enforces
after each optimizer step; ``train`` does both.
"""
import argparse
import json
import math
import os
import sys
import traceback

try:
    import numpy as np
    import torch
    from torch import nn
except ImportError as e:  # e.g. a python3 on PATH without torch; Debian's python3-torch is /usr/bin/python3
    sys.exit(f"netgen_torch.py needs torch and numpy ({e}); run it with a Python that has them, e.g. /usr/bin/python3")

# safetensors dtype -> little-endian numpy dtype (BF16 and the F8 kinds have no numpy equivalent).
DTYPES = {
    "BOOL": np.dtype("bool"), "U8": np.dtype("u1"), "I8": np.dtype("i1"),
    "I16": np.dtype("<i2"), "U16": np.dtype("<u2"), "F16": np.dtype("<f2"),
    "I32": np.dtype("<i4"), "U32": np.dtype("<u4"), "F32": np.dtype("<f4"),
    "I64": np.dtype("<i8"), "U64": np.dtype("<u8"), "F64": np.dtype("<f8"),
}
_NAMES = {dtype.newbyteorder("="): name for name, dtype in DTYPES.items()}
_ITEM = {name: dtype.itemsize for name, dtype in DTYPES.items()}


# ----------------------------------------------------------------------------------------------------------- format

def read_safetensors(path):
    """The file's tensors (name -> numpy array, in file order) and its metadata (str -> str); every rule is checked."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: {len(data)} bytes, too short for the header length")
    n = int.from_bytes(data[:8], "little")
    if n > len(data) - 8:
        raise ValueError(f"{path}: header length {n} runs past the end of the file ({len(data)} bytes)")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    body = memoryview(data)[8 + n:]
    metadata = header.pop("__metadata__", None) or {}
    tensors, spans = {}, []
    for name, entry in header.items():
        dtype, shape, (begin, end) = entry["dtype"], entry["shape"], entry["data_offsets"]
        if dtype not in DTYPES:
            raise ValueError(f"{path}: tensor {name!r} has dtype {dtype}, which this tool cannot map to numpy")
        size = _ITEM[dtype] * math.prod(shape)
        if end - begin != size or begin < 0 or end > len(body):
            raise ValueError(f"{path}: tensor {name!r} {dtype}{shape} has offsets [{begin}, {end}) for {size} bytes "
                             f"in a data section of {len(body)}")
        spans.append((begin, end, name))
        tensors[name] = np.frombuffer(body[begin:end], dtype=DTYPES[dtype]).reshape(shape).copy()
    position = 0
    for begin, end, name in sorted(spans):
        if begin != position:
            raise ValueError(f"{path}: tensor {name!r} starts at {begin}, expected {position} (gap or overlap)")
        position = end
    if position != len(body):
        raise ValueError(f"{path}: the tensors cover {position} bytes of a {len(body)}-byte data section")
    return tensors, metadata


def write_safetensors(path, tensors, metadata=None):
    """Writes tensors (name -> numpy array or torch tensor) back to back in the given order, metadata as strings."""
    arrays, header = [], {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    for name, value in tensors.items():
        if isinstance(value, torch.Tensor):
            value = value.detach().cpu().numpy()
        array = np.asarray(value, order="C")  # (ascontiguousarray would make a 0-d tensor 1-d)
        dtype = _NAMES.get(array.dtype.newbyteorder("="))
        if dtype is None:
            raise ValueError(f"tensor {name!r}: numpy dtype {array.dtype} has no safetensors name here")
        raw = array.astype(DTYPES[dtype], copy=False).tobytes(order="C")
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        arrays.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)  # the data starts 8-byte aligned, as the safetensors library writes it
    temporary = f"{path}.tmp{os.getpid()}"
    with open(temporary, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for raw in arrays:
            f.write(raw)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


# ------------------------------------------------------------------------------------------------------------ model

class Maxout(nn.Module):
    """NetGen's Maxout(k): unit j is the max of inputs jk ... jk+k-1; on [N, C, H, W], channel c of planes ck ... ck+k-1."""

    def __init__(self, pieces):
        super().__init__()
        self.pieces = pieces

    def forward(self, x):
        return x.view(x.shape[0], -1, self.pieces, *x.shape[2:]).max(dim=2).values

    def extra_repr(self):
        return f"pieces={self.pieces}"


class GaussianNoise(nn.Module):
    """NetGen's GaussianNoise(std): x + std·N(0, 1) in training (torch's own generator here), the identity in eval."""

    def __init__(self, std):
        super().__init__()
        self.std = std

    def forward(self, x):
        return x + self.std * torch.randn_like(x) if self.training else x

    def extra_repr(self):
        return f"std={self.std}"


class ActivityL1(nn.Module):
    """NetGen's ActivityL1(lambda): the identity; in training keeps lambda·Σ|x|/N, which activity_penalty(model) sums."""

    def __init__(self, lam):
        super().__init__()
        self.lam = lam
        self.penalty = None

    def forward(self, x):
        self.penalty = self.lam * x.abs().sum() / x.shape[0] if self.training else None
        return x

    def extra_repr(self):
        return f"lambda={self.lam}"


def activity_penalty(model):
    """Σ of the ActivityL1 penalties of the last training forward, to add to the data loss before backward()."""
    return sum(m.penalty for m in model.modules() if isinstance(m, ActivityL1) and m.penalty is not None)


def apply_max_norm(model):
    """NetGen's MaxNorm, to call after every optimizer.step(): each Linear/Conv2d with a max_norm renormed as torch.renorm."""
    with torch.no_grad():
        for m in model.modules():
            if getattr(m, "max_norm", 0.0) > 0:
                m.weight.copy_(torch.renorm(m.weight, p=2, dim=0, maxnorm=m.max_norm))


def make_module(m):
    """The torch.nn module one entry of a layer's "modules" describes (ModuleDescription in NetGen)."""
    kind = m["kind"]
    window = lambda: dict(kernel_size=m["kernel_size"], stride=m["stride"] or m["kernel_size"], padding=m["padding"])
    if kind == "Flatten":
        return nn.Flatten()
    if kind in ("Linear", "Conv2d"):
        if kind == "Linear":
            module = nn.Linear(m["in_features"], m["out_features"], bias=m["bias"])
        else:
            module = nn.Conv2d(m["in_features"], m["out_features"], bias=m["bias"], **window())
        module.max_norm = m.get("max_norm", 0.0)  # a plain attribute: not in the state_dict; see apply_max_norm
        return nn.utils.weight_norm(module, name="weight", dim=0) if m["weight_norm"] else module
    if kind == "MaxPool2d":
        return nn.MaxPool2d(ceil_mode=m["ceil_mode"], **window())
    if kind == "AvgPool2d":
        return nn.AvgPool2d(ceil_mode=m["ceil_mode"], count_include_pad=m["count_include_pad"], **window())
    if kind in ("BatchNorm1d", "BatchNorm2d"):
        return getattr(nn, kind)(m["num_features"], eps=m["epsilon"], momentum=m["momentum"])
    if kind == "LayerNorm":
        return nn.LayerNorm(m["normalized_shape"], eps=m["epsilon"])
    if kind == "GroupNorm":
        return nn.GroupNorm(m["num_groups"], m["num_features"], eps=m["epsilon"])
    if kind == "InstanceNorm2d":
        return nn.InstanceNorm2d(m["num_features"], eps=m["epsilon"], affine=True)
    if kind in ("ReLU", "Tanh", "Sigmoid", "GELU", "SiLU"):
        return getattr(nn, kind)()
    if kind == "LeakyReLU":
        return nn.LeakyReLU(m["negative_slope"])
    if kind == "ELU":
        return nn.ELU(m["alpha"])
    if kind == "PReLU":
        return nn.PReLU(num_parameters=m["num_features"], init=0.25)
    if kind == "Maxout":
        return Maxout(m["pieces"])
    if kind == "Dropout":
        return nn.Dropout(m["p"])
    if kind == "GaussianNoise":
        return GaussianNoise(m["std"])
    if kind == "ActivityL1":
        return ActivityL1(m["lambda"])
    raise ValueError(f"unknown module kind {kind!r}")


class NetGenModel(nn.Module):
    """One nn.Sequential attribute per NetGen layer, named as the layer's property, run in declaration order.

    forward takes [N, InputSize] (NetGen's flat rows) or [N, *input_shape] and returns the last layer's raw output;
    predict() applies what NetGen's Predict applies on top.
    """

    def __init__(self, architecture):
        super().__init__()
        self.architecture = architecture
        self.input_shape = tuple(architecture["input_shape"])
        self.input_size = math.prod(self.input_shape)
        self.output = architecture["output"]
        self.layer_names = []
        for layer in architecture["layers"]:
            self.add_module(layer["name"], nn.Sequential(*(make_module(m) for m in layer["modules"])))
            self.layer_names.append(layer["name"])
        self.output_size = math.prod(architecture["layers"][-1]["output_shape"])

    def forward(self, x):
        x = x.reshape(x.shape[0], *self.input_shape)
        for name in self.layer_names:
            x = getattr(self, name)(x)
        return x.reshape(x.shape[0], -1)


def build_model(architecture):
    """The torch.nn model of a NetGen architecture (the "netgen.architecture" metadata, as a dict or a JSON string)."""
    if isinstance(architecture, str):
        architecture = json.loads(architecture)
    return NetGenModel(architecture)


def apply_output(y, output):
    """What NetGen's Predict applies to the last layer: "Softmax" over dim 1, "Sigmoid", or "Identity"."""
    if output == "Softmax":
        return torch.softmax(y, dim=1)
    if output == "Sigmoid":
        return torch.sigmoid(y)
    if output == "Identity":
        return y
    raise ValueError(f"unknown output {output!r}")


class PredictWrapper(nn.Module):
    """The model followed by its Predict output, e.g. for torch.onnx.export or TorchScript."""

    def __init__(self, model, output=None):
        super().__init__()
        self.model = model
        self.output = output or model.output

    def forward(self, x):
        return apply_output(self.model(x), self.output)


def predict(model, x, output=None):
    """NetGen's Predict in PyTorch: eval mode, no gradients, [n, OutputSize] out; x a tensor or array of n samples."""
    x = torch.as_tensor(np.asarray(x, dtype=np.float32) if not isinstance(x, torch.Tensor) else x)
    model.eval()
    with torch.no_grad():
        return PredictWrapper(model, output)(x)


def load_netgen(path):
    """The model of a NetGen checkpoint (or weights file with netgen.architecture), its state loaded strictly.

    The file's fitted preprocessing, if any, is ``model.preprocessing`` (a list of steps, see load_preprocessing), else
    None; ``preprocess(model.preprocessing, x)`` applies it.
    """
    tensors, metadata = read_safetensors(path)
    if "netgen.architecture" not in metadata:
        raise ValueError(f"{path}: no netgen.architecture in the metadata; build_model(architecture) and load it yourself")
    model = build_model(metadata["netgen.architecture"])
    state = {name: torch.from_numpy(value) for name, value in tensors.items()
             if not name.startswith(("optimizer.", PREPROCESSING))}
    model.load_state_dict(state, strict=True)  # raises on any missing, extra or misshapen tensor
    model.preprocessing = load_preprocessing(tensors, metadata, path)
    return model, metadata


# ---------------------------------------------------------------------------------------------------- preprocessing

PREPROCESSING = "preprocessing."


def load_preprocessing(tensors, metadata, path="checkpoint"):
    """The fitted preprocessing steps of a checkpoint (docs/checkpoints.md, section 7), or None without any.

    Each step is a dict: "kind" (standardization, mean_subtraction, pca, pca_whitening, zca_whitening), "input_shape",
    its settings ("scope", "epsilon", "total_variance") and its tensors by name ("mean", "std", "components",
    "explained_variance", "eigenvalues") as numpy arrays.
    """
    if "netgen.preprocessing" not in metadata:
        return None
    steps = json.loads(metadata["netgen.preprocessing"])
    for i, step in enumerate(steps):
        prefix = f"{PREPROCESSING}{i}."
        step.update({name[len(prefix):]: value for name, value in tensors.items() if name.startswith(prefix)})
        needed = {"standardization": ["mean", "std"], "mean_subtraction": ["mean"], "pca": ["mean", "components"],
                  "pca_whitening": ["mean", "components", "eigenvalues"], "zca_whitening": ["mean", "components", "eigenvalues"]}
        if step.get("kind") not in needed:
            raise ValueError(f"{path}: netgen.preprocessing step {i} has kind {step.get('kind')!r}")
        missing = [name for name in needed[step["kind"]] if name not in step]
        if missing:
            raise ValueError(f"{path}: netgen.preprocessing step {i} ({step['kind']}) lacks {prefix}{missing[0]}")
    return steps


def preprocessing_matrix(step):
    """W [out, d] of a PCA or whitening step, y = (x - mean) W^T, as NetGen computes it (float64, rounded once)."""
    components = step["components"].astype(np.float64)
    if step["kind"] == "pca":
        return components.astype(np.float32)
    scale = 1.0 / np.sqrt(step["eigenvalues"].astype(np.float64) + np.float32(step["epsilon"]))
    if step["kind"] == "pca_whitening":
        return (components * scale[:, None]).astype(np.float32)
    return ((components.T * scale) @ components).astype(np.float32)  # zca: U diag(1/sqrt(lambda + eps)) U^T


def preprocess(steps, x):
    """Applies fitted preprocessing steps (load_preprocessing) to raw samples x [n, raw size]: [n, network InputSize]."""
    x = torch.as_tensor(np.asarray(x, dtype=np.float32) if not isinstance(x, torch.Tensor) else x).float()
    for step in steps or []:
        shape = step["input_shape"]
        x = x.reshape(x.shape[0], *shape)
        kind = step["kind"]
        if kind in ("standardization", "mean_subtraction"):
            broadcast = {"global": [1], "per_feature": shape, "per_channel": [shape[0], 1, 1]}[step["scope"]]
            x = x - torch.from_numpy(step["mean"]).reshape(broadcast)
            if kind == "standardization":
                x = x / torch.from_numpy(step["std"]).reshape(broadcast)
        else:
            flat = x.reshape(x.shape[0], -1) - torch.from_numpy(step["mean"])
            x = flat @ torch.from_numpy(preprocessing_matrix(step)).T
    return x.reshape(x.shape[0], -1)


def save_weights(model, architecture, path):
    """Writes model's state_dict (F32, num_batches_tracked I64) as a file NetGen's LoadWeights takes.

    The names and shapes are first checked against the model of ``architecture`` (a strict load_state_dict), so a
    file NetGen would refuse is never written. The metadata carries the architecture, so load_netgen reads the file too.
    """
    if isinstance(architecture, str):
        architecture = json.loads(architecture)
    state = model.state_dict()
    build_model(architecture).load_state_dict(state, strict=True)
    tensors = {}
    for name, value in state.items():
        value = value.detach().cpu()
        tensors[name] = value.to(torch.int64) if name.endswith("num_batches_tracked") else value.to(torch.float32)
    metadata = {"format": "pt", "netgen.contents": "weights", "netgen.network": architecture["name"],
                "netgen.architecture": json.dumps(architecture, separators=(",", ":"))}
    write_safetensors(path, tensors, metadata)


# --------------------------------------------------------------------------------------------------------- commands

def _read_f32(path, columns):
    values = np.fromfile(path, dtype="<f4")
    if values.size % columns:
        raise ValueError(f"{path}: {values.size} floats is not a whole number of rows of {columns}")
    return values.reshape(-1, columns)


def run_predict(checkpoint, inputs, outputs):
    """predict: rows of inputs.f32 through the checkpoint's preprocessing (raw samples, if it has any) and model into outputs.f32."""
    model, _ = load_netgen(checkpoint)
    if model.preprocessing:
        raw_size = math.prod(model.preprocessing[0]["input_shape"])
        x = preprocess(model.preprocessing, _read_f32(inputs, raw_size))
    else:
        x = _read_f32(inputs, model.input_size)
    y = predict(model, x)
    y.numpy().astype("<f4").tofile(outputs)
    return {"rows": int(y.shape[0])}


def run_train(checkpoint, out, steps=5, seed=0, lr=0.05, batch=8):
    """train: a few SGD steps on random data (training mode), then the weights to out; returns how far they moved."""
    torch.manual_seed(seed)
    model, _ = load_netgen(checkpoint)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    loss_fn = {"Softmax": nn.CrossEntropyLoss(), "Sigmoid": nn.BCEWithLogitsLoss(), "Identity": nn.MSELoss()}[model.output]
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        x = torch.randn(batch, model.input_size)
        if model.output == "Softmax":
            target = torch.randint(model.output_size, (batch,))
        elif model.output == "Sigmoid":
            target = torch.randint(2, (batch, model.output_size)).float()
        else:
            target = torch.randn(batch, model.output_size)
        optimizer.zero_grad()
        loss = loss_fn(model(x), target)
        (loss + activity_penalty(model)).backward()  # the returned loss is the data loss, as NetGen's TrainStep
        optimizer.step()
        apply_max_norm(model)
    save_weights(model, model.architecture, out)
    moved = {k: float((v.double() - before[k].double()).abs().max()) for k, v in model.state_dict().items() if v.numel()}
    return {"loss": float(loss), "moved": moved}


def run_inspect(checkpoint):
    tensors, metadata = read_safetensors(checkpoint)
    for key, value in metadata.items():
        if key == "netgen.architecture":
            value = json.dumps(json.loads(value), indent=2)
        print(f"{key}: {value}")
    for name, value in tensors.items():
        stats = f"min {value.min():.6g} max {value.max():.6g} mean {value.mean():.6g}" if value.size else ""
        print(f"{name:50s} {str(value.dtype):8s} {list(value.shape)} {stats}")
    steps = load_preprocessing(tensors, metadata, checkpoint)
    for i, step in enumerate(steps or []):
        settings = ", ".join(f"{key} {step[key]}" for key in ("scope", "epsilon", "total_variance") if key in step)
        names = ", ".join(f"{key} {list(value.shape)}" for key, value in step.items() if isinstance(value, np.ndarray))
        print(f"preprocessing step {i}: {step['kind']} of {step['input_shape']} ({settings}): {names}")


def run_batch(jobs_path, results_path):
    """batch: a JSON list of {"command": "predict"|"train", ...keyword arguments...}; one result per job."""
    with open(jobs_path) as f:
        jobs = json.load(f)
    commands = {"predict": run_predict, "train": run_train}
    results, failed = [], 0
    for job in jobs:
        job = dict(job)
        command = job.pop("command")
        try:
            results.append({"ok": True, **commands[command](**job)})
        except Exception:
            failed += 1
            results.append({"ok": False, "error": traceback.format_exc()})
    with open(results_path, "w") as f:
        json.dump(results, f, indent=1)
    return failed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("predict", help="NetGen's Predict in PyTorch on raw float32 rows (after the file's preprocessing)")
    p.add_argument("checkpoint")
    p.add_argument("inputs")
    p.add_argument("outputs")
    t = commands.add_parser("train", help="a few SGD steps on random data, then the weights for LoadWeights")
    t.add_argument("checkpoint")
    t.add_argument("out")
    t.add_argument("--steps", type=int, default=5)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--lr", type=float, default=0.05)
    t.add_argument("--batch", type=int, default=8)
    i = commands.add_parser("inspect", help="print the metadata and every tensor")
    i.add_argument("checkpoint")
    b = commands.add_parser("batch", help="run a JSON list of predict/train jobs in one process")
    b.add_argument("jobs")
    b.add_argument("results")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    if args.command == "predict":
        run_predict(args.checkpoint, args.inputs, args.outputs)
    elif args.command == "train":
        result = run_train(args.checkpoint, args.out, args.steps, args.seed, args.lr, args.batch)
        print(f"loss {result['loss']:.6g}; largest change per tensor: {json.dumps(result['moved'])}")
    elif args.command == "inspect":
        run_inspect(args.checkpoint)
    else:
        return 1 if run_batch(args.jobs, args.results) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
