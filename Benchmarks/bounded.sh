#!/usr/bin/env bash
# Benchmarks/bounded.sh: time and peak memory of reading a 5,000-process snapshot, and of refusing hostile
# inputs (gzip bombs, a 16 MiB config.gz, a FIFO in a tree, a 4 GiB entry in a .tar.gz and in a .tar).
#
# Inputs are made by Benchmarks/hostile-inputs.py in a scratch folder (about 30 MiB on disk; the 4 GiB .tar is
# sparse): the snapshot from the vm-6.18-owners fixture's 74 processes, multiplied to 5,000 with varied pids,
# sizes and realistic command lines. Each case runs RUNS times (default 5), killed after 60 s (10 s for the FIFO;
# a hang shows as "killed"); the table gives the median wall time (ms, with `timeout` and GNU time around
# the command: about 2 ms) and the median peak RSS (GNU time %M).
# WIRED=/path/to/wired compares another build (for example a release build of an older commit).
# Needs python3 and GNU time (apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${WIRED:-} ]]; then
    swift build -c release --product wired >/dev/null
    WIRED=$(swift build -c release --show-bin-path)/wired
fi
RUNS=${RUNS:-5}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
INPUTS="python3 Benchmarks/hostile-inputs.py"
VMSTAT=Tests/WiredDarwinTests/Fixtures/handmade-m2-after/vm_stat.txt
FIXTURES=Tests/WiredLinuxTests/Fixtures

"$WIRED" snapshot --root "$FIXTURES/vm-6.18-owners" -o "$WORK/base.wired" --force >/dev/null
$INPUTS snapshot "$WORK/base.wired" 5000 "$WORK/5000.wired" >/dev/null
$INPUTS bomb zeros 4 "$WORK/bomb-zeros.wired"
$INPUTS bomb spaces 4 "$WORK/bomb-blanks.wired"
$INPUTS bomb string 1 "$WORK/bomb-string.wired"
$INPUTS targz 4 "$WORK/big.tar.gz" "$VMSTAT"
$INPUTS tar 4 "$WORK/big.tar" "$VMSTAT"
cp -r "$FIXTURES/vm-6.18-idle" "$WORK/config-tree"
$INPUTS config 16 "$WORK/config-tree/proc/config.gz"
cp -r "$FIXTURES/vm-6.18-idle" "$WORK/config3-tree"
$INPUTS config 3 "$WORK/config3-tree/proc/config.gz"
cp -r "$FIXTURES/vm-6.18-idle" "$WORK/fifo-tree"
rm "$WORK/fifo-tree/proc/vmstat"
mkfifo "$WORK/fifo-tree/proc/vmstat"

size() { stat -c %s "$1" | awk '{ printf "%.1f MiB", $1 / 1048576 }'; }

measure() { # label, input size, command...: median wall and median peak of RUNS runs
    local label=$1 input=$2
    shift 2
    local times=() peaks=() status=0
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s%N)
        /usr/bin/time -o "$WORK/time" -f '%M %x' timeout "${LIMIT:-60}" "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        read -r peak status <<<"$(tail -1 "$WORK/time")"
        times+=("$(((end - start) / 1000000))")
        peaks+=("$peak")
    done
    local wall peak
    wall=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
    peak=$(printf '%s\n' "${peaks[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
    local outcome="exit $status"
    [[ $status == 124 ]] && outcome="killed at ${LIMIT:-60} s"
    printf '| %s | %s | %s ms | %s MiB | %s |\n' "$label" "$input" "$wall" "$(awk "BEGIN { printf \"%.1f\", $peak / 1024 }")" "$outcome"
}

echo "$(uptime)"
echo "JSON of the 5,000-process snapshot: $(python3 -c "
import gzip, sys
b = open(sys.argv[1], 'rb').read()
print(len(gzip.decompress(b[b.index(b'\n') + 1:])))" "$WORK/5000.wired") bytes"
echo
echo '| case | input | median wall | median peak RSS | outcome |'
echo '|---|---|---|---|---|'
measure '`wired --version` (start-up alone)' '-' "$WIRED" --version
measure '5,000-process snapshot: `--from F --json`' "$(size "$WORK/5000.wired")" "$WIRED" --from "$WORK/5000.wired" --json
measure '5,000-process snapshot: `top --from F --json`' "$(size "$WORK/5000.wired")" "$WIRED" top --from "$WORK/5000.wired" --json
measure 'gzip bomb, 4 GiB of zeros' "$(size "$WORK/bomb-zeros.wired")" "$WIRED" --from "$WORK/bomb-zeros.wired" --json
measure 'gzip bomb, valid start then 4 GiB of blanks' "$(size "$WORK/bomb-blanks.wired")" "$WIRED" --from "$WORK/bomb-blanks.wired" --json
measure 'gzip bomb, a 1 GiB process name' "$(size "$WORK/bomb-string.wired")" "$WIRED" --from "$WORK/bomb-string.wired" --json
measure 'tree: config.gz of 16 GiB of zeros' "$(size "$WORK/config-tree/proc/config.gz")" "$WIRED" --root "$WORK/config-tree" --json
measure 'tree: config.gz of 3 GiB of zeros' "$(size "$WORK/config3-tree/proc/config.gz")" "$WIRED" --root "$WORK/config3-tree" --json
LIMIT=10 measure 'tree: proc/vmstat is a FIFO' '-' "$WIRED" --root "$WORK/fifo-tree" --json
measure '.tar.gz: a 4 GiB entry, then vm_stat' "$(size "$WORK/big.tar.gz")" "$WIRED" --from "$WORK/big.tar.gz" --json
measure '.tar: a 4 GiB entry (sparse), then vm_stat' '4.0 GiB' "$WIRED" --from "$WORK/big.tar" --json
