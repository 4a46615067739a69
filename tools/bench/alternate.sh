#!/usr/bin/env bash
# Alternates `dyad bench` between two builds so that the machine's drift in
# speed (on a shared VM, ±40 % between minutes) hits both alike, then prints
# each build's median articles/s on one thread and how often the second won.
#
#   tools/bench/alternate.sh PAIRS OLD_DYAD NEW_DYAD [CORPUS]
#   tools/bench/alternate.sh 12 /tmp/dyad-old target/release/dyad
#
# CORPUS defaults to ../shared/corpus/wikinews/wikinews.jsonl. Each turn is
# one `dyad bench --runs 5 --json`; the per-run lines go to stdout as
# "pair build articles/s MB/s start-up-ms peak-MB all-threads-articles/s".
set -euo pipefail
if [ $# -lt 3 ]; then
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
pairs=$1; old=$2; new=$3
corpus=${4:-$(dirname "$0")/../../../shared/corpus/wikinews/wikinews.jsonl}
[ -f "$corpus" ] || [ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
rows=$(mktemp); trap 'rm -f "$rows"' EXIT
for i in $(seq 1 "$pairs"); do
    for side in old new; do
        bin=$old; [ "$side" = new ] && bin=$new
        "$bin" bench --runs 5 --json "$corpus" | python3 -c '
import json, sys
r = json.load(sys.stdin)
one, all_ = r["single_thread"], r["all_threads"]
print(sys.argv[1], sys.argv[2], round(one["articles_per_s"], 1), round(one["mb_per_s"], 2),
      round(r["startup_ms"], 1), round(r["peak_rss_mb"] or 0), round(all_["articles_per_s"]))' "$i" "$side" | tee -a "$rows"
    done
done
python3 - "$rows" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
speed = {side: [float(r[2]) for r in rows if r[1] == side] for side in ("old", "new")}
for side, values in speed.items():
    mbs = [float(r[3]) for r in rows if r[1] == side]
    print(f"{side}: median {statistics.median(values):.0f} articles/s ({min(values):.0f}-{max(values):.0f}), "
          f"{statistics.median(mbs):.2f} MB/s")
wins = sum(n > o for o, n in zip(speed["old"], speed["new"]))
ratio = statistics.median(n / o for o, n in zip(speed["old"], speed["new"]))
print(f"new faster in {wins} of {len(speed['new'])} pairs, median ratio {ratio:.3f}")
PY
