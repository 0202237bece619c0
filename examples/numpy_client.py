#!/usr/bin/env python3
"""Answer a backprop-verify case file with gradients computed by NumPy.

Reads a case file (format "backprop-verify/cases", version 1), computes for every case the gradient of the
loss with respect to every weight matrix and bias vector -- forward pass, loss, backward pass, written from
the formulas below and nothing else -- and writes a gradient file (format "backprop-verify/gradients") in
denominator layout, NumPy's natural one: dW of layer k has the shape of W_k.

    python3 numpy_client.py --cases cases.json --out grads.json

The network of a case, with s_0 = x and layers k = 1..L (layers[k-1] in the file):
    z_k = W_k s_(k-1) + b_k,   s_k = act_k(z_k) for k < L,   yhat = z_L (the output layer is linear)
The per-sample losses, and their gradients with respect to yhat:
    half_squared_error     0.5 * sum_i (yhat_i - y_i)^2        yhat - y
    mean_squared_error     (1/n) * sum_i (yhat_i - y_i)^2       2 (yhat - y) / n
    softmax_cross_entropy  -sum_i y_i log softmax(yhat)_i      softmax(yhat) * sum_i y_i - y
The batch loss is the sum over samples ("sum") or the mean ("mean"). Backward, with delta_L = dloss/dyhat:
    dW_k = delta_k s_(k-1)^T,  db_k = sum over samples of delta_k,  delta_(k-1) = (W_k^T delta_k) * act'(z_(k-1))
ReLU takes act'(0) = 0 and leaky ReLU (slope 0.01 below 0) act'(0) = 0.01: each its slope below zero.

Options for trying the judge:
    --layout numerator       write dW transposed (n_(k-1) x n_k) and declare it: still a right answer
    --bug transposed         write dW transposed but declare denominator: a planted layout bug
    --precision float32      compute in single precision and declare it
Exit status: 0 written; 1 NumPy missing or the case file unreadable; 2 bad usage.
"""

import argparse
import json
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("numpy_client.py needs NumPy, which is not installed for " + sys.executable
             + " (pip install numpy)")

LEAKY_SLOPE = 0.01


def sigmoid(z):
    # exp of -|z| only, so that no branch overflows for large |z|
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softplus(z):
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


# name -> (act, act'): the definitions of the suite's Activation enum
ACTIVATIONS = {
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "softplus": (softplus, sigmoid),
    "relu": (lambda z: np.where(z > 0, z, 0 * z), lambda z: np.where(z > 0, 1 + 0 * z, 0 * z)),
    "leaky_relu": (lambda z: np.where(z > 0, z, LEAKY_SLOPE * z),
                   lambda z: np.where(z > 0, 1 + 0 * z, LEAKY_SLOPE + 0 * z)),
}


def softmax(logits):
    # per column (sample); shifted by the column's maximum so that exp cannot overflow
    e = np.exp(logits - logits.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def loss_gradient(loss, yhat, y):
    """d(per-sample loss)/d(yhat) for every sample at once; columns are samples."""
    if loss == "half_squared_error":
        return yhat - y
    if loss == "mean_squared_error":
        return 2 * (yhat - y) / yhat.shape[0]
    if loss == "softmax_cross_entropy":
        return softmax(yhat) * y.sum(axis=0, keepdims=True) - y
    raise ValueError("unknown loss " + repr(loss))


def reduction_weight(reduction, batch):
    if reduction == "sum":
        return 1.0
    if reduction == "mean":
        return 1.0 / batch
    raise ValueError("unknown reduction " + repr(reduction))


def gradient(case, dtype):
    """[(dW_k, db_k)] for k = 1..L in denominator layout: dW_k has W_k's shape, db_k n_k entries."""
    layers = case["layers"]
    weights = [np.array(layer["W"], dtype=dtype) for layer in layers]
    biases = [np.array(layer["b"], dtype=dtype) for layer in layers]
    acts = [ACTIVATIONS[layer["activation"].lower()] for layer in layers[:-1]]
    # the file is sample-major; here columns are samples, as in z_k = W_k s_(k-1) + b_k
    x = np.array(case["inputs"], dtype=dtype).T
    y = np.array(case["targets"], dtype=dtype).T

    s = [x]
    z = []
    for k, (w, b) in enumerate(zip(weights, biases)):
        z.append(w @ s[-1] + b[:, None])
        if k < len(layers) - 1:
            s.append(acts[k][0](z[-1]))
    yhat = z[-1]

    weight = reduction_weight(case["reduction"].lower(), x.shape[1])
    delta = loss_gradient(case["loss"].lower(), yhat, y) * weight
    grads = [None] * len(layers)
    for k in reversed(range(len(layers))):
        grads[k] = (delta @ s[k].T, delta.sum(axis=1))
        if k > 0:
            delta = (weights[k].T @ delta) * acts[k - 1][1](z[k - 1])
    return grads


def answer(case, dtype, precision, layout, bug):
    layers = []
    for dw, db in gradient(case, dtype):
        written = dw.T if layout == "numerator" or bug == "transposed" else dw
        layers.append({"dW": written.tolist(), "db": db.tolist()})
    return {"id": case["id"], "layout": layout, "precision": precision, "layers": layers}


def main(argv):
    parser = argparse.ArgumentParser(description="Answer a backprop-verify case file with NumPy gradients.")
    parser.add_argument("--cases", required=True, help="the case file to read")
    parser.add_argument("--out", required=True, help="the gradient file to write")
    parser.add_argument("--layout", choices=["denominator", "numerator"], default="denominator")
    parser.add_argument("--precision", choices=["float64", "float32"], default="float64")
    parser.add_argument("--bug", choices=["transposed"], help="plant a bug for the judge to find")
    args = parser.parse_args(argv)

    try:
        with open(args.cases, encoding="utf-8") as f:
            cases = json.load(f)
        if cases.get("format") != "backprop-verify/cases" or cases.get("version") != 1:
            raise ValueError("not a backprop-verify/cases file of version 1")
        dtype = np.float32 if args.precision == "float32" else np.float64
        answers = [answer(c, dtype, args.precision, args.layout, args.bug) for c in cases["cases"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        print("numpy_client.py: cannot answer " + args.cases + ": " + str(e), file=sys.stderr)
        return 1

    name = "numpy_client.py (NumPy " + np.__version__ + ")" + (" with bug " + args.bug if args.bug else "")
    with open(args.out, "w", encoding="utf-8") as f:
        # one gradient per line: readable, and json.dumps writes floats as their shortest round-trip repr
        f.write('{"format": "backprop-verify/gradients", "version": 1, "implementation": '
                + json.dumps(name) + ',\n "gradients": [\n')
        f.write(",\n".join("  " + json.dumps(a) for a in answers))
        f.write("\n]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
