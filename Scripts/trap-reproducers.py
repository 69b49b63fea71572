#!/usr/bin/env python3
"""Trap reproducers: damaged copies of the fixture trees, snapshot files and macOS captures, run through
the wired binary; counts the inputs that trap (exit 132/133/134/135/136/139) or hang, by class.

    Scripts/trap-reproducers.py [WIRED [RESULTS]]     (default .build/debug/wired, /tmp/wired-traps.txt)

Each class is one kind of damage the tests in Tests/*/OutOfRange*, Absurd*, Impossible* and Damaged* also
cover; this script runs many more variants of each through every view (status, top, owners, --json, diff).
"""
import gzip, json, os, re, shutil, subprocess, sys, tempfile, struct
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else f"{ROOT}/.build/debug/wired"
FIX = f"{ROOT}/Tests/WiredLinuxTests/Fixtures"
MAC = f"{ROOT}/Tests/WiredDarwinTests/Fixtures"
TRAPS = {132, 133, 134, 135, 136, 139}
results = []
BIG = ["9223372036854775807", "9223372036854775806", "9007199254740993", "4611686018427387904",
       "18446744073709551615", "18446744073709551612", "-1", "-9223372036854775808", "8000000000000000"]

def run(args, timeout=20):
    try:
        p = subprocess.run([W] + args, capture_output=True, timeout=timeout)
        return p.returncode if p.returncode >= 0 else 128 - p.returncode, p.stderr.decode(errors="replace")[-300:]
    except subprocess.TimeoutExpired:
        return "hang", ""

def tree(fixture):
    d = tempfile.mkdtemp(prefix="wired-repro-")
    shutil.copytree(f"{FIX}/{fixture}", d, dirs_exist_ok=True)
    return d

def sub(path, pattern, repl, count=1):
    text = open(path).read()
    new = re.sub(pattern, repl, text, count=count, flags=re.M)
    open(path, "w").write(new)

def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, mode).write(text)

def record(cls, name, statuses):
    trapped = [c for c, s in statuses if s in TRAPS or s == "hang"]
    results.append((cls, name, trapped, statuses))

def case_tree(cls, name, fixture, mutate, commands=(["status"], ["top"], ["owners", "--all"], ["status", "--json"], ["top", "--json"])):
    d = tree(fixture)
    mutate(d)
    st = []
    for c in commands:
        s, err = run(c + ["--root", d])
        st.append((" ".join(c), s))
    record(cls, name, st)
    shutil.rmtree(d)

# ---- class: system files
def meminfo(field, value, fixture="vm-6.18-idle", unit=" kB"):
    return lambda d: sub(f"{d}/proc/meminfo", rf"^{re.escape(field)}:.*$", f"{field}: {value}{unit}")

for f in ["MemTotal", "MemFree", "Active(file)", "Inactive(file)", "Dirty", "Shmem", "SwapTotal", "SwapFree",
          "Percpu", "VmallocUsed", "KernelStack", "Active(anon)", "Unevictable", "Mlocked", "AnonPages", "SReclaimable", "MemAvailable", "Hugetlb"]:
    for v in ["9007199254740993", "8000000000000000"]:
        case_tree("meminfo", f"{f}={v}kB", "vm-6.18-idle", meminfo(f, v))
for f, v in [("HugePages_Total", "9223372036854775807"), ("HugePages_Free", "9223372036854775807"), ("Hugepagesize", "9007199254740993")]:
    case_tree("meminfo", f"{f}={v}", "vm-6.18-hugepages", meminfo(f, v, unit=" kB" if f == "Hugepagesize" else ""))
# meminfo hugepage fallback: remove sysfs pools
def no_pools_huge(d):
    shutil.rmtree(f"{d}/sys/kernel/mm/hugepages")
    sub(f"{d}/proc/meminfo", r"^HugePages_Total:.*$", "HugePages_Total: 9223372036854775807")
    sub(f"{d}/proc/meminfo", r"^Hugetlb:.*\n", "")
