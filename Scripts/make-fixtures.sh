#!/usr/bin/env bash
# make-fixtures.sh [SCENARIO...]: recreates the fixture trees in Tests/WiredLinuxTests/Fixtures under
# real conditions on this machine (root only). Each scenario sets a condition up, captures the tree
# with capture-fixture.sh while it holds, and tears it down again.
#
# Scenarios: idle, swapfile-zswap, zram-swap, hugepages, mlock-1g, processes, owners, and the pressure
# scenarios pressure-calm, pressure-swapping, pressure-thrashing, pressure-oom (default: all of them).
# The old-kernel variant is an edited copy of "idle"; see its README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) == 0 ]] || { echo "make-fixtures.sh: run as root" >&2; exit 77; }
swift build --product wired-test-helper >/dev/null
HELPER=$(swift build --show-bin-path)/wired-test-helper
FIXTURES=Tests/WiredLinuxTests/Fixtures
CAPTURE=Scripts/capture-fixture.sh
CGROUP=/sys/fs/cgroup/memory/wired-fixture

# start_helper [--cgroup DIR] ARGS...: starts the helper (optionally in a v1 memory cgroup), waits for
# "ready", leaves its pid in HELPER_PID. It exits when fd 9 (its stdin) is closed by stop_helper.
start_helper() {
    local cgroup=""
    if [[ $1 == --cgroup ]]; then cgroup=$2; shift 2; fi
    local fifo_in fifo_out
    fifo_in=$(mktemp -u) fifo_out=$(mktemp -u)
    mkfifo "$fifo_in" "$fifo_out"
    if [[ -n $cgroup ]]; then
        sh -c "echo \$\$ > $cgroup/cgroup.procs; exec $HELPER $*" <"$fifo_in" >"$fifo_out" &
    else
        "$HELPER" "$@" <"$fifo_in" >"$fifo_out" &
    fi
    exec 9>"$fifo_in"
    read -r word HELPER_PID <"$fifo_out"
    [[ $word == ready ]] || { echo "helper did not start" >&2; exit 1; }
    rm -f "$fifo_in" "$fifo_out"
}

stop_helper() {
    exec 9>&-
    wait "$HELPER_PID" 2>/dev/null || true
}

capture() { # NAME NOTE
    rm -rf "${FIXTURES:?}/$1"
    sleep 2 # let per-CPU counters fold (vm.stat_interval is 1 s)
    "$CAPTURE" "$FIXTURES/$1" --note "$2" >/dev/null
    echo "captured $1"
}

pressure_cgroup() { # LIMIT
    mkdir -p "$CGROUP"
    echo "$1" >"$CGROUP/memory.limit_in_bytes"
}

# swap_file_on ZSWAP: a 1 GiB swap file with zswap set to ZSWAP (Y/N); swap_file_off undoes both.
swap_file_on() {
    SWAPFILE=/var/tmp/wired-fixture-swapfile
    fallocate -l 1G "$SWAPFILE" && chmod 600 "$SWAPFILE" && mkswap "$SWAPFILE" >/dev/null && swapon "$SWAPFILE"
    ZSWAP_WAS=$(cat /sys/module/zswap/parameters/enabled)
    echo "$1" >/sys/module/zswap/parameters/enabled
}

swap_file_off() {
    swapoff "$SWAPFILE"; rm -f "$SWAPFILE"
    echo "$ZSWAP_WAS" >/sys/module/zswap/parameters/enabled
}

scenario_idle() {
    rm -rf "${FIXTURES:?}/vm-6.18-idle"
    "$CAPTURE" "$FIXTURES/vm-6.18-idle" --full-config \
        --note "this machine as it is: Firecracker VM, 2 vCPU, 24 GiB, no swap, cgroup v1 hybrid" >/dev/null
    echo "captured vm-6.18-idle"
}

