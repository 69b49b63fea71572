#!/usr/bin/env bash
# Benchmarks/status.sh: time and peak memory of `wired --json --interval 0` (release: one reading, without
# the 1 s wait between the two samples the pressure rates take) against `free -b`.
# Needs hyperfine and GNU time (apt-get install -y hyperfine time). Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product wired >/dev/null
WIRED=$(swift build -c release --show-bin-path)/wired
RUNS=${RUNS:-200}

peak() { # median of 9 peak-RSS readings (KiB) of a command
    for _ in 1 2 3 4 5 6 7 8 9; do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 5p
}

hyperfine -N --warmup 20 --runs "$RUNS" --export-json /tmp/wired-status-bench.json "$WIRED --json --interval 0" "free -b" >/dev/null
python3 - "$(peak "$WIRED" --json --interval 0)" "$(peak free -b)" <<'PY'
import json, sys
runs = json.load(open('/tmp/wired-status-bench.json'))['results']
peaks = sys.argv[1:]
print('| command | median wall | mean ± σ | user | system | peak RSS (median of 9) |')
print('|---|---|---|---|---|---|')
for r, p in zip(runs, peaks):
    print(f"| `{r['command'].split('/')[-1]}` | {r['median']*1e3:.2f} ms | {r['mean']*1e3:.2f} ± {r['stddev']*1e3:.2f} ms | "
          f"{r['user']*1e3:.2f} ms | {r['system']*1e3:.2f} ms | {int(p)/1024:.2f} MiB |")
PY
