#!/usr/bin/env bash
# Times OptimizedDeepBackprop.gradientInto (JMH) beside the same gradient in NumPy and prints one table of
# times, ratios and the targets of the performance issue. Builds nothing: run first, at the repository root,
#     mvn -B -DskipTests package
#
# usage: benchmarks/compare.sh [--gc] [--quick] [--shapes S1,S2,...] [--threads T1,T2] [--repeats N]
#   --gc       add JMH's -prof gc and an "alloc B/op" column (target ≈ 0 B per call)
#   --quick    fewer timed batches on both sides (Java 15, NumPy 15) for a rough look
#   --shapes   shapes as d x h x n x B [:L], comma separated (default: the JMH @Param list, i.e. the four
#              target shapes at depth 2 and 256x256x10x64 at depths 1–4)
#   --threads  OpenBLAS threads for Java, and BLAS threads for NumPy, 1 and/or 2 (default 1,2); each Java row is
#              compared with NumPy at the same thread count
#   --repeats  best of N timed batches of at least 20 ms, on both sides (default 50)
#   --no-absolute  skip the two absolute targets (the projection check ≤ 50 ms, the default gate run ≤ 15 s)
# Environment: JAVA (default java), PYTHON (default python3), JMH_ARGS (extra arguments for the JMH jar).
#
# Java and NumPy run one after the other in the same invocation, so that each ratio compares figures taken
# on the same machine in the same state, and both are the same statistic: the best of N timed batches of calls,
# each batch at least 20 ms (Java: JMH measurement iterations of 20 ms after 5 of warm-up; NumPy: batches timed
# with time.perf_counter after one warm-up call), on 1 and on 2 BLAS threads (Java: the optimized module's
# OpenBLAS threads; NumPy: OPENBLAS_NUM_THREADS, set before numpy loads). On a machine shared with other work,
# the best batch estimates the unloaded time and the mean does not; JMH's mean is printed beside it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/benchmarks.jar"
java="${JAVA:-java}"
python="${PYTHON:-python3}"
gc=0
quick=0
shapes=""
repeats=50
absolute=1
threads="1,2"
while [ $# -gt 0 ]; do
  case "$1" in
    --gc) gc=1 ;;
    --quick) quick=1 ;;
    --shapes) shift; shapes="$1" ;;
    --repeats) shift; repeats="$1" ;;
    --no-absolute) absolute=0 ;;
    --threads) shift; threads="$1" ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

case "$threads" in
  1|2|1,2|2,1) ;;
  *) echo "--threads must be 1, 2 or 1,2, not '$threads'" >&2; exit 2 ;;
esac
case "$repeats" in
  ''|*[!0-9]*|0) echo "--repeats must be a positive integer, not '$repeats'" >&2; exit 2 ;;
esac

if [ ! -f "$jar" ]; then
  echo "$jar is missing: run 'mvn -B -DskipTests package' at the repository root first" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
"$java" -version 2>&1 | head -1

jmh=(-rf json -rff "$work/jmh.json")
[ "$gc" = 1 ] && jmh+=(-prof gc)
[ "$quick" = 1 ] && repeats=15
jmh+=(-wi 5 -w 200ms -i "$repeats" -r 20ms)
[ -n "$shapes" ] && jmh+=(-p "shape=$shapes")
jmh+=(-p "threads=$threads")
# shellcheck disable=SC2206
[ -n "${JMH_ARGS:-}" ] && jmh+=($JMH_ARGS)
echo "== JMH: $java -jar $jar GradientBenchmark ${jmh[*]}"
"$java" -jar "$jar" GradientBenchmark "${jmh[@]}" > "$work/jmh.log" 2>&1 || {
  cat "$work/jmh.log" >&2; echo "JMH failed" >&2; exit 1; }
grep -E '^(Benchmark|GradientBenchmark)' "$work/jmh.log" || true

if ! command -v "$python" > /dev/null; then
  echo "no $python: the JMH figures above are the whole result" >&2
  exit 0
fi

# The NumPy side: the gradient of OptimizedDeepBackprop for tanh hidden layers, linear output, ½‖r‖², sum.
cat > "$work/numpy_gradient.py" <<'PY'
import json, sys, time
import numpy as np

def parse(shape):
    dims, _, depth = shape.partition(":")
    d, h, n, b = (int(v) for v in dims.split("x"))
    return d, h, n, b, int(depth) if depth else 2

def problem(shape, seed=20260701):
    d, h, n, b, depth = parse(shape)
    rng = np.random.default_rng(seed)
    widths = [d] + [h] * (depth - 1) + [n]
    ws = [rng.uniform(-1, 1, (widths[k + 1], widths[k])) for k in range(depth)]
    bs = [rng.uniform(-1, 1, (widths[k + 1], 1)) for k in range(depth)]
    x = rng.uniform(-1, 1, (d, b))
    y = rng.uniform(-1, 1, (n, b))
    return ws, bs, x, y

