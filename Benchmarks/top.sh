#!/usr/bin/env bash
# Benchmarks/top.sh [N...]: `wired top --json` against the C floor and psutil, with N extra idle processes
# (default 1000) of the rig's realistic shapes (../shared/bench/spawn.sh), plus peak memory; and
# `wired snapshot` (everything: processes, cgroups, owners) against `wired top --json`, with the file size.
#
# The floor is procread reading the same files in one thread: per process stat, status, smaps_rollup,
# cmdline; globally meminfo, vmstat, pressure/memory. Needs root (smaps_rollup of every process),
# hyperfine, GNU time, cc, python3 with psutil. The rig is copied to a scratch folder because
# ../shared is read-only; its idlers are always stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) == 0 ]] || { echo "top.sh: run as root" >&2; exit 77; }
NS=("$@")
((${#NS[@]})) || NS=(1000)
RUNS=${RUNS:-15}
swift build -c release --product wired >/dev/null
WIRED=$(swift build -c release --show-bin-path)/wired
RIG=$(mktemp -d)/bench
cp -r "${BENCH_SRC:-../shared/bench}" "$RIG"
chmod -R u+w "$RIG"
(cd "$RIG" && cc -O2 -pthread -o procread procread.c && cc -O2 -pthread -o idler idler.c)
# spawn.sh keeps its shared 64 MiB file in /dev/shm; remove it too, or it stays in RAM as shared memory.
trap '(cd "$RIG" && ./spawn.sh stop >/dev/null 2>&1); rm -rf "$(dirname "$RIG")" /dev/shm/idler-shared-64m.bin /tmp/wired-bench.wired' EXIT
FLOOR="$RIG/procread -q -g meminfo,vmstat,pressure -f stat,status,smaps_rollup,cmdline"

peak() { # median of 5 peak-RSS readings (KiB)
    for _ in 1 2 3 4 5; do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p
}

for n in "${NS[@]}"; do
    (cd "$RIG" && ./spawn.sh start "$n" >/dev/null)
    procs=$(ls -d /proc/[0-9]* | wc -l)
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json /tmp/wired-top-bench.json \
        "$WIRED top --json" "$FLOOR" "python3 $RIG/psutil_snapshot.py" \
        "$WIRED snapshot -o /tmp/wired-bench.wired --force --interval 0" >/dev/null 2>&1
    size=$(stat -c %s /tmp/wired-bench.wired)
    python3 - "$n" "$procs" "$(peak "$WIRED" top --json)" "$(peak $FLOOR)" "$size" \
        "$(peak "$WIRED" snapshot -o /tmp/wired-bench.wired --force --interval 0)" <<'PY'
import json, sys
n, procs, wired_peak, floor_peak, size, snap_peak = sys.argv[1:]
r = {x['command']: x for x in json.load(open('/tmp/wired-top-bench.json'))['results']}
wired = next(v for k, v in r.items() if ' top --json' in k)
floor = next(v for k, v in r.items() if 'procread' in k)
psutil = next(v for k, v in r.items() if 'psutil' in k)
print(f"N={n} ({procs} processes): wired top --json median {wired['median']*1e3:.1f} ms "
      f"(user {wired['user']*1e3:.1f}, sys {wired['system']*1e3:.1f}), peak {int(wired_peak)/1024:.2f} MiB | "
      f"C floor, 1 thread {floor['median']*1e3:.1f} ms, peak {int(floor_peak)/1024:.2f} MiB | "
      f"psutil {psutil['median']*1e3:.1f} ms")
print(f"  ratio to the floor {wired['median']/floor['median']:.2f}x (target <= 0.8), "
      f"to psutil {wired['median']/psutil['median']:.2f}x (target <= 0.5)")
snap = next(v for k, v in r.items() if ' snapshot ' in k)
print(f"  wired snapshot: median {snap['median']*1e3:.1f} ms = {snap['median']/wired['median']:.2f}x wired top --json "
      f"(target <= 1.2), peak {int(snap_peak)/1024:.2f} MiB; file {int(size)/1024:.0f} KiB (target <= 300 KiB)")
PY
    (cd "$RIG" && ./spawn.sh stop >/dev/null)
done
