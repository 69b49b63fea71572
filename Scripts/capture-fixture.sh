#!/usr/bin/env bash
# capture-fixture.sh DEST [--full-config] [--pids PID,PID...] [--note TEXT]
#
# Copies the /proc and /sys files wired reads into DEST, keeping their paths (DEST/proc/meminfo, ...),
# so `wired --root DEST` and the tests read them exactly as they would the running system.
#
# Never copied: /proc/PID/cmdline and /proc/PID/environ (they can hold secrets), anything under /home.
# The kernel config is reduced to the options wired reads unless --full-config copies /proc/config.gz.
# The kernel log is reduced to the boot line that sizes the per-CPU first chunk.
# --pids copies those processes' stat, status, statm, smaps_rollup and cgroup files ("all" for every
# process, kernel threads included); without it no process is copied.
#
# Writes DEST/wired-capture.txt with the page size, architecture and time of the capture.
# Run it as root to include root-only files (slabinfo, DMI, other users' smaps_rollup).
set -euo pipefail

dest=${1:?usage: capture-fixture.sh DEST [--full-config] [--pids LIST] [--note TEXT]}
shift
full_config=0
pids=""
note=""
while (($#)); do
    case $1 in
    --full-config) full_config=1 ;;
    --pids) pids=$2; shift ;;
    --note) note=$2; shift ;;
    *) echo "capture-fixture.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
mkdir -p "$dest"

# copy FILE: cat it (procfs sizes are 0, so cp does not work); skip what cannot be read.
copy() {
    local src=$1 target=$dest$1
    [[ -r $src ]] || return 0
    mkdir -p "$(dirname "$target")"
    if ! cat "$src" >"$target" 2>/dev/null; then rm -f "$target"; fi
}

for f in /proc/meminfo /proc/vmstat /proc/zoneinfo /proc/swaps /proc/pressure/memory /proc/uptime \
    /proc/sys/kernel/hostname /proc/sys/kernel/osrelease /proc/sys/kernel/arch \
    /proc/sys/kernel/random/boot_id /sys/devices/system/cpu/possible /sys/kernel/kexec_crash_size \
    /sys/firmware/dmi/tables/DMI /proc/stat /proc/mounts; do
    copy "$f"
done

# Kernel config: the options wired reads, or the whole compressed file.
release=$(cat /proc/sys/kernel/osrelease)
if ((full_config)) && [[ -r /proc/config.gz ]]; then
    copy /proc/config.gz
else
    config=""
    if [[ -r /proc/config.gz ]]; then config=$(zcat /proc/config.gz); elif [[ -r /boot/config-$release ]]; then config=$(cat "/boot/config-$release"); fi
    if [[ -n $config ]]; then
        mkdir -p "$dest/boot"
        {
            echo "# Reduced by capture-fixture.sh to the options wired reads."
            grep -E '^(# )?CONFIG_VMAP_STACK[= ]' <<<"$config" || echo "# CONFIG_VMAP_STACK is not set"
        } >"$dest/boot/config-$release"
    fi
fi

# Kernel log: only the line that sizes the per-CPU first chunk (/dev/kmsg record format).
if [[ -r /dev/kmsg ]]; then
    line=$(dd if=/dev/kmsg iflag=nonblock bs=8192 2>/dev/null | grep -a -m1 'percpu: .* pages/cpu' || true)
    if [[ -n $line ]]; then mkdir -p "$dest/dev"; echo "$line" >"$dest/dev/kmsg"; fi
fi

# Memory blocks, firmware memory map, hugepage pools, zram, zswap.
copy /sys/devices/system/memory/block_size_bytes
for d in /sys/devices/system/memory/memory[0-9]*; do copy "$d/state"; done
for d in /sys/firmware/memmap/[0-9]*; do for f in start end type; do copy "$d/$f"; done; done
for d in /sys/kernel/mm/hugepages/hugepages-*; do
    for f in nr_hugepages free_hugepages resv_hugepages surplus_hugepages nr_overcommit_hugepages; do copy "$d/$f"; done
done
for d in /sys/block/zram*; do [[ -e $d ]] && for f in mm_stat disksize; do copy "$d/$f"; done; done
for f in /sys/module/zswap/parameters/*; do copy "$f"; done

# Processes: never cmdline or environ.
list=""
if [[ $pids == all ]]; then list=$(ls /proc | grep -E '^[0-9]+$'); elif [[ -n $pids ]]; then list=${pids//,/ }; fi
unreadable=()
for p in $list; do
    [[ -d /proc/$p ]] || continue
    for f in stat status statm smaps_rollup cgroup; do
        copy "/proc/$p/$f"
        # Record what the capturing user could not read, so the tree says "permission" rather than "missing".
        if [[ -e /proc/$p/$f && ! -e $dest/proc/$p/$f ]]; then unreadable+=("/proc/$p/$f"); fi
    done
done
# User names of the captured processes only (no home directories or GECOS fields).
if [[ -n $list ]]; then
    mkdir -p "$dest/etc"
    uids=$(for p in $list; do awk '/^Uid:/ {print $3}' "/proc/$p/status" 2>/dev/null; done | sort -u)
    for u in $uids; do getent passwd "$u" | awk -F: '{print $1":x:"$3":"$4"::/:"}'; done >"$dest/etc/passwd"
fi

{
    echo "page_size=$(getconf PAGESIZE)"
    echo "arch=$(uname -m)"
    echo "captured_at=$(date +%s)"
    echo "kernel=$release"
    echo "captured_as_uid=$(id -u)"
    echo "clock_ticks=$(getconf CLK_TCK)"
    for f in "${unreadable[@]}"; do echo "unreadable=$f"; done
    [[ -n $note ]] && echo "note=$note"
} >"$dest/wired-capture.txt"
echo "capture-fixture.sh: wrote $(find "$dest" -type f | wc -l) files to $dest"