case_tree("meminfo", "HugePages_Total huge, no sysfs pools", "vm-6.18-hugepages", no_pools_huge)

def vmstat(field, value, fixture_file="proc/vmstat"):
    def m(d):
        p = f"{d}/{fixture_file}"
        text = open(p).read()
        if re.search(rf"^{field} ", text, re.M):
            sub(p, rf"^{field} .*$", f"{field} {value}")
        else:
            open(p, "a").write(f"{field} {value}\n")
    return m
for f in ["nr_memmap_pages", "nr_memmap_boot_pages", "nr_zspages", "nr_isolated_anon", "nr_kernel_misc_reclaimable", "nr_balloon_pages", "oom_kill"]:
    for v in ["-1", "4611686018427387904", "9223372036854775807"]:
        case_tree("vmstat", f"{f}={v}", "vm-6.18-idle", vmstat(f, v))

def zone_count(v):
    return lambda d: sub(f"{d}/proc/zoneinfo", r"^(\s+count:\s+)\d+", rf"\g<1>{v}", count=0)
for v in ["9223372036854775807", "4611686018427387904", "-9223372036854775808"]:
    case_tree("zoneinfo", f"count:={v}", "vm-6.18-idle", zone_count(v))
for key in ["present", "low", "high", "managed"]:
    case_tree("zoneinfo", f"{key}=max", "old-kernel-edited", lambda d, key=key: sub(f"{d}/proc/zoneinfo", rf"^(\s+{key}\s+)\d+", r"\g<1>9223372036854775807", count=0))

def swaps(size, used):
    return lambda d: write(f"{d}/proc/swaps", f"Filename Type Size Used Priority\n/swapfile file {size} {used} -2\n")
for s_, u_ in [("9223372036854775807", "0"), ("9007199254740993", "9007199254740993"), ("100", "-5")]:
    case_tree("swaps", f"size={s_} used={u_}", "vm-6.18-swapfile-zswap", swaps(s_, u_))

for txt in ["0-9223372036854775807", "0-4611686018427387904,0-4611686018427387904", "0-1000000000000"]:
    case_tree("cpu/possible", txt, "vm-6.18-idle", lambda d, t=txt: write(f"{d}/sys/devices/system/cpu/possible", t + "\n"))

def kmsg(pages):
    return lambda d: sub(f"{d}/dev/kmsg", r"Embedded \d+ pages/cpu", f"Embedded {pages} pages/cpu")
for v in ["9223372036854775807", "4503599627370496", "-5"]:
    case_tree("kmsg percpu", v, "vm-6.18-idle", kmsg(v))

for v in ["7fffffffffffffff", "4000000000000", "0"]:
    case_tree("memory block", v, "vm-6.18-idle", lambda d, v=v: write(f"{d}/sys/devices/system/memory/block_size_bytes", v + "\n"))

def memmap(start, end, n=1):
    def m(d):
        base = f"{d}/sys/firmware/memmap"
        for i in range(n):
            write(f"{base}/9{i}/start", start + "\n"); write(f"{base}/9{i}/end", end + "\n"); write(f"{base}/9{i}/type", "System RAM\n")
    return m
case_tree("firmware memmap", "0..7fff…", "vm-6.18-idle", memmap("0x0", "0x7fffffffffffffff"))
case_tree("firmware memmap", "3×0..4000…", "vm-6.18-idle", memmap("0x0", "0x4000000000000000", 3))

def huge(fname, v, size="2048kB"):
    return lambda d: write(f"{d}/sys/kernel/mm/hugepages/hugepages-{size}/{fname}", v + "\n")
for fname in ["nr_hugepages", "free_hugepages", "resv_hugepages", "surplus_hugepages"]:
    for v in ["9223372036854775807", "4503599627370496", "-7"]:
        case_tree("hugepages", f"{fname}={v}", "vm-6.18-hugepages", huge(fname, v))