def gradient(ws, bs, x, y):
    # forward: Z_k = W_k S_{k-1} + b_k 1ᵀ, S_k = tanh(Z_k) (hidden), Ŷ = Z_L
    s = [x]
    for k in range(len(ws) - 1):
        s.append(np.tanh(ws[k] @ s[-1] + bs[k]))
    r = ws[-1] @ s[-1] + bs[-1] - y
    loss = 0.5 * float(np.vdot(r, r))          # ½‖r‖², summed over the batch
    # backward: G_L = r, G_k = (W_{k+1}ᵀ G_{k+1}) ⊙ (1 − S_k²); ∂ℓ/∂W_k = S_{k−1} G_kᵀ, ∂ℓ/∂b_k = G_k 1
    g = r
    dws, dbs = [None] * len(ws), [None] * len(ws)
    for k in range(len(ws) - 1, -1, -1):
        dws[k] = s[k] @ g.T
        dbs[k] = g.sum(axis=1)
        if k > 0:
            g = (ws[k].T @ g) * (1.0 - s[k] * s[k])
    return loss, dws, dbs

def best_ms(shape, repeats):
    ws, bs, x, y = problem(shape)
    gradient(ws, bs, x, y)
    calls, t = 1, 0.0
    while True:                                   # a batch of calls long enough to time (≥ 20 ms)
        t0 = time.perf_counter()
        for _ in range(calls):
            gradient(ws, bs, x, y)
        t = time.perf_counter() - t0
        if t >= 0.020:
            break
        calls *= 2
    best = t / calls
    for _ in range(repeats - 1):
        t0 = time.perf_counter()
        for _ in range(calls):
            gradient(ws, bs, x, y)
        best = min(best, (time.perf_counter() - t0) / calls)
    return best * 1e3

repeats = int(sys.argv[1])
print(json.dumps({"numpy": np.__version__, "ms": {s: best_ms(s, repeats) for s in sys.argv[2:]}}))
PY

