#!/usr/bin/env bash
# Benchmarks/recorder.sh [N] [SAMPLES]: the recorder's steady CPU at 1 Hz with N idle processes (issue 13).
#
# In a PID namespace of its own (so only the rig's idlers and the recorder are listed), it starts N idlers of
# the rig's shapes (../shared/bench/spawn.sh, default 1000), runs `wired record --interval 1 --samples SAMPLES`
# (default 70) and reads the recorder's utime + stime (fields 14 and 15 of /proc/PID/stat) at its 10th second
# and 2 s before its end: the first reading (everything read once) is left out. Prints the CPU share of one
# core over that window, peak memory, and the bytes a sample the store took (keyframes included).
# With perf installed, the window's CPU is also counted exactly (`perf stat -e task-clock`, all threads).
# PERF=1 also records `perf record -g` over 30 s of the window into $PERF_OUT (default /tmp/recorder.perf).
# WIRED=PATH measures another build (default: the release build in .build-release). Needs root and cc.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) == 0 ]] || { echo "recorder.sh: run as root" >&2; exit 77; }
N=${1:-1000}
SAMPLES=${2:-70}
# The window runs from the 10th second to 2 s before the end, and perf takes 30 s of it.
(( SAMPLES >= (${PERF:-0} == 1 ? 50 : 20) )) || { echo "recorder.sh: SAMPLES must be at least 20 (50 with PERF=1)" >&2; exit 64; }
if [[ -z ${WIRED:-} ]]; then
    swift build -c release --scratch-path .build-release --product wired >/dev/null
    WIRED=$(swift build -c release --scratch-path .build-release --show-bin-path)/wired
fi
SCRATCH=$(mktemp -d)
cp -r "${BENCH_SRC:-../shared/bench}" "$SCRATCH/bench"
chmod -R u+w "$SCRATCH/bench"
rm -rf "$SCRATCH/bench/state"
trap 'rm -rf "$SCRATCH"' EXIT
export WIRED N SAMPLES SCRATCH PERF=${PERF:-0} PERF_OUT=${PERF_OUT:-/tmp/recorder.perf}

# Everything below runs as PID 1 of a new namespace: the idlers die with it.
unshare --pid --fork --mount-proc bash -c '
    set -euo pipefail
    RIG=$SCRATCH/bench
    (cd "$RIG" && ./spawn.sh start "$N" >/dev/null)
    echo "processes listed: $(ls -d /proc/[0-9]* | wc -l); load: $(cut -d" " -f1-3 /proc/loadavg)"
    "$WIRED" record --db "$SCRATCH/r.db" --interval 1 --samples "$SAMPLES" >"$SCRATCH/record.out" &
    rec=$!
    ticks() { awk "{print \$14 + \$15}" "/proc/$rec/stat"; }
    uticks() { awk "{print \$14}" "/proc/$rec/stat"; }
    sleep 10
    t0=$(ticks); u0=$(uticks); s0=$(date +%s.%N)
    if [[ $PERF == 1 ]]; then perf record -g -o "$PERF_OUT" -p "$rec" -- sleep 30 >/dev/null 2>&1 || true; fi
    rest=$((SAMPLES - 12 - (PERF == 1 ? 30 : 0)))
    # The tick counts below are sampled at CLK_TCK (a few hundred ticks in a minute: ±5%); perf stat counts
    # the task clock of the recorder exactly, every thread included, when perf is there.
    if [[ $PERF != 1 ]] && command -v perf >/dev/null; then
        perf stat -x, -e task-clock -o "$SCRATCH/task-clock" -p "$rec" -- sleep "$rest" >/dev/null 2>&1 || sleep "$rest"
        awk -F, -v w="$rest" "/task-clock/ { printf \"task clock (perf stat): %.0f ms in %d s = %.2f%% of a core\n\", \$1, w, \$1 / 10 / w }" \
            "$SCRATCH/task-clock" 2>/dev/null || true
    else
        sleep "$rest"
    fi
    t1=$(ticks); u1=$(uticks); s1=$(date +%s.%N)
    peak=$(awk "/VmHWM/ {print \$2}" "/proc/$rec/status")
    wait "$rec"
    hz=$(getconf CLK_TCK)
    awk -v a="$t0" -v b="$t1" -v ua="$u0" -v ub="$u1" -v s="$s0" -v e="$s1" -v hz="$hz" -v p="$peak" "BEGIN {
        printf \"steady CPU at 1 Hz: %.2f s in %.1f s = %.2f%% of a core (user %.2f%%, system %.2f%%); peak %.1f MiB\n\",
            (b - a) / hz, e - s, 100 * (b - a) / hz / (e - s), 100 * (ub - ua) / hz / (e - s),
            100 * ((b - a) - (ub - ua)) / hz / (e - s), p / 1024 }"
    (cd "$RIG" && ./spawn.sh stop >/dev/null 2>&1) || true
'
sqlite3 "$SCRATCH/r.db" "SELECT 'samples: ' || (SELECT count(*) FROM sample) || ', keyframes: ' || (SELECT count(*) FROM keyframe) || ', bytes a sample (keyframes included): ' || (((SELECT sum(length(body)) + sum(ifnull(length(processes), 0)) + sum(length(figures)) FROM sample) + (SELECT sum(length(body)) + sum(ifnull(length(processes), 0)) + sum(length(figures)) FROM keyframe)) / (SELECT count(*) FROM sample))"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