case_tree("hugepages", "free>total", "vm-6.18-hugepages", huge("free_hugepages", "100000"))
def huge_dir(name):
    def m(d):
        base = f"{d}/sys/kernel/mm/hugepages"
        os.makedirs(f"{base}/{name}")
        write(f"{base}/{name}/nr_hugepages", "4\n"); write(f"{base}/{name}/free_hugepages", "1\n")
    return m
for name in ["hugepages-9223372036854775807kB", "hugepages-9007199254740992kB", "hugepages--4kB"]:
    case_tree("hugepages dir", name, "vm-6.18-hugepages", huge_dir(name))

def dmi(devices, extended=0x7FFFFFFF):
    def m(d):
        out = bytearray()
        for i in range(devices):
            s = bytearray(0x28); s[0] = 17; s[1] = 0x28; s[2:4] = struct.pack("<H", i % 65536)
            s[0x0C:0x0E] = struct.pack("<H", 0x7FFF); s[0x1C:0x20] = struct.pack("<I", extended)
            out += s + b"\0\0"
        out += bytes([127, 4, 0, 0, 0, 0])
        os.makedirs(f"{d}/sys/firmware/dmi/tables", exist_ok=True)
        open(f"{d}/sys/firmware/dmi/tables/DMI", "wb").write(out)
    return m
for n in [4096, 5000, 100000]:
    case_tree("DMI", f"{n} DIMMs of 2 PiB", "vm-6.18-idle", dmi(n))

def capture(key, v):
    def m(d):
        p = f"{d}/wired-capture.txt"
        text = open(p).read()
        text = re.sub(rf"^{key}=.*\n", "", text, flags=re.M) + f"{key}={v}\n"
        open(p, "w").write(text)
    return m
for key, v in [("page_size", "9223372036854775807"), ("page_size", "4611686018427387904"), ("page_size", "3"), ("page_size", "-4096"),
               ("captured_at", "9223372036854775807"), ("captured_at", "-9223372036854775808"),
               ("earlier_seconds", "1e-300"), ("earlier_seconds", "inf"), ("earlier_seconds", "nan"), ("earlier_seconds", "1e308")]:
    case_tree("capture record", f"{key}={v}", "vm-6.18-pressure-swapping", capture(key, v))
case_tree("capture record", "uptime huge", "vm-6.18-idle", lambda d: write(f"{d}/proc/uptime", "1e308 5\n"))

def psi(line):
    return lambda d: write(f"{d}/proc/pressure/memory", line)
for line in ["some avg10=" + "9" * 400 + ".0 avg60=0 avg300=0 total=1\nfull avg10=0 avg60=0 avg300=0 total=1\n",
             "some avg10=0 avg60=" + "9" * 310 + " avg300=0 total=1\n",
             "some avg10=-1e5 avg60=0 avg300=0 total=-9223372036854775808\nfull avg10=0 avg60=0 avg300=0 total=9223372036854775807\n",
             "some avg10=0.00 avg60=0.00 avg300=0.00 total=9223372036854775807\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=9223372036854775807\n"]:
    case_tree("PSI", line[:40], "vm-6.18-pressure-swapping", psi(line))
def earlier_wrap(field, before, after):
    def m(d):
        for f, v in [("wired-earlier/proc/vmstat", before), ("proc/vmstat", after)]:
            vmstat(field, v, f)(d)
    return m
for field in ["pswpin", "pgpgin", "oom_kill", "allocstall_normal", "workingset_refault_anon", "pgmajfault", "zswpin"]:
    case_tree("counters wrap", f"{field} min→max", "vm-6.18-pressure-swapping", earlier_wrap(field, "-9223372036854775808", "9223372036854775807"))
    case_tree("counters wrap", f"{field} went back", "vm-6.18-pressure-swapping", earlier_wrap(field, "9223372036854775807", "0"))
