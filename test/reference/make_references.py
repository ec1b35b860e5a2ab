#!/usr/bin/env python3
"""
Reference values for kernel-lib's hard numerical cases, computed with mpmath.

Regenerate (from the repository root) with any Python that has mpmath >= 1.3:

    python test/reference/make_references.py

(in the dev container: .venv/bin/python test/reference/make_references.py). It rewrites
test/reference/hard-cases.json, which test/numerics.test.ts reads; commit both files together. The output is
deterministic, so regenerating without changing this script gives a byte-identical file.

How a reference is made:

* Every input is a Python float, i.e. an exact float64. mpf(float) is exact, so each reference is the exact
  mathematical function of the exact double the test passes to kernel-lib (0.3 means 0.299999999999999988...,
  and so does the test's 0.3).
* The formulas are the textbook definitions, deliberately *not* the stable rewrites kernel-lib uses:
  sigma(z) = 1/(1 + e^-z), sigma' = sigma(1 - sigma), tanh' = 1 - tanh^2, softmax_i = e^z_i / sum_j e^z_j,
  BCE = -[y log sigma + (1 - y) log(1 - sigma)], CCE = -sum y_i log softmax_i, and so on. Their cancellations
  (1 - tanh^2(800) cancels ~695 digits) are absorbed by evaluating with far more digits than needed:
  every reference is computed at WORK_DPS and again at CHECK_DPS digits and the two must agree to
  TARGET_DPS = 60 significant digits, or the script stops.
* Closed-form derivatives (sigma', tanh', the loss gradients) are checked against mpmath's numerical
  differentiation of the reference function itself, where that function is smooth.
* The result is rounded to the nearest float64 (ties to even, gradual underflow to subnormals, overflow to
  +-Infinity) by exact integer arithmetic in to_float64() below; mpmath's own float() is not used because it
  rounds twice in the subnormal range.
* Finite values are written as JSON numbers with repr(), which round-trips exactly through JSON.parse;
  +-Infinity (not JSON) is written as the string "Infinity" / "-Infinity". -0.0 is written as -0.0.

Conventions that are definitions, not mathematics (a kink has no derivative): relu'(0) = 0,
leakyRelu'(0) = slope, hinge'(margin = 1) = 0, MAE'(yPred = yTrue) = 0. A weight-0 term of a cross-entropy
is 0 (0 log 0 = 0 in the limit). leakyRelu's slope is the float64 0.01 that kernel-lib stores.

Losses use kernel-lib's default reduction "mean"; with one example (or one row) that is the example's loss.
"""

import json
import math
import os

from mpmath import mp, mpf

TARGET_DPS = 60  # significant digits every reference must be good to before it is rounded to float64
WORK_DPS = 1200  # working precision: 60 digits plus room for the ~700 digits 1 - tanh^2(800) cancels
CHECK_DPS = 2400  # second evaluation; disagreement with WORK_DPS means the guard digits were not enough

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hard-cases.json")

LEAKY_SLOPE = 0.01  # kernel-lib's default slope, the float64 nearest 0.01


# ---------------------------------------------------------------------------------------------- rounding


def to_float64(x):
    """The float64 nearest the mpf x: ties to even, subnormals, +-inf on overflow. Exact integer arithmetic."""
    if mp.isinf(x):
        return math.inf if x > 0 else -math.inf
    if mp.isnan(x):
        raise ValueError("NaN reference")
    if x == 0:
        return 0.0
    sign, man, exp, bc = x._mpf_  # |x| = man * 2^exp, man odd, bc = bit length of man
    top = exp + bc - 1  # floor(log2 |x|)
    if top < -1075:  # below half the smallest subnormal: rounds to a zero of x's sign
        return -0.0 if sign else 0.0
    if top >= 1024:
        return -math.inf if sign else math.inf
    quantum = max(top - 52, -1074)  # exponent of the last bit a float64 near |x| keeps
    if exp >= quantum:
        m = man << (exp - quantum)
    else:
        shift = quantum - exp
        m = man >> shift
        remainder = man - (m << shift)
        half = 1 << (shift - 1)
        if remainder > half or (remainder == half and m & 1):
            m += 1
    if quantum + m.bit_length() > 1024:  # m * 2^quantum >= 2^1024
        value = math.inf
    else:
        value = math.ldexp(m, quantum)  # m < 2^54 and the exponent is in range: exact
    return -value if sign else value