# the shapes JMH actually ran, in its order
mapfile -t ran < <("$python" -c '
import json, sys
for shape in dict.fromkeys(r["params"]["shape"] for r in json.load(open(sys.argv[1]))):
    print(shape)' "$work/jmh.json")

for t in 1 2; do
  echo "== NumPy, $t BLAS thread(s), best of $repeats"
  OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t MKL_NUM_THREADS=$t \
    "$python" "$work/numpy_gradient.py" "$repeats" "${ran[@]}" > "$work/numpy$t.json" 2> "$work/numpy$t.err" || {
      echo "NumPy side unavailable ($(tail -1 "$work/numpy$t.err")): the JMH figures above are the whole result" >&2
      exit 0; }
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

"$python" - "$work/jmh.json" "$work/numpy1.json" "$work/numpy2.json" "$gc" "$repeats" <<'PY'
import json, sys
jmh = json.load(open(sys.argv[1]))
nps = {1: json.load(open(sys.argv[2])), 2: json.load(open(sys.argv[3]))}
gc = sys.argv[4] == "1"
repeats = int(sys.argv[5])
# the issue's targets: Java time ≤ factor × NumPy time, at 1 thread each and at 2 threads each
targets = {"784x512x10x256": 1.1, "1024x1024x1024x128": 1.1, "64x64x10x32": 0.5, "8x16x4x1": 0.1}
ALLOC_LIMIT = 16.0        # B per call that still counts as "≈ 0 B" (JMH's own noise)
ITERATION_LIMIT = 8192.0  # B per measurement iteration: JMH's bookkeeping, about 6 KB here
def iteration_ms(result):
    """A measurement iteration's length from JMH's "1 s" / "500 ms" (1000 ms if unreadable)."""
    value, _, unit = str(result.get("measurementTime", "")).partition(" ")
    scale = {"s": 1e3, "ms": 1.0, "us": 1e-3, "ns": 1e-6, "min": 6e4}.get(unit.strip())
    try:
        return float(value) * scale
    except (TypeError, ValueError):
        return 1000.0

head = ["shape (d x h x n x B [:L])", "threads", "Java ms", "Java mean ms", "NumPy ms", "Java/NumPy"]
if gc:
    head.append("alloc B/op")
head += ["target", "met"]
rows, unmet = [], []
for r in jmh:
    shape = r["params"]["shape"]
    threads = int(r["params"].get("threads", "1"))
    pm = r["primaryMetric"]
    mean = pm["score"]
    java = min(v for fork in pm["rawData"] for v in fork)   # the best iteration, as NumPy's best batch
    numpy = nps[threads]["ms"][shape]
    ratio = java / numpy
    row = [shape, str(threads), "%.4g" % java, "%.4g" % mean, "%.4g" % numpy, "%.3f" % ratio]
    verdicts, target = [], []
    if shape in targets:
        target.append("≤ %g× NumPy" % targets[shape])
        verdicts.append(ratio <= targets[shape])
        if ratio > targets[shape]:
            unmet.append("%s at %d thread(s): %.3f× NumPy, %.2f× the target" % (shape, threads, ratio, ratio / targets[shape]))
    if gc:
        sec = r.get("secondaryMetrics", {})
        alloc = next((m["score"] for k, m in sec.items() if k.endswith("gc.alloc.rate.norm")), None)
        # gc.alloc.rate.norm spreads JMH's own few KB per iteration over the calls of that iteration, so
        # a slow call shows hundreds of B/op that it did not allocate: ≈ 0 when the B/op are below
        # ALLOC_LIMIT or, over a whole measurement iteration, below JMH's bookkeeping (ITERATION_LIMIT)
        per_iteration = None if alloc is None else alloc * iteration_ms(r) / mean
        row.append("n/a" if alloc is None else "%.3g" % alloc)
        target.append("≈ 0 B/op")
        ok = alloc is not None and (alloc <= ALLOC_LIMIT
                                    or (per_iteration is not None and per_iteration <= ITERATION_LIMIT))
        verdicts.append(ok)
        if not ok:
            unmet.append("%s at %d thread(s): %s B allocated per call" % (shape, threads, row[-1]))
    row.append(", ".join(target) or "—")
    row.append("—" if not verdicts else ("yes" if all(verdicts) else "no"))
    rows.append(row)
widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
print()
print("NumPy %s; Java = OptimizedDeepBackprop.gradientInto (JMH); Java ms and NumPy ms: the best of %d batches of "
      "≥ 20 ms each, with as many OpenBLAS threads as NumPy's; met = ratio ≤ target%s" % (nps[1]["numpy"], repeats, ", and ≤ %g B/op allocated (or ≤ %g B per measurement iteration, JMH's own)" % (ALLOC_LIMIT, ITERATION_LIMIT) if gc else ""))
print(line(head))
print("| " + " | ".join("-" * w for w in widths) + " |")
for r in rows:
    print(line(r))
print()
print("targets not met: " + ("none" if not unmet else "; ".join(unmet)))
PY

[ "$absolute" = 1 ] || exit 0

# The two absolute targets of the issue, measured in the same invocation: the projection check of the
# (784, 512, 10), B = 256 gradient (JMH, ProjectionBenchmark.check beside ProjectionBenchmark.gradient, the
# optimized gradient of the same model), and the default gate run with its JVM start (wall clock, best of 3).
echo
echo "== JMH: $java -jar $jar ProjectionBenchmark.(check|gradient)"
"$java" -jar "$jar" 'ProjectionBenchmark.(check|gradient)$' -wi 3 -w 1s -i 5 -r 1s -f 1 -rf json \
  -rff "$work/projection.json" > "$work/projection.log" 2>&1 || {
  tail -20 "$work/projection.log" >&2; echo "projection benchmark failed" >&2; exit 1; }
gate_jar="$here/../verification/target/backprop-verify.jar"
best_gate=""
for _ in 1 2 3; do
  t0=$(date +%s%N)
  "$java" -jar "$gate_jar" > "$work/gate.out" 2>&1 || { tail -3 "$work/gate.out" >&2; echo "the gate failed" >&2; exit 1; }
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  if [ -z "$best_gate" ] || [ "$ms" -lt "$best_gate" ]; then best_gate=$ms; fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
"$python" - "$work/projection.json" "$best_gate" <<'PY'
import json, sys
runs = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
best = lambda m: min(v for fork in m["rawData"] for v in fork)
check, gradient = best(runs["check"]), best(runs["gradient"])
gate_s = int(sys.argv[2]) / 1000.0
rows = [("projection check, 784x512x10x256 (best iteration)", "%.1f ms" % check, "≤ 50 ms",
         "yes" if check <= 50 else "no (%.1f× the target; %.2f× the optimized gradient's %.1f ms)" % (check / 50, check / gradient, gradient)),
        ("default gate run, JVM start included (best of 3)", "%.1f s" % gate_s, "≤ 15 s",
         "yes" if gate_s <= 15 else "no (%.2f× the target)" % (gate_s / 15))]
print()
print("| absolute target | measured | target | met |")
print("| --- | --- | --- | --- |")
for r in rows:
    print("| " + " | ".join(r) + " |")
PY
