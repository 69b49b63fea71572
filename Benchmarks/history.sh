#!/usr/bin/env bash
# Benchmarks/history.sh [N]: the history store (issue 13), with N idle processes (default 1000).
#
# 1. The recorder at 1 Hz: CPU of `wired record --interval 1 --samples 60` with N extra idlers of the rig's
#    shapes (../shared/bench/spawn.sh), and the bytes it added per sample.
# 2. A generated store (wired-history-bench generate: this machine widened to N processes, DAYS days, default
#    14, as the default tiers keep them; 5% of processes change per sample): bytes per sample, a day at 10 s,
#    and the store's own CPU per sample.
# 3. Queries on it (wired-history-bench query): replay of a moment, a diff of two, `wired grew` over 24 h.
# Needs root (smaps_rollup of every process), cc and GNU time. MAX_SAMPLES=M stops the generation after M
# samples (a shorter store of the same shape, for a quick run).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) == 0 ]] || { echo "history.sh: run as root" >&2; exit 77; }
N=${1:-1000}
DAYS=${DAYS:-14}
swift build -c release --product wired >/dev/null
swift build -c release --product wired-history-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)
SCRATCH=$(mktemp -d)
RIG=$SCRATCH/bench
cp -r "${BENCH_SRC:-../shared/bench}" "$RIG"
chmod -R u+w "$RIG"
(cd "$RIG" && cc -O2 -pthread -o idler idler.c)
trap '(cd "$RIG" && ./spawn.sh stop >/dev/null 2>&1); rm -rf "$SCRATCH" /dev/shm/idler-shared-64m.bin' EXIT
echo "load before: $(uptime)"

(cd "$RIG" && ./spawn.sh start "$N" >/dev/null)
echo "processes: $(ls -d /proc/[0-9]* | wc -l)"
/usr/bin/time -f "wired record, 60 samples at 1 Hz: %U s user + %S s system over %e s wall, peak %M KiB" \
    "$BIN/wired" record --db "$SCRATCH/record.db" --interval 1 --samples 60 >/dev/null
sqlite3 "$SCRATCH/record.db" \
    "SELECT 'bytes per sample (blobs, keyframes included): ' || ((SELECT sum(length(body)) + sum(ifnull(length(processes), 0)) + sum(length(figures)) FROM sample) + (SELECT sum(length(body)) + sum(ifnull(length(processes), 0)) + sum(length(figures)) FROM keyframe)) / (SELECT count(*) FROM sample)"
(cd "$RIG" && ./spawn.sh stop >/dev/null)

"$BIN/wired-history-bench" generate "$SCRATCH/generated.db" --processes "$N" --days "$DAYS" \
    ${MAX_SAMPLES:+--max-samples "$MAX_SAMPLES"}
"$BIN/wired-history-bench" query "$SCRATCH/generated.db"
echo "load after: $(uptime)"
