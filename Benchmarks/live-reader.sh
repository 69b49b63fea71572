#!/usr/bin/env bash
# Benchmarks/live-reader.sh [N] [READINGS]: the cost of one live reading at 1 Hz by the stateful live reader
# (WiredReading.LiveLinuxReader, which `wired watch`, the recorder and `wired serve` hold), with N extra idle
# processes (default 1000) of the rig's realistic shapes (../shared/bench/spawn.sh): four readers taking turns
# each second (the system part; system + owners; system + processes without command lines; the whole
# `.full` reading of the recorder and `wired watch`: processes with command lines and cgroups, and owners),
# first reading against the median repeat, wall and CPU time; against a full `wired top --json` (hyperfine)
# in the same run. Release build; needs root (smaps_rollup of every process), hyperfine, cc.
# The rig is copied to a scratch folder (../shared is read-only), with its own state and shared file, and
# exactly its idlers are stopped on exit. TOP=0 leaves out `wired top --json` (and the release build of `wired`).
set -euo pipefail
cd "$(dirname "$0")/.."
# ISOLATE=1: the whole run in a PID namespace of its own (unshare --pid --mount-proc), so /proc lists only the
# rig's idlers and what is measured, not the other work of a busy machine: the process set of a quiet machine.
if [[ ${ISOLATE:-0} == 1 && -z ${WIRED_BENCH_ISOLATED:-} ]]; then
    exec env WIRED_BENCH_ISOLATED=1 unshare --pid --fork --mount-proc "Benchmarks/$(basename "$0")" "$@"
fi
[[ $(id -u) == 0 ]] || { echo "live-reader.sh: run as root" >&2; exit 77; }
N=${1:-1000}
READINGS=${2:-30}
[[ ${TOP:-1} == 0 ]] || swift build -c release --product wired >/dev/null
swift build -c release --product wired-reader-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)
SCRATCH=$(mktemp -d)
RIG=$SCRATCH/bench
cp -r "${BENCH_SRC:-../shared/bench}" "$RIG"
chmod -R u+w "$RIG"
export STATE_DIR=$SCRATCH/state SHARED_DIR=$SCRATCH
(cd "$RIG" && cc -O2 -pthread -o idler idler.c)
trap '(cd "$RIG" && ./spawn.sh stop >/dev/null 2>&1); rm -rf "$SCRATCH"' EXIT
(cd "$RIG" && ./spawn.sh start "$N" >/dev/null)
echo "$(date -u +%FT%TZ) · $(ls -d /proc/[0-9]* | wc -l) processes · uptime:$(uptime | sed 's/.*load/ load/')"
"$BIN/wired-reader-bench" "$READINGS" 1
[[ ${TOP:-1} == 0 ]] || hyperfine -N --warmup 2 --runs "${RUNS:-10}" "$BIN/wired top --json" 2>/dev/null | grep -E 'Time|User|Range'
echo "uptime after:$(uptime | sed 's/.*load/ load/')"
