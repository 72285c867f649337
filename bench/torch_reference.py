"""Computes the expected values in Tests/SSRTensorTests/TorchReferenceTests.swift with PyTorch.

Run:  /tmp/torchenv/bin/python bench/torch_reference.py > /tmp/literals.swift
and paste the printed `let` declarations into the `TorchReference` enum of that test file.
Every input is written out literally here and in the Swift test, so nothing depends on a
random generator.
"""
import math

import torch

torch.set_default_dtype(torch.float32)


def lit(name, values):
    flat = [float(v) for v in torch.as_tensor(values).reshape(-1).tolist()]
    body = ", ".join(repr(v) if math.isfinite(v) else ("Float.nan" if math.isnan(v) else "Float.infinity") for v in flat)
    print(f"  static let {name}: [Float] = [{body}]")


P0 = [[0.5, -1.0], [1.5, 2.0]]
GRADS = [[[0.1 * t - 0.2, 0.3], [-0.5 + 0.05 * t, 1.0 - 0.1 * t]] for t in range(5)]


def run(name, make):
    p = torch.nn.Parameter(torch.tensor(P0))
    opt = make([p])
    out = []
    for g in GRADS:
        p.grad = torch.tensor(g)
        opt.step()
        out.extend(p.detach().reshape(-1).tolist())
    lit(name, out)


run("sgdMomentumDecay", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01))
run("sgdNesterov", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True))
run("sgdDampening", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.5, dampening=0.3))
run("sgdPlain", lambda ps: torch.optim.SGD(ps, lr=0.1))
run("adamDecay", lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1))
run("adamBetas", lambda ps: torch.optim.Adam(ps, lr=0.1, betas=(0.8, 0.99), eps=1e-6))
run("adamW", lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1))

# Gradient clipping by global norm over two parameters.
a = torch.nn.Parameter(torch.zeros(3))
b = torch.nn.Parameter(torch.zeros(2, 2))
a.grad = torch.tensor([0.3, -0.4, 1.2])
b.grad = torch.tensor([[0.5, 0.1], [-0.2, 0.7]])
norm = torch.nn.utils.clip_grad_norm_([a, b], max_norm=0.5)
lit("clipNorm", [norm.item()])
lit("clipGrads", a.grad.tolist() + b.grad.reshape(-1).tolist())

# Schedules.
p = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([p], lr=0.1)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5, eta_min=0.001)
rates = []
for _ in range(12):
    rates.append(opt.param_groups[0]["lr"])
    opt.step()
    sched.step()
lit("cosineRates", rates)
opt = torch.optim.SGD([p], lr=0.1)
sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=4)
rates = []
for _ in range(7):
    rates.append(opt.param_groups[0]["lr"])
    opt.step()
    sched.step()
lit("warmupRates", rates)

# Forward values and gradients of fused ops on a fixed input.
X = torch.tensor([[0.2, -1.3, 2.1, 0.0, 0.7], [-0.4, 0.9, -2.2, 1.6, -0.1], [3.0, 0.5, -0.5, 1.0, 0.25]], requires_grad=True)
W = torch.tensor([0.5, 1.5, -1.0, 2.0, 0.3], requires_grad=True)
B = torch.tensor([0.1, -0.2, 0.3, 0.0, 0.05], requires_grad=True)
R = torch.tensor([[0.3, -0.1, 0.7, 0.2, -0.5], [0.6, 0.4, -0.3, 0.1, 0.9], [-0.8, 0.2, 0.5, -0.6, 0.3]])

y = torch.nn.functional.gelu(X)
lit("geluValues", y.detach())
lit("geluGrad", torch.autograd.grad((y * R).sum(), X)[0])

y = torch.nn.functional.layer_norm(X, (5,), W, B, eps=1e-5)
gx, gw, gb = torch.autograd.grad((y * R).sum(), (X, W, B))
lit("layerNormValues", y.detach())
lit("layerNormGradX", gx)
lit("layerNormGradW", gw)
lit("layerNormGradB", gb)

targets = torch.tensor([2, -100, 0])
loss = torch.nn.functional.cross_entropy(X * 3, targets, ignore_index=-100)
lit("crossEntropyValue", [loss.item()])
lit("crossEntropyGrad", torch.autograd.grad(loss, X)[0])

y = torch.log_softmax(X, dim=0)
lit("logSoftmaxAxis0", y.detach())

# BatchNorm1d: two training steps on [N=4, C=2, L=3], then evaluation.
bn = torch.nn.BatchNorm1d(2)
inp1 = torch.arange(24, dtype=torch.float32).reshape(4, 2, 3) * 0.1 - 1.0
inp2 = torch.cos(torch.arange(24, dtype=torch.float32)).reshape(4, 2, 3)
out1 = bn(inp1)
bn(inp2)
lit("batchNormTrainOut", out1.detach())
lit("batchNormRunningMean", bn.running_mean)
lit("batchNormRunningVar", bn.running_var)
bn.eval()
lit("batchNormEvalOut", bn(inp1).detach())

# Orthonormal real DFT along axis 1 of [1, 6, 2] and its inverse for n = 6.
sig = torch.tensor([[[0.1, 1.0], [0.5, -0.3], [-1.2, 0.8], [0.7, 0.0], [2.0, -0.4], [0.3, 0.6]]])
f = torch.fft.rfft(sig, dim=1, norm="ortho")
lit("rfftReal", f.real)
lit("rfftImag", f.imag)
spec = torch.complex(f.real * 1.5, f.imag - 0.2)
lit("irfftValues", torch.fft.irfft(spec, n=6, dim=1, norm="ortho"))

# conv2d [1, 1, 4, 3] with a [2, 1, 2, 3] kernel and bias.
img = torch.arange(12, dtype=torch.float32).reshape(1, 1, 4, 3) * 0.25 - 1.0
ker = torch.tensor([[[[0.2, -0.1, 0.3], [0.5, 0.0, -0.4]]], [[[1.0, 0.5, -0.5], [-1.0, 0.25, 0.1]]]])
lit("conv2dValues", torch.nn.functional.conv2d(img, ker, torch.tensor([0.1, -0.2])))