def psi_wrap(d):
    write(f"{d}/wired-earlier/proc/pressure/memory", "some avg10=0 avg60=0 avg300=0 total=-9223372036854775808\nfull avg10=0 avg60=0 avg300=0 total=-9223372036854775808\n")
    write(f"{d}/proc/pressure/memory", "some avg10=0 avg60=0 avg300=0 total=9223372036854775807\nfull avg10=0 avg60=0 avg300=0 total=9223372036854775807\n")
case_tree("counters wrap", "PSI total min→max", "vm-6.18-pressure-swapping", psi_wrap)

# ---- class: process and owner files
import glob
def procs(fname, pattern, repl, count=0):
    def m(d):
        for p in glob.glob(f"{d}/proc/[0-9]*/{fname}"):
            sub(p, pattern, repl, count)
    return m
for key in ["Rss", "Pss", "Pss_Anon", "Pss_Shmem", "Private_Clean", "Private_Dirty", "Swap", "SwapPss", "Locked"]:
    case_tree("smaps_rollup", f"{key}=2^53 kB", "vm-6.18-processes", procs("smaps_rollup", rf"^{key}:(\s+)\d+", rf"{key}:\g<1>9007199254740993"))
case_tree("smaps_rollup", "Pss>Rss", "vm-6.18-processes", procs("smaps_rollup", r"^Pss:(\s+)\d+", r"Pss:\g<1>99999999"))
for key in ["VmRSS", "RssAnon", "RssShmem", "VmSwap", "VmPTE", "VmLck", "VmPin", "HugetlbPages", "Threads"]:
    case_tree("status", f"{key}=2^53", "vm-6.18-processes", procs("status", rf"^{key}:(\s+)\d+", rf"{key}:\g<1>9007199254740993"))
case_tree("status", "Threads=2^31", "vm-6.18-processes", procs("status", r"^Threads:(\s+)\d+", r"Threads:\g<1>2147483648"))
def stat_field(idx, v):
    def m(d):
        for p in glob.glob(f"{d}/proc/[0-9]*/stat"):
            t = open(p).read()
            close = t.rfind(")")
            fields = t[close + 2:].split(" ")
            if len(fields) > idx:
                fields[idx] = v
                open(p, "w").write(t[:close + 2] + " ".join(fields))
    return m
for idx, name in [(17, "num_threads"), (19, "starttime"), (1, "ppid")]:
    for v in ["2147483648", "9223372036854775807", "-9223372036854775808"]:
        case_tree("stat", f"{name}={v}", "vm-6.18-processes", stat_field(idx, v))
case_tree("stat", "btime huge", "vm-6.18-processes", lambda d: sub(f"{d}/proc/stat", r"^btime .*$", "btime 9223372036854775807"))
case_tree("stat", "btime negative", "vm-6.18-processes", lambda d: sub(f"{d}/proc/stat", r"^btime .*$", "btime -9223372036854775808"))

def slab(col, v):
    def m(d):
        p = f"{d}/proc/slabinfo"
        lines = open(p).read().split("\n")
        out = []
        for l in lines:
            parts = l.split()
            if len(parts) > 14 and not l.startswith("#") and not l.startswith("slabinfo"):
                parts[col] = v
                l = " ".join(parts)
            out.append(l)
        open(p, "w").write("\n".join(out))
    return m
for col, name in [(1, "active_objs"), (2, "num_objs"), (3, "objsize"), (5, "pagesperslab"), (14, "num_slabs")]:
    for v in ["9223372036854775807", "4294967296"]:
        case_tree("slabinfo", f"{name}={v}", "vm-6.18-owners", slab(col, v))
def vmalloc(v):
    return lambda d: sub(f"{d}/proc/vmallocinfo", r"^(0x[0-9a-f]+-0x[0-9a-f]+)\s+\d+", rf"\1 {v}", count=0)
for v in ["9223372036854775807", "4611686018427387904"]:
    case_tree("vmallocinfo", f"size={v}", "vm-6.18-owners", vmalloc(v))
