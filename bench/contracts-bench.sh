#!/usr/bin/env bash
# Times `tenantmock verify` over the bundled contract suite, in-process, in a
# release build. Target: the whole suite in under 2 seconds.
#
#   bench/contracts-bench.sh [extra verify arguments...]
#
# Uses hyperfine when installed (Debian package `hyperfine`), else a loop of runs.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product tenantmock >/dev/null
bin="$(swift build -c release --show-bin-path)/tenantmock"
cmd=("$bin" verify Contracts "$@")

# One run first: the suite should pass for its time to mean anything.
summary="$("${cmd[@]}" | tail -n 1 || true)"
echo "suite: $summary"
case "$summary" in *" 0 failed"*) ;; *) echo "warning: the suite does not pass in this build" >&2 ;; esac

if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 2 --runs 20 --style basic --ignore-failure "${cmd[*]}"
else
    runs=20
    best=""
    total=0
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        "${cmd[@]}" >/dev/null || true
        end=$(date +%s%N)
        ms=$(( (end - start) / 1000000 ))
        total=$(( total + ms ))
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    echo "runs: $runs  mean: $(( total / runs )) ms  best: ${best} ms  (target: < 2000 ms)"
fi
