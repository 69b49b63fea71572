#!/usr/bin/env bash
# capture-fixture.sh DEST [--full-config] [--pids PID,PID...] [--note TEXT] [--earlier SECONDS [--during CMD]]
#
# Copies the /proc and /sys files wired reads into DEST, keeping their paths (DEST/proc/meminfo, ...),
# so `wired --root DEST` and the tests read them exactly as they would the running system.
#
# Never copied: /proc/PID/cmdline and /proc/PID/environ (they can hold secrets), anything under /home.
# /proc/cmdline is reduced to its crashkernel= arguments.
# The kernel config is reduced to the options wired reads unless --full-config copies /proc/config.gz.
# The kernel log is reduced to the boot line that sizes the per-CPU first chunk and the OOM killer's reports.
# --pids copies those processes' stat, status, statm, smaps_rollup and cgroup files ("all" for every
# process, kernel threads included); without it no process is copied.
#
# --earlier copies /proc/vmstat, /proc/pressure/memory and the memory cgroups' OOM counters (v2 memory.events
# and memory.max; v1 memory.oom_control, memory.failcnt and memory.limit_in_bytes) to DEST/wired-earlier/
# first, notes the kernel log's last sequence number, waits SECONDS (running CMD in the background meanwhile,
# with --during), then captures the rest: wired turns the two samples into pressure rates and tells a cgroup's
# OOM kills from the machine's. The seconds measured between them are recorded as earlier_seconds, the log's
# position as earlier_kmsg_seq.
#
# Writes DEST/wired-capture.txt with the page size, architecture and time of the capture.
# Run it as root to include root-only files (slabinfo, DMI, other users' smaps_rollup).
set -euo pipefail

dest=${1:?usage: capture-fixture.sh DEST [--full-config] [--pids LIST] [--note TEXT]}
shift
full_config=0
pids=""
note=""
earlier=""
during=""
while (($#)); do
    case $1 in
    --full-config) full_config=1 ;;
    --pids) pids=$2; shift ;;
    --note) note=$2; shift ;;
    --earlier) earlier=$2; shift ;;
    --during) during=$2; shift ;;
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

# The memory hierarchy and the OOM counter files of each of its cgroups.
cgroot=/sys/fs/cgroup
if grep -qw memory "$cgroot/cgroup.controllers" 2>/dev/null; then
    event_files="memory.events memory.max"
else
    cgroot=/sys/fs/cgroup/memory
    event_files="memory.oom_control memory.failcnt memory.limit_in_bytes"
fi

earlier_seconds=""
earlier_kmsg_seq=""
if [[ -n $earlier ]]; then
    mkdir -p "$dest/wired-earlier/proc/pressure"
    t0=$(date +%s.%N)
    cat /proc/vmstat >"$dest/wired-earlier/proc/vmstat"
    cat /proc/pressure/memory >"$dest/wired-earlier/proc/pressure/memory" 2>/dev/null || true
    if [[ -d $cgroot ]]; then
        find "$cgroot" -type d | while read -r d; do
            for f in $event_files; do
                if [[ -r $d/$f ]]; then mkdir -p "$dest/wired-earlier$d" && cat "$d/$f" >"$dest/wired-earlier$d/$f"; fi
            done
        done
    fi
    if [[ -r /dev/kmsg ]]; then
        earlier_kmsg_seq=$(dd if=/dev/kmsg iflag=nonblock bs=8192 2>/dev/null | grep -a -v '^ ' | tail -1 | cut -d, -f2 || true)
    fi
    during_pid=""
    if [[ -n $during ]]; then bash -c "$during" >/dev/null 2>&1 & during_pid=$!; fi
    sleep "$earlier"
    [[ -n $during_pid ]] && wait "$during_pid" 2>/dev/null || true
    t1=$(date +%s.%N)
    cat /proc/vmstat >"$dest/proc-vmstat.now"
    earlier_seconds=$(awk "BEGIN { printf \"%.3f\", $t1 - $t0 }")
fi

for f in /proc/meminfo /proc/vmstat /proc/zoneinfo /proc/swaps /proc/pressure/memory /proc/uptime \
    /proc/sys/kernel/hostname /proc/sys/kernel/osrelease /proc/sys/kernel/arch \
    /proc/sys/kernel/random/boot_id /sys/devices/system/cpu/possible /sys/kernel/kexec_crash_size \
    /sys/firmware/dmi/tables/DMI /proc/stat /proc/mounts; do
    copy "$f"
done