def shm(col, v):
    def m(d):
        p = f"{d}/proc/sysvipc/shm"
        lines = open(p).read().split("\n")
        out = [lines[0]]
        for l in lines[1:]:
            parts = l.split()
            if len(parts) > col:
                parts[col] = v; l = " ".join(parts)
            out.append(l)
        open(p, "w").write("\n".join(out))
    return m
for col, name in [(3, "size"), (14, "rss"), (15, "swap"), (6, "nattch")]:
    for v in ["9223372036854775807", "-1"]:
        case_tree("sysv shm", f"{name}={v}", "vm-6.18-owners", shm(col, v))
def statfs(v1, v2):
    def m(d):
        p = f"{d}/wired-statfs.txt"
        lines = open(p).read().strip().split("\n")
        out = ["\t".join([l.split("\t")[0], v1, v2]) for l in lines]
        open(p, "w").write("\n".join(out) + "\n")
    return m
for v1, v2 in [("9223372036854775807", "9223372036854775807"), ("-1", "5"), ("4611686018427387904", "1")]:
    case_tree("statfs", f"{v1}/{v2}", "vm-6.18-owners", statfs(v1, v2))
def cgstat(key, v):
    def m(d):
        for p in glob.glob(f"{d}/sys/fs/cgroup/**/memory.stat", recursive=True):
            sub(p, rf"^{key} \d+", f"{key} {v}", count=0)
    return m
for key in ["anon", "file", "kernel", "slab", "shmem", "kernel_stack", "pagetables", "sock", "percpu", "rss", "cache", "total_rss", "total_cache", "total_shmem", "mapped_file", "unevictable", "total_unevictable"]:
    case_tree("memory.stat", f"{key}=max", "synthetic-owners-v2", cgstat(key, "9223372036854775807"))
    case_tree("memory.stat", f"{key}=max v1", "vm-6.18-owners", cgstat(key, "9223372036854775807"))
def cgfile(name, v):
    def m(d):
        for p in glob.glob(f"{d}/sys/fs/cgroup/**/{name}", recursive=True):
            write(p, v + "\n")
    return m
for name in ["memory.current", "memory.usage_in_bytes", "memory.kmem.usage_in_bytes"]:
    for fx in ["synthetic-owners-v2", "vm-6.18-owners"]:
        case_tree("memory.stat", f"{name}=max {fx}", fx, cgfile(name, "9223372036854775807"))

# ---- class: snapshots
def load_snapshot(path):
    data = open(path, "rb").read()
    nl = data.index(b"\n")
    return data[:nl + 1], json.loads(gzip.decompress(data[nl + 1:]))
def save_snapshot(path, header, obj):
    open(path, "wb").write(header + gzip.compress(json.dumps(obj).encode()))
base_snap = tempfile.mktemp(suffix=".wired")
subprocess.run([W, "snapshot", "--root", f"{FIX}/vm-6.18-owners", "-o", base_snap], capture_output=True)
hp_snap = tempfile.mktemp(suffix=".wired")
subprocess.run([W, "snapshot", "--root", f"{FIX}/vm-6.18-pressure-swapping", "-o", hp_snap], capture_output=True)
def case_snapshot(name, mutate, base=base_snap):
    header, obj = load_snapshot(base)
    mutate(obj)
    p = tempfile.mktemp(suffix=".wired")
    save_snapshot(p, header, obj)
    st = []
    for c in [["status"], ["status", "--json"], ["top"], ["owners", "--all"], ["top", "--json"]]:
        s, _ = run(c + ["--from", p]); st.append((" ".join(c), s))
    s, _ = run(["diff", base, p]); st.append(("diff a b", s))
    s, _ = run(["diff", p, base]); st.append(("diff b a", s))
    record("snapshot", name, st)
    os.remove(p)
def setp(path, v):
    def m(obj):
        o = obj
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = v
    return m