scenario_swapfile-zswap() {
    swap_file_on Y
    pressure_cgroup 256M
    start_helper --cgroup "$CGROUP" --anon 512 --name swapper
    capture vm-6.18-swapfile-zswap "1 GiB swap file, zswap on; a process in a 256 MiB memory cgroup touched 512 MiB"
    stop_helper
    swap_file_off
    rmdir "$CGROUP"
}

scenario_zram-swap() {
    local zswap_was
    zswap_was=$(cat /sys/module/zswap/parameters/enabled)
    echo N >/sys/module/zswap/parameters/enabled
    echo 1 >/sys/block/zram0/reset
    echo 1G >/sys/block/zram0/disksize
    mkswap /dev/zram0 >/dev/null && swapon -p 100 /dev/zram0
    pressure_cgroup 256M
    start_helper --cgroup "$CGROUP" --anon 512 --name zramuser
    capture vm-6.18-zram-swap "1 GiB zram swap (lzo-rle), zswap off; a process in a 256 MiB memory cgroup touched 512 MiB"
    stop_helper
    swapoff /dev/zram0; echo 1 >/sys/block/zram0/reset
    echo "$zswap_was" >/sys/module/zswap/parameters/enabled
    rmdir "$CGROUP"
}

scenario_hugepages() {
    local pool=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
    echo 512 >"$pool"
    start_helper --hugetlb 200 --name hugeuser
    capture vm-6.18-hugepages "512 × 2 MiB hugepage pool; one process maps and touches 100 of them (200 MiB)"
    stop_helper
    echo 0 >"$pool"
}

scenario_mlock-1g() {
    start_helper --mlock 1024 --name locker
    capture vm-6.18-mlock-1g "one process mlocked 1 GiB of touched anonymous memory"
    stop_helper
}

# capture_pressure NAME NOTE [CMD]: a tree with an earlier sample 2 s before (CMD runs meanwhile).
capture_pressure() {
    rm -rf "${FIXTURES:?}/$1"
    "$CAPTURE" "$FIXTURES/$1" --earlier 2 ${3:+--during "$3"} --note "$2" >/dev/null
    echo "captured $1"
}

scenario_pressure-calm() {
    capture_pressure vm-6.18-pressure-calm "this machine idle; vmstat and PSI sampled 2 s apart"
}

scenario_pressure-swapping() {
    swap_file_on N
    pressure_cgroup 128M
    start_helper --cgroup "$CGROUP" --anon 384 --touch --name swapper
    sleep 5
    capture_pressure vm-6.18-pressure-swapping "1 GiB swap file (zswap off); a process in a 128 MiB memory cgroup writes to every page of 384 MiB, round after round"
    stop_helper
    swap_file_off
    rmdir "$CGROUP"
}

scenario_pressure-thrashing() {
    local file=/var/tmp/wired-fixture-512m
    head -c $((512 << 20)) /dev/urandom >"$file"
    sync; echo 1 >/proc/sys/vm/drop_caches
    pressure_cgroup 128M
    start_helper --cgroup "$CGROUP" --read "$file" --name reader
    sleep 5
    capture_pressure vm-6.18-pressure-thrashing "no swap; a process in a 128 MiB memory cgroup reads a 512 MiB file over and over (page-cache refaults)"
    stop_helper
    rm -f "$file"
    rmdir "$CGROUP"
}

scenario_pressure-oom() {
    pressure_cgroup 64M
    # Between the two samples, a process in a 64 MiB cgroup (no swap) allocates 256 MiB and is OOM-killed. The
    # cgroups' OOM counters are captured on both sides and the kernel log's OOM reports with the log's position
    # at the first sample (capture-fixture.sh --earlier), so the kill can be told to be the cgroup's, not the
    # machine's.
    capture_pressure vm-6.18-pressure-oom "no swap; between the samples a process in a 64 MiB memory cgroup allocates 256 MiB and the kernel kills it" \
        "sh -c 'echo \$\$ > $CGROUP/cgroup.procs; exec $HELPER --anon 256 --seconds 1'"
    rmdir "$CGROUP"
}