# The main vmstat sample is the one taken right after the wait.
if [[ -n $earlier ]]; then mv "$dest/proc-vmstat.now" "$dest/proc/vmstat"; fi

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

# Kernel log: only the line that sizes the per-CPU first chunk, and the OOM killer's reports (/dev/kmsg record
# format), the older ones included: earlier_kmsg_seq tells those of the interval.
if [[ -r /dev/kmsg ]]; then
    log=$(dd if=/dev/kmsg iflag=nonblock bs=8192 2>/dev/null || true)
    line=$(grep -a -m1 'percpu: .* pages/cpu' <<<"$log" || true)
    oom=$(grep -a -v '^ ' <<<"$log" | grep -a -E ';(oom-kill:|.*[Oo]ut of memory|.*Kill(ed)? process )' || true)
    if [[ -n $line$oom ]]; then
        mkdir -p "$dest/dev"
        { [[ -z $line ]] || echo "$line"; [[ -z $oom ]] || echo "$oom"; } >"$dest/dev/kmsg"
    fi
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

# Owners: slab caches and their reclaim flags, SysV segments, vmalloc callers (addresses zeroed).
copy /proc/slabinfo
copy /proc/sysvipc/shm
if [[ -r /proc/slabinfo ]]; then
    for name in $(awk 'NR > 2 && $15 > 0 {print $1}' /proc/slabinfo); do copy "/sys/kernel/slab/$name/reclaim_account"; done
fi
if [[ -r /proc/vmallocinfo ]]; then
    sed -E 's/^0x[0-9a-f]+-0x[0-9a-f]+/0x0-0x0/; s/ (phys|caller)=0x[0-9a-f]+//g' /proc/vmallocinfo >"$dest/proc/vmallocinfo"
fi
# Evidence for the unexplained line: loaded modules, the task count, the ZFS ARC, the NVIDIA driver, and of
# the kernel command line only the crash kernel it asks for.
for f in /proc/modules /proc/loadavg /proc/spl/kstat/zfs/arcstats /proc/driver/nvidia/version; do copy "$f"; done
crash=$(tr ' ' '\n' </proc/cmdline | grep '^crashkernel=' | tr '\n' ' ' || true)
if [[ -n $crash ]]; then echo "${crash% }" >"$dest/proc/cmdline"; fi
# Memory cgroups (v2 unified, or the v1 memory controller), with their OOM counters.
if [[ $cgroot == /sys/fs/cgroup ]]; then
    copy "$cgroot/cgroup.controllers"
    files="memory.stat memory.current cgroup.procs $event_files"
else
    files="memory.stat memory.usage_in_bytes memory.kmem.usage_in_bytes cgroup.procs $event_files"
fi
if [[ -r $cgroot/memory.stat ]]; then
    find "$cgroot" -type d | while read -r d; do for f in $files; do copy "$d/$f"; done; done
fi
# Use of tmpfs, ramfs and hugetlbfs mounts: a captured tree cannot be statfs'd later.
: >"$dest/wired-statfs.txt"
awk '$3 ~ /^(tmpfs|ramfs|hugetlbfs|devtmpfs)$/ {print $2}' /proc/mounts | sort -u | while read -r m; do
    m=$(printf '%b' "${m//\\040/ }")
    read -r blocks free bsize < <(stat -f -c '%b %f %S' "$m" 2>/dev/null) || continue
    printf '%s\t%s\t%s\n' "$m" $(((blocks - free) * bsize)) $((blocks * bsize)) >>"$dest/wired-statfs.txt"
done
# GPUs: sysfs counters.
for d in /sys/class/drm/card[0-9]*; do
    [[ -d $d/device ]] || continue
    for f in uevent mem_info_vram_total mem_info_vram_used mem_info_gtt_total mem_info_gtt_used; do copy "$d/device/$f"; done
done

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
    # The fdinfo of DRM descriptors (GPU clients), nothing else from /proc/PID/fd.
    for fd in /proc/$p/fd/*; do
        [[ $(readlink "$fd" 2>/dev/null) == /dev/dri/* ]] && copy "/proc/$p/fdinfo/${fd##*/}"
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
    [[ -n $earlier_seconds ]] && echo "earlier_seconds=$earlier_seconds"
    [[ -n $earlier_kmsg_seq ]] && echo "earlier_kmsg_seq=$earlier_kmsg_seq"
    for f in "${unreadable[@]}"; do echo "unreadable=$f"; done
    [[ -n $note ]] && echo "note=$note"
} >"$dest/wired-capture.txt"
echo "capture-fixture.sh: wrote $(find "$dest" -type f | wc -l) files to $dest"