S = ["snapshot"]
for v in [9223372036854775807, 9223372036854775000, -9223372036854775808, 4611686018427387904]:
    case_snapshot(f"MemFree={v}", setp(S + ["linux", "meminfo", "MemFree"], v))
    case_snapshot(f"MemTotal={v}", setp(S + ["linux", "meminfo", "MemTotal"], v))
    case_snapshot(f"pageSize={v}", setp(S + ["meta", "pageSize"], v))
    case_snapshot(f"slab bytes={v}", lambda o, v=v: [c.__setitem__("bytes", v) for c in o["snapshot"]["owners"]["slabCaches"][:3]])
    case_snapshot(f"vmstat nr_memmap_boot_pages={v}", setp(S + ["linux", "vmstat", "nr_memmap_boot_pages"], v))
    case_snapshot(f"takenAt={v}", setp(S + ["meta", "takenAt", "seconds"], v))
    case_snapshot(f"process rss={v}", lambda o, v=v: [p.__setitem__("rss", v) for p in o["processes"][:5]])
    case_snapshot(f"process pss={v}", lambda o, v=v: [p["smaps"].__setitem__("pss", v) for p in o["processes"] if "smaps" in p][:5])
    case_snapshot(f"zone perCPUFree={v}", lambda o, v=v: [z.__setitem__("perCPUFree", v) for z in o["snapshot"]["linux"]["zones"]])
    case_snapshot(f"installed dmiBytes={v}", setp(S + ["linux", "installed", "dmiBytes"], v))
    case_snapshot(f"percpuFirstChunkBytes={v}", setp(S + ["linux", "percpuFirstChunkBytes"], v))
    case_snapshot(f"cgroup current={v}", lambda o, v=v: [g.__setitem__("current", v) for g in o["snapshot"]["owners"]["cgroups"]["groups"]])
    case_snapshot(f"sysv rss={v}", lambda o, v=v: [g.__setitem__("rss", v) for g in o["snapshot"]["owners"]["sysvSegments"]])
    case_snapshot(f"uptime={v}", setp(S + ["meta", "uptimeSeconds"], float(v)))
    case_snapshot(f"hugepage total={v}", lambda o, v=v: [g.__setitem__("total", v) for g in o["snapshot"]["linux"]["hugepagePools"]])
    case_snapshot(f"earlier vmstat pswpin={v}", lambda o, v=v: o["snapshot"]["linux"]["earlier"]["vmstat"].__setitem__("pswpin", v), base=hp_snap)
    case_snapshot(f"earlier seconds={v}", lambda o, v=v: o["snapshot"]["linux"]["earlier"].__setitem__("secondsBefore", float(v)), base=hp_snap)
    case_snapshot(f"psi total={v}", lambda o, v=v: o["snapshot"]["linux"]["pressure"]["some"].__setitem__("totalMicroseconds", v), base=hp_snap)
case_snapshot("threads=2^31-1", lambda o: [p.__setitem__("threads", 2147483647) for p in o["processes"][:3]])
case_snapshot("psi avg10=1e308", lambda o: o["snapshot"]["linux"]["pressure"]["some"].__setitem__("avg10", 1e308), base=hp_snap)
case_snapshot("ticksPerSecond=0", lambda o: o["snapshot"]["processes"].__setitem__("ticksPerSecond", 0))
case_snapshot("ticksPerSecond=-1", lambda o: o["snapshot"]["processes"].__setitem__("ticksPerSecond", -1))
case_snapshot("bootTime=max", lambda o: o["snapshot"]["processes"].__setitem__("bootTime", 9223372036854775807))
case_snapshot("startTime=max", lambda o: [p.__setitem__("startTime", 18446744073709551615) for p in o["processes"][:3]])

