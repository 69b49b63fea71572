#!/usr/bin/env bash
# Benchmarks/serve.sh [SECONDS]: `wired serve` (release) on this machine: the dashboard's weight as sent
# gzipped, the latency of /metrics (curl, 500 sequential requests after 20 warm-ups; the server's time is
# time_starttransfer - time_pretransfer), and the memory (VmRSS, VmHWM) and open descriptors of the server every
# minute for SECONDS (default 3600) at the default 10 s interval. Run as root to read every process.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-3600}
PORT=${PORT:-19929}
if [[ -z ${WIRED:-} ]]; then  # WIRED=path/to/wired to measure a binary built elsewhere
    swift build -c release --product wired >/dev/null
    WIRED=$(swift build -c release --show-bin-path)/wired
fi
LOG=$(mktemp)
# SERVE_ARGS: more arguments, e.g. "--db /tmp/bench.db" (serve records into the default store otherwise).
# shellcheck disable=SC2086
"$WIRED" serve --listen 127.0.0.1:$PORT --interval 10 ${SERVE_ARGS:-} 2>"$LOG" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -f "$LOG"' EXIT
until curl -sf -o /dev/null http://127.0.0.1:$PORT/metrics; do sleep 0.2; done
echo "uptime: $(uptime)"
echo "binary: $(stat -c %s "$WIRED") bytes, $(file -b "$WIRED" | cut -d, -f1-2)"

weight=0
for path in / /app.js /app.css; do
    bytes=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' http://127.0.0.1:$PORT$path)
    plain=$(curl -s -o /dev/null -w '%{size_download}' http://127.0.0.1:$PORT$path)
    echo "page $path: $plain bytes, $bytes gzipped"
    weight=$((weight + bytes))
done
echo "page weight (gzipped, all files): $weight bytes"

metrics_lines=$(curl -s http://127.0.0.1:$PORT/metrics | wc -l)
series=$(curl -s http://127.0.0.1:$PORT/metrics | grep -vc '^#')
echo "/metrics: $metrics_lines lines, $series series, $(curl -s -o /dev/null -w '%{size_download}' http://127.0.0.1:$PORT/metrics) bytes"
for _ in $(seq 20); do curl -s -o /dev/null http://127.0.0.1:$PORT/metrics; done
for _ in $(seq 500); do
    curl -s -o /dev/null -w '%{time_pretransfer} %{time_starttransfer} %{time_total}\n' http://127.0.0.1:$PORT/metrics
done | python3 -c '
import sys
rows = [list(map(float, line.split())) for line in sys.stdin]
server = sorted((b - a) * 1000 for a, b, _ in rows)
total = sorted(c * 1000 for _, _, c in rows)
pick = lambda xs, q: xs[min(len(xs) - 1, int(q * len(xs)))]
print("/metrics server time (ms): median %.3f, p99 %.3f, max %.3f" % (pick(server, .5), pick(server, .99), server[-1]))
print("/metrics total per request incl. connect (ms): median %.3f, p99 %.3f" % (pick(total, .5), pick(total, .99)))
'

echo "memory of wired serve (pid $PID), every 60 s for $DURATION s:"
echo "elapsed_s rss_kib hwm_kib fds samples"
start=$(date +%s)
while :; do
    now=$(( $(date +%s) - start ))
    rss=$(awk '/VmRSS/{print $2}' /proc/$PID/status)
    hwm=$(awk '/VmHWM/{print $2}' /proc/$PID/status)
    fds=$(ls /proc/$PID/fd | wc -l)
    last=$(curl -s http://127.0.0.1:$PORT/metrics | awk '/^wired_sample_timestamp_seconds/{print $2}')
    echo "$now $rss $hwm $fds $last"
    (( now >= DURATION )) && break
    sleep 60
done
