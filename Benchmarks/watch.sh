#!/usr/bin/env bash
# Benchmarks/watch.sh [SECONDS] [N]: the CPU and peak memory of `wired watch --interval 1` (Processes pane,
# sorted by PSS) against htop 3 at a 1 s refresh with a PSS column, sorted by it, in the same run, with N extra
# idle processes (default 1000) of the rig's shapes (../shared/bench/spawn.sh), each view in a 200x50 tmux
# pane for SECONDS (default 60) after a 5 s warm-up.
#
# CPU: utime + stime of the view's process (/proc/PID/stat, its threads included) over the measured span, as a
# share of one core. Peak memory: VmHWM of /proc/PID/status at the end. Needs root (smaps_rollup of every
# process), tmux, htop, cc, bc. Each tmux server has a socket of its own; the idlers are always stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
# ISOLATE=1: the whole run in a PID namespace of its own (unshare --pid --mount-proc), so /proc lists only the
# rig's idlers and what is measured, not the other work of a busy machine: the process set of a quiet machine.
if [[ ${ISOLATE:-0} == 1 && -z ${WIRED_BENCH_ISOLATED:-} ]]; then
    exec env WIRED_BENCH_ISOLATED=1 unshare --pid --fork --mount-proc "Benchmarks/$(basename "$0")" "$@"
fi
[[ $(id -u) == 0 ]] || { echo "watch.sh: run as root" >&2; exit 77; }
SECONDS_MEASURED=${1:-60}
N=${2:-1000}
for tool in tmux htop cc; do command -v "$tool" >/dev/null || { echo "watch.sh: $tool is needed" >&2; exit 77; }; done
if [[ -z ${WIRED:-} ]]; then  # WIRED=path/to/wired to measure a binary built elsewhere
    swift build -c release --product wired >/dev/null
    WIRED=$(swift build -c release --show-bin-path)/wired
fi
WORK=$(mktemp -d)
RIG=$WORK/bench
cp -r "${BENCH_SRC:-../shared/bench}" "$RIG"
chmod -R u+w "$RIG"
(cd "$RIG" && cc -O2 -pthread -o idler idler.c)
SOCKET=wired-watch-bench-$$
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true; (cd "$RIG" && ./spawn.sh stop >/dev/null 2>&1); rm -rf "$WORK" /dev/shm/idler-shared-64m.bin' EXIT
# htop's own settings file, in a HOME of its own: PSS shown (field 118, M_PSS in htop 3.2) and sorted by.
mkdir -p "$WORK/home/.config/htop"
printf 'fields=0 48 17 18 38 39 40 2 46 47 49 118 1\nsort_key=118\nsort_direction=-1\ndelay=10\n' \
    >"$WORK/home/.config/htop/htoprc"

TICKS=$(getconf CLK_TCK)
ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }

# measure NAME COMMAND: runs COMMAND in a tmux pane; prints its CPU share (user, system) and peak memory.
measure() {
    local name=$1 command=$2
    tmux -L "$SOCKET" new-session -d -s "$name" -x 200 -y 50 "exec $command"
    local pid
    pid=$(tmux -L "$SOCKET" display-message -p -t "$name" '#{pane_pid}')
    sleep 5
    local start end u0 s0 u1 s1
    read -r u0 s0 < <(ticks "$pid")
    start=$(date +%s.%N)
    sleep "$SECONDS_MEASURED"
    read -r u1 s1 < <(ticks "$pid")
    end=$(date +%s.%N)
    local peak
    peak=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
    tmux -L "$SOCKET" capture-pane -p -t "$name" >"$WORK/$name.screen"
    tmux -L "$SOCKET" kill-session -t "$name"
    local share="scale=2; 100 / $TICKS / ($end - $start)"
    echo "$name: CPU $(echo "$share * ($u1 - $u0 + $s1 - $s0)" | bc)% of a core" \
        "(user $(echo "$share * ($u1 - $u0)" | bc)%, system $(echo "$share * ($s1 - $s0)" | bc)%)," \
        "peak memory $peak KiB, $(ls -d /proc/[0-9]* 2>/dev/null | wc -l) processes"
}

(cd "$RIG" && ./spawn.sh start "$N" >/dev/null)
echo "load before: $(uptime)"
measure wired "$WIRED watch --interval 1"
measure htop "env HOME=$WORK/home htop -d 10"
echo "load after: $(uptime)"
grep -q 'PSS' "$WORK/htop.screen" || echo "warning: htop showed no PSS column (htoprc field ids differ in this version)"
grep -q 'PSS▼' "$WORK/wired.screen" || echo "warning: wired watch was not sorted by PSS"