# ---- class: macOS captures
def case_mac(name, mutate, base="handmade-m2-after"):
    d = tempfile.mkdtemp(prefix="wired-mac-")
    shutil.copytree(f"{MAC}/{base}", d, dirs_exist_ok=True)
    mutate(d)
    st = []
    for c in [["status"], ["status", "--json"], ["top"], ["owners", "--all"]]:
        s, _ = run(c + ["--from", d]); st.append((" ".join(c), s))
    s, _ = run(["diff", f"{MAC}/handmade-m2-before", d]); st.append(("diff", s))
    record("macOS", name, st)
    shutil.rmtree(d)
def mac_sub(fname, pattern, repl, count=1):
    return lambda d: sub(f"{d}/{fname}", pattern, repl, count)
for v in ["9223372036854775807", "4611686018427387904", "18446744073709551615"]:
    for key in ["Pages free", "Pages active", "Pages wired down", "Pages occupied by compressor", "Pages stored in compressor", "Swapins", "Pageouts", "Pages purgeable"]:
        case_mac(f"vm_stat {key}={v}", mac_sub("vm_stat.txt", rf"^({re.escape(key)}:\s+)\d+", rf"\g<1>{v}"))
    case_mac(f"vm_stat page size={v}", mac_sub("vm_stat.txt", r"page size of \d+ bytes", f"page size of {v} bytes"))
    for key in ["hw.memsize", "hw.pagesize", "vm.page_pageable_internal_count", "kern.memorystatus_level", "hw.memsize_usable", "vm.swapusage"]:
        case_mac(f"sysctl {key}={v}", lambda d, key=key, v=v: sub(f"{d}/sysctl.txt", rf"^{re.escape(key)}: .*$", f"{key}: {v}") if re.search(rf"^{re.escape(key)}:", open(f"{d}/sysctl.txt").read(), re.M) else open(f"{d}/sysctl.txt", "a").write(f"{key}: {v}\n"))
    case_mac(f"footprint numbers={v}", mac_sub("footprint.txt", r"(\s)\d+(\s+(B|KB|MB|GB))", rf"\g<1>{v}\2", 0))
    case_mac(f"top numbers={v}", mac_sub("top.txt", r"\b\d+([MGK])\b", rf"{v}\1", 0))
    case_mac(f"zprint numbers={v}", mac_sub("zprint.txt", r"(\s)\d+([KMG]?)(\s)", rf"\g<1>{v}\2\3", 0))
    case_mac(f"kextstat numbers={v}", mac_sub("kextstat.txt", r"0x[0-9a-f]+(\s+)0x[0-9a-f]+", rf"0x{int(v) % (1<<64):x}\g<1>0x{int(v) % (1<<64):x}", 0))
case_mac("sysctl swapusage huge", lambda d: open(f"{d}/sysctl.txt", "a").write("vm.swapusage: total = 9999999999999999999.00M  used = 9999999999999999999.00M  free = 0.00M  (encrypted)\n"))
case_mac("top 1e300", mac_sub("top.txt", r"\b\d+([MGK])\b", "9" * 300 + r"\1", 0))
case_mac("footprint 1e300", mac_sub("footprint.txt", r"(\s)\d+(\s+(B|KB|MB|GB))", r"\g<1>" + "9" * 300 + r"\2", 0))

os.remove(base_snap)
os.remove(hp_snap)

# ---- report
from collections import defaultdict
by = defaultdict(lambda: [0, 0])
for cls, name, trapped, st in results:
    by[cls][0] += 1
    by[cls][1] += 1 if trapped else 0
print(f"{'class':18} inputs trapped (or hung)")
for cls, (n, t) in by.items():
    print(f"{cls:18} {n:6} {t:7}")
print(f"{'total':18} {sum(v[0] for v in by.values()):6} {sum(v[1] for v in by.values()):7}")
with open(sys.argv[2] if len(sys.argv) > 2 else "/tmp/wired-traps.txt", "w") as f:
    for cls, name, trapped, st in results:
        f.write(f"{cls}\t{name}\t{'TRAP ' + ','.join(trapped) if trapped else 'ok'}\t{st}\n")
