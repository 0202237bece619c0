#!/usr/bin/env bash
# The case-file workflow end to end with the NumPy example client (README, "Checking an implementation in
# another language"): write cases, let the client answer them, judge the answers; then the same with the
# client's deliberately transposed variant, which must be rejected with "transposed" in the diagnosis.
# Needs the gate's jar (mvn -B -DskipTests package) and python3 with numpy. Exit 0 when both outcomes are as
# expected; prints why otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=verification/target/backprop-verify.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

java -jar "$jar" cases --out "$work/cases.json" --count 40
python3 examples/numpy_client.py --cases "$work/cases.json" --out "$work/gradients.json"
echo "-- judging the NumPy client"
java -jar "$jar" judge --cases "$work/cases.json" --gradients "$work/gradients.json" \
    --junit-xml "$work/judge.xml" --json "$work/judge.json"
python3 - "$work/judge.xml" "$work/judge.json" <<'PY'
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
report = json.load(open(sys.argv[2]))
assert root.tag == "testsuites" and root.get("failures") == "0", "JUnit XML reports a failure"
assert report["exit_code"] == 0, "JSON report's exit code is not 0"
print("-- reports: JUnit XML with", root.get("tests"), "test cases and JSON both valid, no failure")
PY

echo "-- judging the client's transposed variant (must fail, naming the transpose)"
python3 examples/numpy_client.py --cases "$work/cases.json" --out "$work/transposed.json" --bug transposed
set +e
java -jar "$jar" judge --cases "$work/cases.json" --gradients "$work/transposed.json" \
    --replay-dir "$work/replays" > "$work/transposed.txt"
code=$?
set -e
tail -n 25 "$work/transposed.txt"
if [ "$code" -ne 1 ]; then
    echo "expected exit code 1 for the transposed variant, got $code" >&2
    exit 1
fi
if ! grep -q "transposed" "$work/transposed.txt"; then
    echo "the transposed variant's diagnosis does not say 'transposed'" >&2
    exit 1
fi
echo "-- the transposed variant was rejected (exit 1) and diagnosed as transposed"