def self_test_rounding():
    with mp.workdps(60):
        for f in [1.0, 0.1, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e-310, -3.5, 0.5]:
            assert to_float64(mpf(f)) == f, f
        tiny = mpf(5e-324)
        assert to_float64(tiny / 2) == 0.0  # tie: to even (0)
        assert to_float64(tiny * mpf(1.5)) == 1e-323  # tie: to even (2 * 5e-324)
        assert to_float64(tiny * mpf(0.51)) == 5e-324
        assert to_float64(mpf(2) ** 1024) == math.inf
        assert to_float64(mpf(1.7976931348623157e308) + mpf(2) ** 970) == math.inf  # halfway: to even = inf
        assert to_float64(mpf(1.7976931348623157e308) + mpf(2) ** 969) == 1.7976931348623157e308
        assert to_float64(1 + mpf(2) ** -53) == 1.0
        assert to_float64(1 + mpf(2) ** -53 + mpf(2) ** -100) == 1.0000000000000002


# ------------------------------------------------------------------------------ textbook reference formulas


def sigmoid(z):
    return 1 / (1 + mp.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    a, b = mp.exp(z), mp.exp(-z)
    return (a - b) / (a + b)


def tanh_derivative(z):
    return 1 - tanh(z) ** 2


def relu(z):
    return z if z > 0 else mpf(0)


def relu_derivative(z):
    return mpf(1) if z > 0 else mpf(0)  # convention at the kink z = 0


def leaky_relu(z):
    return z if z > 0 else mpf(LEAKY_SLOPE) * z


def leaky_relu_derivative(z):
    return mpf(1) if z > 0 else mpf(LEAKY_SLOPE)  # convention at the kink z = 0


def linear(z):
    return z


def linear_derivative(z):
    return mpf(1)


def softmax(zs):
    e = [mp.exp(z) for z in zs]
    total = mp.fsum(e)
    return [x / total for x in e]


def log_softmax(zs):
    return [mp.log(s) for s in softmax(zs)]


def xlogy(w, p):
    """w * log(p), with a weight-0 term equal to 0 (the limit of 0 log 0)."""
    return mpf(0) if w == 0 else w * mp.log(p)


def binary_cross_entropy(y, p):
    return -(xlogy(y, p) + xlogy(1 - y, 1 - p))


def divide(a, b):
    """a / b, with a / 0 = +-inf for a != 0 (the one-sided limit as p -> 0+ or 1 - p -> 0+)."""
    return mp.inf * mp.sign(a) if b == 0 else a / b


def binary_cross_entropy_gradient(y, p):
    return (divide(-y, p) if y != 0 else mpf(0)) + (divide(1 - y, 1 - p) if y != 1 else mpf(0))


def binary_cross_entropy_from_logits(y, z):
    s = sigmoid(z)
    return -(xlogy(y, s) + xlogy(1 - y, 1 - s))


def binary_cross_entropy_from_logits_gradient(y, z):
    return sigmoid(z) - y


def categorical_cross_entropy(ys, ps):
    return -mp.fsum(xlogy(y, p) for y, p in zip(ys, ps))


def categorical_cross_entropy_gradient(ys, ps):
    return [divide(-y, p) if y != 0 else mpf(0) for y, p in zip(ys, ps)]


def categorical_cross_entropy_from_logits(ys, zs):
    return -mp.fsum(xlogy(y, s) for y, s in zip(ys, softmax(zs)))


def categorical_cross_entropy_from_logits_gradient(ys, zs):
    mass = mp.fsum(ys)  # the labels' exact sum; 1 for a distribution, but only to rounding in general
    return [s * mass - y for y, s in zip(ys, softmax(zs))]


def as_list(v):
    return v if isinstance(v, list) else [v]


def mean_squared_error(ys, ps):
    ys, ps = as_list(ys), as_list(ps)
    return mp.fsum((p - y) ** 2 for y, p in zip(ys, ps)) / len(ys)


def mean_squared_error_gradient(ys, ps):
    ys, ps = as_list(ys), as_list(ps)
    return [2 * (p - y) / len(ys) for y, p in zip(ys, ps)]


def mean_absolute_error(ys, ps):
    ys, ps = as_list(ys), as_list(ps)
    return mp.fsum(abs(p - y) for y, p in zip(ys, ps)) / len(ys)


def mean_absolute_error_gradient(ys, ps):
    ys, ps = as_list(ys), as_list(ps)
    return [mp.sign(p - y) / len(ys) for y, p in zip(ys, ps)]  # sign(0) = 0: the subgradient convention


def hinge(ys, ss):
    ys, ss = as_list(ys), as_list(ss)
    return mp.fsum(max(mpf(0), 1 - y * s) for y, s in zip(ys, ss)) / len(ys)


def hinge_gradient(ys, ss):
    ys, ss = as_list(ys), as_list(ss)
    return [(-y if y * s < 1 else mpf(0)) / len(ys) for y, s in zip(ys, ss)]  # 0 at margin 1: convention


# Closed-form derivatives checked against mp.diff of the function they differentiate. Each entry maps the
# derivative's reference to (function, index of the differentiated argument).
DERIVATIVE_OF = {
    sigmoid_derivative: (sigmoid, 0),
    tanh_derivative: (tanh, 0),
    binary_cross_entropy_gradient: (binary_cross_entropy, 1),
    binary_cross_entropy_from_logits_gradient: (binary_cross_entropy_from_logits, 1),
    categorical_cross_entropy_gradient: (categorical_cross_entropy, 1),
    categorical_cross_entropy_from_logits_gradient: (categorical_cross_entropy_from_logits, 1),
    mean_squared_error_gradient: (mean_squared_error, 1),
    mean_absolute_error_gradient: (mean_absolute_error, 1),
    hinge_gradient: (hinge, 1),
}

# ------------------------------------------------------------------------------------------- evaluation


def to_mpf(v):
    if isinstance(v, list):
        return [to_mpf(x) for x in v]
    assert isinstance(v, float), f"inputs must be Python floats (exact doubles), got {v!r}"
    return mpf(v)  # exact


def flat(v):
    return [x for item in v for x in flat(item)] if isinstance(v, list) else [v]


def agree(a, b):
    if mp.isinf(a) or mp.isinf(b) or a == 0 or b == 0:
        return a == b
    return abs(a - b) <= abs(a) * mpf(10) ** (-TARGET_DPS)


def numeric_derivative(fn, argument, args):
    """The derivative of fn with respect to each entry of args[argument], by mpmath's numerical differentiation."""
    args = [list(a) if isinstance(a, list) else a for a in args]
    target = args[argument]
    if not isinstance(target, list):
        return mp.diff(lambda t: fn(*[t if i == argument else a for i, a in enumerate(args)]), target)
    out = []
    for k in range(len(target)):
        def along(t, k=k):
            moved = list(target)
            moved[k] = t
            return fn(*[moved if i == argument else a for i, a in enumerate(args)])
        out.append(mp.diff(along, target[k]))
    return out


def evaluate(ref, args, smooth):
    values = []
    for dps in (WORK_DPS, CHECK_DPS):
        with mp.workdps(dps):
            values.append(flat(ref(*to_mpf(args))))
    for a, b in zip(*values):
        if not agree(a, b):
            raise AssertionError(f"{ref.__name__}{args}: {WORK_DPS} and {CHECK_DPS} digits disagree")
    if smooth and ref in DERIVATIVE_OF:
        fn, argument = DERIVATIVE_OF[ref]
        with mp.workdps(WORK_DPS):
            numeric = flat(numeric_derivative(fn, argument, to_mpf(args)))
            for a, b in zip(values[0], numeric):
                if not (abs(a - b) <= abs(a) * mpf(10) ** (-TARGET_DPS) or (a == 0 and abs(b) < mpf(10) ** -TARGET_DPS)):
                    raise AssertionError(f"{ref.__name__}{args}: closed form {mp.nstr(a, 20)} != mp.diff {mp.nstr(b, 20)}")
    return [to_float64(v) for v in values[0]]


# ------------------------------------------------------------------------------------------------ cases

cases = []


def floats(v):
    """Integer literals in the tables below as floats (the doubles the test passes)."""
    return [floats(x) for x in v] if isinstance(v, list) else float(v)


def show(v):
    """An argument as a lesson would write it: 40 rather than 40.0."""
    if isinstance(v, list):
        return "[" + ", ".join(show(x) for x in v) + "]"
    return str(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)


def case(fn, ref, args, note="", smooth=True, expect=None):
    """fn: kernel-lib export ("sigmoid", "tanh.derivative", ...); args: the arguments passed to it."""
    args = floats(args)
    expected = evaluate(ref, args, smooth)
    if expect is not None:  # anchors quoted in kernel-lib's comments and the task: a typo here stops the script
        assert expected == flat(expect), f"{fn}{args}: got {expected}, expected {expect}"
    name = f"{fn}({', '.join(show(a) for a in args)})"
    cases.append({"id": name, "fn": fn, "args": args, "expected": expected, **({"note": note} if note else {})})


S = sigmoid
for z in [0, 1, -1, 2, -2, 3, -3, 15, -15, 20, -20, 36, -36, 37, -37, 40, -40, 100, -100, 700, -700, 709, -709,
          710, -710, 720, -720, 740, -740, 744, -744, 745, -745, 746, -746, 800, -800]:
    case("sigmoid", S, [z])
case("sigmoid", S, [1e-300], "sigma(1e-300) = 0.5 + 2.5e-301 rounds to 0.5")
case("sigmoid", S, [-1e-300])
case("sigmoid", S, [5e-324])
case("sigmoid", S, [0.5])
case("sigmoid", S, [-36.7368005696771], "sigma(z) = 2^-53: the size of the ulp of sigma(-z) below 1")
case("sigmoid", S, [-708.3964185322641], "e^z near the smallest normal")
case("sigmoid", S, [1e308])
case("sigmoid", S, [-1e308], "e^-z overflows; the true value underflows to 0")

for z in [0, 1, -1, 2, -2, 20, -20, 36, 37, 40, -40, 300, -300, 700, 710, -720, 740, 745, 800, -800]:
    case("sigmoid.derivative", sigmoid_derivative, [z],
         "sigma(1 - sigma) rounds to 0 in float64" if z == 40 else "",
         expect=4.248354255291589e-18 if abs(z) == 40 else None)

for z in [0, 1e-10, -1e-10, 1e-300, 5e-324, 0.1, 0.5, -0.5, 0.55, 0.9, 1, -1, 2, 5, 10, 19, 19.1, 20, -20, 22, 800, -800]:
    case("tanh", tanh, [z])

for z in [0, 0.5, -0.5, 1, -1, 10, 20, -20, 100, 300, -300, 350, 354, 355, 360, 370, 372, 400, 800]:
    case("tanh.derivative", tanh_derivative, [z], "1 - tanh^2 cancels to 0 in float64" if z == 20 else "")

for z in [3, -3, 0, 1e-300, -1e-300]:
    case("relu", relu, [z], smooth=False)
    case("leakyRelu", leaky_relu, [z], smooth=False)
for z in [3, -3, 0]:
    case("relu.derivative", relu_derivative, [z], "convention at the kink" if z == 0 else "", smooth=False,
         expect=0.0 if z == 0 else None)
    case("leakyRelu.derivative", leaky_relu_derivative, [z], "convention at the kink" if z == 0 else "", smooth=False,
         expect=0.01 if z == 0 else None)

for z in [3, -3, 0, 1e-300, 5e-324, 800, -800, 1e308, -1e308]:
    case("linear", linear, [z], smooth=False)  # the identity: exact, bit for bit
for z in [3, -3, 0, 1e308]:
    case("linear.derivative", linear_derivative, [z], smooth=False, expect=1.0)

for zs in [[2, 1], [1000, 1000], [-1000, 1000], [0, -800], [1, 2, 3], [40, 0], [1e-300, 0], [0, 0, 0],
           [0.1, 0.2, 0.3], [-745, 0], [709, 710], [700.3, -0.1], [-1e308, 1e308], [1e308, 1e308],
           [3, 1, 0.2, -4, 2.5]]:
    note = "z_i - max is not exact; exp(fl(z_i - max)) alone is 205 ulp off" if zs == [700.3, -0.1] else ""
    case("softmax", softmax, [zs], note)

for zs in [[40, 0], [0, -800], [-1000, 1000], [1, 2, 3], [0, 0], [700.3, -0.1], [2, 1], [1e308, -1e308]]:
    case("logSoftmax", log_softmax, [zs])

B = binary_cross_entropy_from_logits
for y, z in [(1, -800), (1, 40), (1, -40), (1, 0), (1, 2), (1, 700), (1, 800), (1, -36.5), (0, 800), (0, -40),
             (0, 37), (0, 0), (0.3, 2), (0.5, 1000), (1e-10, 40), (0.999, -3)]:
    case("binaryCrossEntropyFromLogits", B, [y, z], expect={(1, -800): 800.0, (0, 800): 800.0}.get((y, z)))

for y, z in [(1, 40), (1, -800), (0, -40), (0.3, 2), (1, 0), (0, 800), (1, 800), (0.5, 0), (1, -2)]:
    case("binaryCrossEntropyFromLogits.gradient", binary_cross_entropy_from_logits_gradient, [y, z])

C = categorical_cross_entropy_from_logits
for ys, zs in [([1, 0], [-1000, 1000]), ([0, 1], [-1000, 1000]), ([1, 0, 0], [2, 1, 0.1]), ([1, 0], [40, 0]),
               ([0, 1], [40, 0]), ([0.5, 0.5], [1, -1]), ([0.2, 0.3, 0.5], [1, 2, 3]), ([0, 1], [700.3, -0.1]),
               ([0, 0, 1], [1e308, 0, -1e308])]:
    case("categoricalCrossEntropyFromLogits", C, [ys, zs],
         "the true loss 2e308 overflows float64" if zs[0] == 1e308 else "",
         expect=2000.0 if (ys, zs) == ([1, 0], [-1000, 1000]) else None)

for ys, zs in [([1, 0], [40, 0]), ([1, 0], [2, 1]), ([0, 1], [40, 0]), ([1, 0, 0], [2, 1, 0.1]),
               ([0.2, 0.3, 0.5], [1, 2, 3]), ([1, 0], [-1000, 1000]), ([0, 1], [700.3, -0.1])]:
    case("categoricalCrossEntropyFromLogits.gradient", categorical_cross_entropy_from_logits_gradient, [ys, zs])

for y, p in [(1, 0), (0, 1e-20), (1, 0.999999), (0.5, 0.5), (1, 0.5), (0, 0), (1, 1), (0, 1), (0.5, 1e-300),
             (1, 5e-324), (0, 0.999999999), (0.3, 0.7)]:
    smooth = 0 < p < 1
    case("binaryCrossEntropy", binary_cross_entropy, [y, p], smooth=smooth, expect=math.inf if (y, p) == (1, 0) else None)

for y, p in [(1, 0.25), (0, 1e-20), (0.5, 0.5), (1, 0), (0.3, 0.7), (1, 0.999999), (0, 1), (0.5, 0), (1, 1), (0, 0),
             (0.3, 0.3), (0.3, 0.30000000000000004), (0.9, 0.9000000000000001), (0.1, 0.10000000000000002),
             (1, 1e-300), (0, 0.9999999999999999)]:
    note = "p is 1 ulp from y: -y/p and (1 - y)/(1 - p) cancel" if 0 < abs(p - y) < 1e-15 and y > 0 else ""
    case("binaryCrossEntropy.gradient", binary_cross_entropy_gradient, [y, p], note, smooth=0 < p < 1)

for ys, ps in [([0, 1, 0], [0.2, 0.7, 0.1]), ([0.25, 0.75], [0.5, 0.5]), ([1, 0], [1e-300, 1])]:
    case("categoricalCrossEntropy", categorical_cross_entropy, [ys, ps], smooth=False)
for ys, ps in [([1, 0], [0.25, 0.75]), ([0, 1, 0], [0.2, 0.7, 0.1])]:
    case("categoricalCrossEntropy.gradient", categorical_cross_entropy_gradient, [ys, ps])

# Regression and margin losses: chosen so the exact result is a float64 (or one correctly rounded division).
for y, p in [(3, 1), ([1, 2, 3], [1.5, 2, 2]), ([1, 2], [2, 4]), (0.5, 0.5)]:
    case("meanSquaredError", mean_squared_error, [y, p])
for y, p in [(3, 1), ([1, 2], [1.5, 1]), ([1, 2, 3, 4], [0, 0, 0, 0])]:
    case("meanSquaredError.gradient", mean_squared_error_gradient, [y, p])
for y, p in [(3, 1), ([1, 2], [1.5, 4]), (2, 2)]:
    case("meanAbsoluteError", mean_absolute_error, [y, p], smooth=False)
for y, p in [(3, 1), ([1, 2], [1.5, 1]), (2, 2)]:
    case("meanAbsoluteError.gradient", mean_absolute_error_gradient, [y, p], smooth=False)
for y, s in [(1, 0.5), (-1, 0.5), (1, 2), (1, 1), ([1, -1], [0.25, -3])]:
    case("hinge", hinge, [y, s], smooth=False)
for y, s in [(1, 0.5), (-1, 0.5), (1, 1), (1, 2), ([1, -1], [0.25, 0.5])]:
    case("hinge.gradient", hinge_gradient, [y, s], smooth=False)


# ------------------------------------------------------------------------------------------------ output


def encode(v):
    if isinstance(v, list):
        return [encode(x) for x in v]
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v  # json writes float.__repr__, the shortest string that round-trips


def main():
    self_test_rounding()
    doc = {
        "description": "Hard cases for kernel-lib with mpmath references rounded to the nearest float64. "
        "Generated by test/reference/make_references.py; do not edit by hand. Each case calls the kernel-lib "
        "export `fn` with `args`; `expected` lists the results in order (a number result is a list of one). "
        "The strings \"Infinity\" and \"-Infinity\" stand for the IEEE infinities.",
        "precision": {"targetDigits": TARGET_DPS, "workDigits": WORK_DPS, "checkDigits": CHECK_DPS},
        "cases": [{**c, "args": encode(c["args"]), "expected": encode(c["expected"])} for c in cases],
    }
    # One case per line, so a regenerated file diffs line by line.
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, indent=1, allow_nan=False)
    body = ",\n".join("  " + json.dumps(c, allow_nan=False) for c in doc["cases"])
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(head[:-2] + ',\n "cases": [\n' + body + "\n ]\n}\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
