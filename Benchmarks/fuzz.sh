#!/usr/bin/env bash
# Coverage-guided fuzzing of the parser and its HTML sanitizer with libFuzzer,
# asserting the safety oracle of the tests (Tests/Support/SafetyOracle): no
# script URL, event handler, script-capable element or hostile CSS may leave
# feeds. Not run in CI. Usage: Benchmarks/fuzz.sh [SECONDS] (default 300).
# Findings (crashing inputs) are written to Benchmarks/fuzz-findings/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-300}"
scratch=.build-fuzz
log=$(mktemp)
swift build -c release --product SafetySeeds --disable-build-manifest-caching >"$log" 2>&1 || { cat "$log"; exit 1; }
mkdir -p fuzz-corpus fuzz-findings
.build/release/SafetySeeds fuzz-corpus
# -sanitize=fuzzer instruments every Swift module of the build (the parser,
# the sanitizer, provenance) for coverage and links libFuzzer's main.
swift build -c release --scratch-path "$scratch" --product SafetyFuzz --disable-build-manifest-caching \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library >"$log" 2>&1 || { cat "$log"; exit 1; }
# Swift's own crash reporter would catch the abort before libFuzzer saves the input.
export SWIFT_BACKTRACE=enable=no
status=0
"$scratch"/release/SafetyFuzz fuzz-corpus -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -artifact_prefix=fuzz-findings/ -print_final_stats=1 >fuzz-findings/last-run.log 2>&1 || status=$?
grep -A12 "SAFETY VIOLATION" fuzz-findings/last-run.log || true
grep -E "^(stat::|Done|#[0-9]+ +DONE)|artifact|ERROR" fuzz-findings/last-run.log || true
ls fuzz-findings | grep -v last-run.log || echo "no findings"
exit "$status"