scenario_processes() {
    local unit=/sys/fs/cgroup/systemd/system.slice/wired-demo.service
    mkdir -p "$unit"
    local pids=()
    start_helper --anon 8 --name ordinary; exec 10>&9; pids+=("$HELPER_PID")
    start_helper --threads 20 --anon 2 --name threaded; exec 11>&9; pids+=("$HELPER_PID")
    start_helper --zombie --name "zombie parent"; exec 12>&9; pids+=("$HELPER_PID")
    pids+=("$(pgrep -P "$HELPER_PID" | head -1)")
    start_helper --anon 1 --name "x (y) z)"; exec 13>&9; pids+=("$HELPER_PID")
    start_helper --mlock 16 --name locker; exec 14>&9; pids+=("$HELPER_PID")
    start_helper --cgroup "$unit" --anon 4 --name in-a-unit; pids+=("$HELPER_PID")
    # PID 1 (its smaps_rollup is unreadable even for root here) and two kernel threads.
    pids+=(1 2 "$(pgrep -x ksoftirqd/0 | head -1)")
    rm -rf "${FIXTURES:?}/vm-6.18-processes"
    sleep 2
    "$CAPTURE" "$FIXTURES/vm-6.18-processes" --pids "$(IFS=,; echo "${pids[*]}")" \
        --note "process kinds: ordinary, 20 threads, zombie and its parent, name with spaces and parens, 16 MiB mlocked, one in a systemd unit (cgroup v1 name=systemd), PID 1 (smaps_rollup unreadable even for root), kernel threads" >/dev/null
    echo "captured vm-6.18-processes"
    exec 9>&- 10>&- 11>&- 12>&- 13>&- 14>&-
    wait || true
    sleep 1
    rmdir "$unit"
}

scenario_owners() {
    local mnt=/tmp/wired-fixture-tmpfs cg=/sys/fs/cgroup/memory/wired-owners
    mkdir -p "$mnt" && mount -t tmpfs -o size=256m wired-fixture "$mnt"
    head -c $((150 << 20)) /dev/urandom >"$mnt/150m"
    mkdir -p "$cg"
    echo 64 >/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
    echo 1 >/sys/block/zram0/reset && echo 256M >/sys/block/zram0/disksize
    # 64 MiB of half-compressible data written to the zram disk.
    (set +o pipefail; head -c $((32 << 20)) /dev/urandom | od -An -tx1 | head -c $((64 << 20)) |
        dd of=/dev/zram0 bs=1M iflag=fullblock status=none)
    start_helper --shm 64 --name shmholder; exec 10>&9
    start_helper --cgroup "$cg" --anon 100 --name in-cgroup; exec 11>&9
    start_helper --mlock 64 --name locker; exec 12>&9
    start_helper --hugetlb 32 --name hugeuser; exec 13>&9
    rm -rf "${FIXTURES:?}/vm-6.18-owners"
    sleep 2
    "$CAPTURE" "$FIXTURES/vm-6.18-owners" --pids all \
        --note "owners: 150 MiB file in a fresh tmpfs at $mnt, a 64 MiB SysV segment, a process with 100 MiB in memory cgroup /wired-owners, 64 MiB mlocked, 16 of 64 hugepages mapped, zram0 holding 64 MiB" >/dev/null
    echo "captured vm-6.18-owners"
    exec 9>&- 10>&- 11>&- 12>&- 13>&-
    wait || true
    sleep 1
    umount "$mnt" && rmdir "$mnt"
    rmdir "$cg"
    echo 0 >/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
    echo 1 >/sys/block/zram0/reset
}

scenarios=("$@")
((${#scenarios[@]})) || scenarios=(idle swapfile-zswap zram-swap hugepages mlock-1g processes owners pressure-calm pressure-swapping pressure-thrashing pressure-oom)
for s in "${scenarios[@]}"; do "scenario_$s"; done
