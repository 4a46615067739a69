#!/usr/bin/env bash
# Runs every fuzz target for N seconds (default 120), one after another.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Works on the stable toolchain: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its
# -Z flags (AddressSanitizer included). Set SANITIZER=none to build without
# ASan (faster, finds panics, hangs and OOMs but not memory errors).
# Each target's corpus grows in fuzz/corpus/<target> (not committed), seeded
# from fuzz/seeds/<target>; crashes land in fuzz/artifacts/<target>; the last
# lines of each run (cov:, ft:, execs) are in fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-120}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(RUSTC_BOOTSTRAP=1 cargo fuzz list)
fi
export RUSTC_BOOTSTRAP=1
sanitizer="${SANITIZER:-address}"
mkdir -p logs
RUSTC_BOOTSTRAP=1 cargo fuzz build --sanitizer "$sanitizer"
status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "seeds/$target"
    echo "== $target ($seconds s)"
    if ! cargo fuzz run --sanitizer "$sanitizer" "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 >"logs/$target.log" 2>&1; then
        echo "   FAILED: see fuzz/logs/$target.log and fuzz/artifacts/$target/"
        status=1
    fi
    grep -E '^#[0-9]+' "logs/$target.log" | tail -1 || true
done
exit $status
