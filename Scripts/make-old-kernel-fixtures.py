#!/usr/bin/env python3
"""Writes the /proc trees of issue 11's old and unusual kernels into Tests/WiredLinuxTests/Fixtures.

Nine machines we do not have (Ubuntu 12.04 on 3.2, an Android phone on 3.4, a MIPS router on 4.1, an
aarch64 board on 4.4, Debian 11, CentOS Stream 9, RHEL 8 on Hyper-V with a ballooned-out guest, a ZFS file
server and an NVIDIA laptop) plus one tree whose files contradict each other (an LXCFS container). Each tree
is derived from one set of numbers (the machine's "truth"), so every file agrees with every other one: the
meminfo buckets plus the intended remainder sum to MemTotal, vmstat page counts are meminfo kB / 4,
Σ zoneinfo managed = MemTotal (3.8+), Σ threads + CPUs − 1 = KernelStack / stack size, vmallocinfo pages=
add up to VmallocUsed where the kernel reports it, and so on. The formats follow each kernel version as its
source prints them; Tests/WiredLinuxTests/Fixtures/<tree>/README.md says what the tree imitates, what was
checked against which source or genuine sample, and the expected ledger with its arithmetic.

Usage: Scripts/make-old-kernel-fixtures.py (plain Python 3; rewrites only the trees it owns).
"""
import hashlib
import math
import os
import shutil

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "WiredLinuxTests", "Fixtures")
PAGE_KB = 4

# ---------------------------------------------------------------------------------------------------
# Formats



def kb_line(key, value):
    """A meminfo line: `Key:` padded to 16 columns, the number right-aligned in 8, ` kB`.

    fs/proc/meminfo.c prints "MemTotal:       %8lu kB" (3.x) or show_val_kb() with the same padding (4.x+);
    HardwareCorrupted has its own "HardwareCorrupted: %5lu kB".
    """
    if key == "HardwareCorrupted":
        return f"HardwareCorrupted: {value:>5} kB\n"
    return f"{key + ':':<16}{value:>8} kB\n"


def count_line(key, value):
    """HugePages_Total and friends: "HugePages_Total:   %5lu" (no unit)."""
    return f"{key + ':':<16}{value:>8}\n"


def meminfo(pairs):
    """pairs: (key, value) in kB, or (key, value, 'count') for the HugePages_* page counts."""
    out = []
    for item in pairs:
        if len(item) == 3:
            out.append(count_line(item[0], item[1]))
        else:
            out.append(kb_line(item[0], item[1]))
    return "".join(out)


def fls(x):
    return x.bit_length()


def stat_threshold(managed_pages, cpus, page_shift=12):
    """mm/vmstat.c calculate_normal_threshold(): 2 * fls(cpus) * (1 + fls(mem)), mem in 128 MiB units, ≤ 125."""
    mem = managed_pages >> (27 - page_shift)
    return min(125, 2 * fls(cpus) * (1 + fls(mem)))


def batchsize(managed_pages):
    """mm/page_alloc.c zone_batchsize() (4 KiB pages): managed/1024 capped at 256 KiB worth, then 2^n − 1."""
    batch = min(managed_pages // 1024, (256 * 1024) // 4096)
    batch //= 4
    if batch < 1:
        batch = 1
    batch = 1 << (fls(batch + batch // 2) - 1)
    return batch - 1


def watermarks(zones, era_scale_factor, thp=False):
    """min/low/high per zone (pages), as __setup_per_zone_wmarks() sets them.

    min_free_kbytes = sqrt(lowmem_kbytes * 16), clamped to [128, 65536] (init_per_zone_wmark_min);
    lowmem zones share it by size, highmem gets managed/1024 clamped to [32, 128].
    With THP, khugepaged raises min_free_kbytes to its recommendation. Before 4.6 low = min + min/4 and high = min + min/2; from 4.6 the gap is
    max(min/4, managed * watermark_scale_factor(10) / 10000).
    """
    base = lambda z: z["managed"] if z.get("managed") is not None else z["present"]
    lowmem = sum(base(z) for z in zones if not z["highmem"]) * 4
    min_free_kbytes = max(128, min(65536, int(math.sqrt(lowmem * 16))))
    if thp:
        # khugepaged's set_recommended_min_free_kbytes(): 2 + MIGRATE_PCPTYPES² pageblocks per populated zone
        # (the familiar 67584 kB with three zones), at most 5% of lowmem.
        recommended = 512 * len(zones) * (2 + 9) * 4
        min_free_kbytes = max(min_free_kbytes, min(recommended, lowmem * 5 // 100))
    pages_min = min_free_kbytes // 4
    low_pages = sum(base(z) for z in zones if not z["highmem"])
    for z in zones:
        b = base(z)
        if z["highmem"]:
            wmin = max(32, min(128, b // 1024))
        else:
            wmin = pages_min * b // low_pages
        if era_scale_factor:
            gap = max(wmin // 4, b * 10 // 10000)
            z["min"], z["low"], z["high"] = wmin, wmin + gap, wmin + 2 * gap
        else:
            z["min"], z["low"], z["high"] = wmin, wmin + wmin // 4, wmin + wmin // 2
    return min_free_kbytes


def lowmem_reserve(zones, all_zone_names, ratios):
    """zone->lowmem_reserve[j] for every zone slot j: Σ pages of the zones above up to j, ÷ this zone's ratio."""
    names = [z["name"] for z in zones]
    size = {z["name"]: (z["managed"] if z.get("managed") is not None else z["present"]) for z in zones}
    out = {}
    for i, zi in enumerate(all_zone_names):
        row = []
        for j, zj in enumerate(all_zone_names):
            if j <= i:
                row.append(0)
            else:
                total = sum(size.get(all_zone_names[k], 0) for k in range(i + 1, j + 1))
                ratio = ratios[i]
                row.append(total // ratio if ratio else 0)
        out[zi] = row
    return out


def totalreserve_pages(zones, reserve):
    """calculate_totalreserve_pages(): Σ over zones of (max lowmem_reserve + high watermark), capped at the zone."""
    total = 0
    for z in zones:
        m = max(reserve[z["name"]]) + z["high"]
        cap = z["managed"] if z.get("managed") is not None else z["present"]
        total += min(m, cap)
    return total


def mem_available(free_kb, file_lru_kb, sreclaimable_kb, misc_kb, zones, reserve):
    """si_mem_available() (3.14+): free − totalreserve + page cache and reclaimable slab, each less
    min(half, Σ low watermarks). 4.20+ adds KReclaimable's non-slab part to the slab term."""
    wmark_low = sum(z["low"] for z in zones) * 4
    available = free_kb - totalreserve_pages(zones, reserve) * 4
    pagecache = file_lru_kb
    pagecache -= min(pagecache // 2, wmark_low)
    available += pagecache
    reclaimable = sreclaimable_kb + misc_kb
    available += reclaimable - min(reclaimable // 2, wmark_low)
    return max(0, available)


# ---------------------------------------------------------------------------------------------------
# /proc/zoneinfo


def zone_header(z):
    return f"Node 0, zone {z['name']:>8}"


def zoneinfo_old(zones, zone_items, cpus, with_managed, trailer, smp=True):
    """3.x–4.7 layout (mm/vmstat.c zoneinfo_show_print): header lines, then the zone counters with four
    spaces, then protection, the per-CPU pagesets and the trailer. Only populated zones are printed.

    with_managed: 3.8+ prints "managed" after "present". trailer: lines after the pagesets.
    """
    out = []
    for z in zones:
        lines = [zone_header(z)]
        lines.append(f"  pages free     {z['stats']['nr_free_pages']}")
        lines.append(f"        min      {z['min']}")
        lines.append(f"        low      {z['low']}")
        lines.append(f"        high     {z['high']}")
        lines.append(f"        scanned  {z.get('scanned', 0)}")
        lines.append(f"        spanned  {z['spanned']}")
        lines.append(f"        present  {z['present']}")
        if with_managed:
            lines.append(f"        managed  {z['managed']}")
        for name in zone_items:
            lines.append(f"    {name:<12} {z['stats'].get(name, 0)}")
        lines.append("        protection: (" + ", ".join(str(v) for v in z["protection"]) + ")")
        lines.append("  pagesets")
        for cpu in range(cpus):
            lines.append(f"    cpu: {cpu}")
            lines.append(f"              count: {z['pcp'][cpu]}")
            lines.append(f"              high:  {z['pcp_high']}")
            lines.append(f"              batch: {z['pcp_batch']}")
            if smp:
                lines.append(f"  vm stats threshold: {z['threshold']}")
        for key, value in trailer(z):
            lines.append(f"  {key + ':':<19}{value}" if key != "all_unreclaimable" else f"  all_unreclaimable: {value}")
        out.append("\n".join(lines) + "\n")
    return "".join(out)


def old_trailer(z):
    """3.x–4.7: all_unreclaimable, start_pfn, inactive_ratio."""
    return [("all_unreclaimable", 0), ("start_pfn", z["start_pfn"]), ("inactive_ratio", z["inactive_ratio"])]


def zoneinfo_new(all_zones, node_items, node_stats, zone_items, numa_items, cpus, version):
    """4.8+ layout: the first populated zone carries "per-node stats" (six spaces); every zone slot is printed
    (4.13+), an unpopulated one only down to protection. "boost" (5.0+) follows "pages free"; "cma" (5.12+)
    follows "managed". Counters use six spaces; pagesets keep the count/high/batch form (before 6.7)."""
    out = []
    first = next(z for z in all_zones if z["present"] > 0)
    for z in all_zones:
        lines = [zone_header(z)]
        if z is first:
            lines.append("  per-node stats")
            for name in node_items:
                lines.append(f"      {name:<12} {node_stats.get(name, 0)}")
        lines.append(f"  pages free     {z['stats'].get('nr_free_pages', 0)}")
        if version >= (5, 0):
            lines.append("        boost    0")
        lines.append(f"        min      {z['min']}")
        lines.append(f"        low      {z['low']}")
        lines.append(f"        high     {z['high']}")
        lines.append(f"        spanned  {z['spanned']}")
        lines.append(f"        present  {z['present']}")
        lines.append(f"        managed  {z['managed']}")
        if version >= (5, 12):
            lines.append(f"        cma      {z.get('cma', 0)}")
        lines.append("        protection: (" + ", ".join(str(v) for v in z["protection"]) + ")")
        if z["present"] == 0:
            out.append("\n".join(lines) + "\n")
            continue
        for name in zone_items:
            lines.append(f"      {name:<12} {z['stats'].get(name, 0)}")
        for name in numa_items:
            lines.append(f"      {name:<12} {z['stats'].get(name, 0)}")
        lines.append("  pagesets")
        for cpu in range(cpus):
            lines.append(f"    cpu: {cpu}")
            lines.append(f"              count: {z['pcp'][cpu]}")
            lines.append(f"              high:  {z['pcp_high']}")
            lines.append(f"              batch: {z['pcp_batch']}")
            lines.append(f"  vm stats threshold: {z['threshold']}")
        lines.append("  node_unreclaimable:  0")
        lines.append(f"  start_pfn:           {z['start_pfn']}")
        out.append("\n".join(lines) + "\n")
    return "".join(out)


# ---------------------------------------------------------------------------------------------------
# /proc/PID files


def stat_line(p, nfields):
    """/proc/PID/stat: 44 fields before 3.3, 47 in 3.3–3.4 (start_data, end_data, start_brk), 52 from 3.5."""
    vsize = p["vsz_kb"] * 1024
    rss = p["rss_kb"] // 4
    f = [
        str(p["pid"]), f"({p['comm']})", p["state"], str(p["ppid"]), str(p["pgrp"]), str(p["session"]),
        str(p.get("tty", 0)), "-1", str(p["flags"]), str(p["minflt"]), "0", str(p["majflt"]), "0",
        str(p["utime"]), str(p["stime"]), "0", "0", str(p["prio"]), str(p["nice"]), str(p["threads"]), "0",
        str(p["start"]), str(vsize), str(rss),
        "18446744073709551615" if p["bits"] == 64 else "4294967295",
    ]
    if p["kthread"]:
        f += ["0", "0", "0", "0", "0", "0", "0", "2147483647", "0", "0", "0", "0", "17", str(p["cpu"]), "0", "0",
              "0", "0", "0"]
    else:
        f += [str(p["code"][0]), str(p["code"][1]), str(p["stack"]), "0", "0", "0", "0", str(p["sigign"]),
              str(p["sigcatch"]), "0", "0", "0", "17", str(p["cpu"]), "0", "0", "0", "0", "0"]
    assert len(f) == 44, len(f)
    if nfields >= 47:
        f += ["0", "0", "0"] if p["kthread"] else [str(p["data"][0]), str(p["data"][1]), str(p["brk"])]
    if nfields >= 52:
        f += ["0", "0", "0", "0", "0"] if p["kthread"] else [str(p["args"][0]), str(p["args"][1]),
                                                                 str(p["args"][1]), str(p["args"][2]), "0"]
    return " ".join(f) + "\n"


def statm_line(p):
    """size resident shared text lib data dt, in pages."""
    if p["kthread"]:
        return "0 0 0 0 0 0 0\n"
    size = p["vsz_kb"] // 4
    resident = p["rss_kb"] // 4
    shared = (p["file_kb"] + p["shmem_kb"]) // 4
    text = p["text_kb"] // 4
    data = p["data_kb"] // 4
    return f"{size} {resident} {shared} {text} 0 {data} 0\n"


def kb(v):
    return f"{v:>8} kB"


def status_text(p, version, cpus, cpus_list, mems_allowed, ngroups=""):
    """/proc/PID/status with the lines that kernel version prints (fs/proc/array.c); history as noted:
    Ngid 3.13, NStgid/NSpid/NSpgid/NSsid 4.1, CapAmb 4.3, HugetlbPages 4.4, RssAnon/RssFile/RssShmem 4.5,
    Umask 4.7, NoNewPrivs 4.10, CoreDumping 4.15, Speculation_Store_Bypass 4.17,
    SpeculationIndirectBranch 4.20, THP_enabled 5.0, Seccomp_filters 5.9. Kernel threads have no Vm lines."""
    lines = [f"Name:\t{p['comm']}"]
    if version >= (4, 7):
        lines.append("Umask:\t0022" if not p["kthread"] else "Umask:\t0000")
    state_words = {"S": "S (sleeping)", "R": "R (running)", "D": "D (disk sleep)", "I": "I (idle)"}
    lines.append(f"State:\t{state_words[p['state']]}")
    lines.append(f"Tgid:\t{p['pid']}")
    if version >= (3, 13):
        lines.append("Ngid:\t0")
    lines.append(f"Pid:\t{p['pid']}")
    lines.append(f"PPid:\t{p['ppid']}")
    lines.append("TracerPid:\t0")
    u = p["uid"]
    lines.append(f"Uid:\t{u}\t{u}\t{u}\t{u}")
    lines.append(f"Gid:\t{u}\t{u}\t{u}\t{u}")
    lines.append(f"FDSize:\t{p.get('fdsize', 64)}")
    lines.append(f"Groups:\t{ngroups}")
    if version >= (4, 1):
        lines.append(f"NStgid:\t{p['pid']}")
        lines.append(f"NSpid:\t{p['pid']}")
        lines.append(f"NSpgid:\t{p['pgrp']}")
        lines.append(f"NSsid:\t{p['session']}")
    if not p["kthread"]:
        lines.append(f"VmPeak:\t{kb(p['vsz_kb'] + p['vsz_kb'] // 16)}")
        lines.append(f"VmSize:\t{kb(p['vsz_kb'])}")
        lines.append(f"VmLck:\t{kb(p['lck_kb'])}")
        if version >= (3, 2):
            lines.append(f"VmPin:\t{kb(0)}")
        lines.append(f"VmHWM:\t{kb(p['rss_kb'] + p['rss_kb'] // 10)}")
        lines.append(f"VmRSS:\t{kb(p['rss_kb'])}")
        if version >= (4, 5):
            lines.append(f"RssAnon:\t{kb(p['anon_kb'])}")
            lines.append(f"RssFile:\t{kb(p['file_kb'])}")
            lines.append(f"RssShmem:\t{kb(p['shmem_kb'])}")
        lines.append(f"VmData:\t{kb(p['data_kb'])}")
        lines.append(f"VmStk:\t{kb(132)}")
        lines.append(f"VmExe:\t{kb(p['text_kb'])}")
        lines.append(f"VmLib:\t{kb(p['lib_kb'])}")
        lines.append(f"VmPTE:\t{kb(p['pte_kb'])}")
        if version < (4, 15):
            # VmPMD was printed 4.0–4.14.
            if version >= (4, 0):
                lines.append(f"VmPMD:\t{kb(12 if p['bits'] == 64 else 0)}")
        lines.append(f"VmSwap:\t{kb(p['swap_kb'])}")
        if version >= (4, 4):
            lines.append(f"HugetlbPages:\t{kb(p.get('hugetlb_kb', 0))}")
    if version >= (4, 15):
        lines.append("CoreDumping:\t0")
    if version >= (5, 0) and not p["kthread"]:
        lines.append("THP_enabled:\t1")
    lines.append(f"Threads:\t{p['threads']}")
    lines.append("SigQ:\t0/31457")
    lines.append("SigPnd:\t0000000000000000")
    lines.append("ShdPnd:\t0000000000000000")
    lines.append("SigBlk:\t0000000000000000")
    lines.append(f"SigIgn:\t{p['sigign']:016x}")
    lines.append(f"SigCgt:\t{p['sigcatch']:016x}")
    cap = "0000003fffffffff" if version < (5, 8) else "000001ffffffffff"
    lines.append("CapInh:\t0000000000000000")
    lines.append(f"CapPrm:\t{cap if p['uid'] == 0 else '0000000000000000'}")
    lines.append(f"CapEff:\t{cap if p['uid'] == 0 else '0000000000000000'}")
    lines.append(f"CapBnd:\t{cap}")
    if version >= (4, 3):
        lines.append("CapAmb:\t0000000000000000")
    if version >= (4, 10):
        lines.append("NoNewPrivs:\t0")
    if version >= (3, 8):
        lines.append("Seccomp:\t0")
    if version >= (5, 9):
        lines.append("Seccomp_filters:\t0")
    if version >= (4, 17):
        lines.append("Speculation_Store_Bypass:\tthread vulnerable")
    if version >= (4, 20):
        lines.append("SpeculationIndirectBranch:\tconditional enabled")
    mask = format((1 << cpus) - 1, "x")
    lines.append(f"Cpus_allowed:\t{mask}")
    lines.append(f"Cpus_allowed_list:\t{cpus_list}")
    lines.append(f"Mems_allowed:\t{mems_allowed}")
    lines.append("Mems_allowed_list:\t0")
    lines.append(f"voluntary_ctxt_switches:\t{p['vcsw']}")
    lines.append(f"nonvoluntary_ctxt_switches:\t{p['nvcsw']}")
    return "\n".join(lines) + "\n"


def smaps_rollup(p, version):
    """/proc/PID/smaps_rollup (4.14+); Pss_Anon/Pss_File/Pss_Shmem from 5.3, FilePmdMapped from 5.4."""
    rss = p["rss_kb"]
    pss_file = p["pss_file_kb"]
    pss_shmem = p["pss_shmem_kb"]
    pss = p["anon_kb"] + pss_file + pss_shmem
    private_dirty = p["anon_kb"]
    shared_clean = p["file_kb"] - p["private_file_kb"]
    rows = [("Rss", rss), ("Pss", pss)]
    if version >= (5, 3):
        rows += [("Pss_Anon", p["anon_kb"]), ("Pss_File", pss_file), ("Pss_Shmem", pss_shmem)]
    rows += [("Shared_Clean", shared_clean), ("Shared_Dirty", p["shmem_kb"]),
             ("Private_Clean", p["private_file_kb"]), ("Private_Dirty", private_dirty),
             ("Referenced", rss), ("Anonymous", p["anon_kb"]), ("LazyFree", 0),
             ("AnonHugePages", p.get("thp_kb", 0)), ("ShmemPmdMapped", 0)]
    if version >= (5, 4):
        rows.append(("FilePmdMapped", 0))
    rows += [("Shared_Hugetlb", 0), ("Private_Hugetlb", p.get("hugetlb_kb", 0)), ("Swap", p["swap_kb"]),
             ("SwapPss", p["swap_kb"]), ("Locked", p["lck_kb"])]
    start, end = p["rollup_range"]
    head = f"{start:x}-{end:x} ---p 00000000 00:00 0                          [rollup]\n"
    return head + "".join(f"{k + ':':<16}{v:>8} kB\n" for k, v in rows)


# ---------------------------------------------------------------------------------------------------
# /proc/vmallocinfo, /proc/slabinfo, /proc/swaps, /proc/modules


def vmallocinfo(areas, numa, version, page_kb=4):
    """One line per area: "0x%pK-0x%pK %7ld caller pages=N [phys=…] ioremap|vmalloc|vmap|user [vpages] [N0=N]".

    The size column includes the guard page. pages= is printed only when the area owns pages; " vpages" when
    its page array was itself vmalloc'd (more than a page of pointers); N0= on NUMA kernels. Addresses are
    zeroed as Scripts/capture-fixture.sh writes them. Before 4.12 phys= is "%llx"; from 4.12 "%pa"
    (0x-prefixed, and then removed by capture-fixture.sh's sed). 5.x also prints "unpurged vm_area" lines.
    """
    ptr_bytes = 8 if numa is not None else 4
    out = []
    for a in areas:
        if a.get("unpurged"):
            out.append(f"0x0-0x0 {a['size']:>7} unpurged vm_area\n")
            continue
        parts = [f"0x0-0x0 {a['size']:>7}"] + ([a["caller"]] if a.get("caller") else [])
        if a.get("pages"):
            parts.append(f"pages={a['pages']}")
        if a.get("phys") is not None and version < (4, 12):
            parts.append(f"phys={a['phys']:x}")
        parts.append(a["kind"])
        if a.get("pages") and a["pages"] * a.get("ptr_bytes", ptr_bytes) > page_kb * 1024:
            parts.append("vpages")
        if a.get("pages") and numa:
            parts.append(f"N0={a['pages']}")
        out.append(" ".join(parts) + "\n")
    return "".join(out)


def slabinfo(caches):
    """slabinfo - version: 2.1 (mm/slab_common.c). SLUB prints tunables 0 0 0 and sharedavail 0."""
    out = ["slabinfo - version: 2.1\n",
           "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> "
           "<batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"]
    for c in caches:
        out.append(f"{c['name']:<17} {c['active']:>6} {c['num']:>6} {c['objsize']:>6} {c['perslab']:>4} "
                   f"{c['pps']:>4} : tunables    0    0    0 : slabdata {c['slabs']:>6} {c['slabs']:>6}      0\n")
    return "".join(out)


def swaps(entries, version):
    """mm/swapfile.c swap_show(): the header gained a second tab before Used and Priority in 5.8 (unverified
    cut-off; 6.18 prints the wide form)."""
    wide = version >= (5, 8)
    head = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n" if wide else \
        "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"
    out = [head]
    for name, kind, size, used, prio in entries:
        pad = " " * (40 - len(name)) if len(name) < 40 else " "
        kind_text = "partition" if kind == "partition" else "file\t"
        sep = "\t\t" if wide else "\t"
        out.append(f"{name}{pad}{kind_text}\t{size}{sep}{used}{sep}{prio}\n")
    return "".join(out)


def modules(mods, bits=64):
    """/proc/modules: name size refcount holders state address [taint] (kernel/module.c m_show); the address
    is printed with %pK, all zeros for a reader without the right to see kernel addresses."""
    out = []
    for m in mods:
        name, size, refs, deps = m[0], m[1], m[2], m[3]
        taint = m[4] if len(m) > 4 else ""
        dep = ",".join(deps) + "," if deps else "-"
        addr = "0x" + "0" * (16 if bits == 64 else 8)
        out.append(f"{name} {size} {refs} {dep} Live {addr}{(' ' + taint) if taint else ''}\n")
    return "".join(out)


# ---------------------------------------------------------------------------------------------------
# vmstat_text names per era (mm/vmstat.c): gauges, then thresholds, then events.
def zones_events(prefix, zones):
    return [f"{prefix}_{z}" for z in zones]

G_3_2 = """nr_free_pages nr_inactive_anon nr_active_anon nr_inactive_file nr_active_file nr_unevictable nr_mlock
nr_anon_pages nr_mapped nr_file_pages nr_dirty nr_writeback nr_slab_reclaimable nr_slab_unreclaimable
nr_page_table_pages nr_kernel_stack nr_unstable nr_bounce nr_vmscan_write nr_writeback_temp nr_isolated_anon
nr_isolated_file nr_shmem nr_dirtied nr_written numa_hit numa_miss numa_foreign numa_interleave numa_local
numa_other nr_anon_transparent_hugepages""".split()

def events_3_2(z):
    return (["pgpgin", "pgpgout", "pswpin", "pswpout"] + zones_events("pgalloc", z) +
            ["pgfree", "pgactivate", "pgdeactivate", "pgfault", "pgmajfault"] + zones_events("pgrefill", z) +
            zones_events("pgsteal", z) + zones_events("pgscan_kswapd", z) + zones_events("pgscan_direct", z) +
            """zone_reclaim_failed pginodesteal slabs_scanned kswapd_steal kswapd_inodesteal
kswapd_low_wmark_hit_quickly kswapd_high_wmark_hit_quickly kswapd_skip_congestion_wait pageoutrun allocstall
pgrotated compact_blocks_moved compact_pages_moved compact_pagemigrate_failed compact_stall compact_fail
compact_success htlb_buddy_alloc_success htlb_buddy_alloc_fail unevictable_pgs_culled unevictable_pgs_scanned
unevictable_pgs_rescued unevictable_pgs_mlocked unevictable_pgs_munlocked unevictable_pgs_cleared
unevictable_pgs_stranded unevictable_pgs_mlockfreed thp_fault_alloc thp_fault_fallback thp_collapse_alloc
thp_collapse_alloc_failed thp_split""".split())

G_3_4 = """nr_free_pages nr_inactive_anon nr_active_anon nr_inactive_file nr_active_file nr_unevictable nr_mlock
nr_anon_pages nr_mapped nr_file_pages nr_dirty nr_writeback nr_slab_reclaimable nr_slab_unreclaimable
nr_page_table_pages nr_kernel_stack nr_unstable nr_bounce nr_vmscan_write nr_vmscan_immediate_reclaim
nr_writeback_temp nr_isolated_anon nr_isolated_file nr_shmem nr_dirtied nr_written nr_anon_transparent_hugepages
nr_free_cma""".split()

def events_3_4(z):
    return (["pgpgin", "pgpgout", "pswpin", "pswpout"] + zones_events("pgalloc", z) +
            ["pgfree", "pgactivate", "pgdeactivate", "pgfault", "pgmajfault"] + zones_events("pgrefill", z) +
            zones_events("pgsteal_kswapd", z) + zones_events("pgsteal_direct", z) +
            zones_events("pgscan_kswapd", z) + zones_events("pgscan_direct", z) +
            """pginodesteal slabs_scanned kswapd_inodesteal kswapd_low_wmark_hit_quickly
kswapd_high_wmark_hit_quickly kswapd_skip_congestion_wait pageoutrun allocstall pgrotated compact_blocks_moved
compact_pages_moved compact_pagemigrate_failed compact_stall compact_fail compact_success unevictable_pgs_culled
unevictable_pgs_scanned unevictable_pgs_rescued unevictable_pgs_mlocked unevictable_pgs_munlocked
unevictable_pgs_cleared unevictable_pgs_stranded unevictable_pgs_mlockfreed""".split())

G_4_1 = """nr_free_pages nr_alloc_batch nr_inactive_anon nr_active_anon nr_inactive_file nr_active_file
nr_unevictable nr_mlock nr_anon_pages nr_mapped nr_file_pages nr_dirty nr_writeback nr_slab_reclaimable
nr_slab_unreclaimable nr_page_table_pages nr_kernel_stack nr_unstable nr_bounce nr_vmscan_write
nr_vmscan_immediate_reclaim nr_writeback_temp nr_isolated_anon nr_isolated_file nr_shmem nr_dirtied nr_written
nr_pages_scanned workingset_refault workingset_activate workingset_nodereclaim nr_anon_transparent_hugepages
nr_free_cma""".split()

def events_4_1(z, compaction=False, thp=False, hugetlb=False):
    ev = (["pgpgin", "pgpgout", "pswpin", "pswpout"] + zones_events("pgalloc", z) +
          ["pgfree", "pgactivate", "pgdeactivate", "pgfault", "pgmajfault"] + zones_events("pgrefill", z) +
          zones_events("pgsteal_kswapd", z) + zones_events("pgsteal_direct", z) +
          zones_events("pgscan_kswapd", z) + zones_events("pgscan_direct", z) +
          """pgscan_direct_throttle pginodesteal slabs_scanned kswapd_inodesteal kswapd_low_wmark_hit_quickly
kswapd_high_wmark_hit_quickly pageoutrun allocstall pgrotated drop_pagecache drop_slab""".split())
    if compaction:
        ev += """pgmigrate_success pgmigrate_fail compact_migrate_scanned compact_free_scanned compact_isolated
compact_stall compact_fail compact_success""".split()
    if hugetlb:
        ev += ["htlb_buddy_alloc_success", "htlb_buddy_alloc_fail"]
    ev += """unevictable_pgs_culled unevictable_pgs_scanned unevictable_pgs_rescued unevictable_pgs_mlocked
unevictable_pgs_munlocked unevictable_pgs_cleared unevictable_pgs_stranded""".split()
    if thp:
        ev += """thp_fault_alloc thp_fault_fallback thp_collapse_alloc thp_collapse_alloc_failed thp_split
thp_zero_page_alloc thp_zero_page_alloc_failed""".split()
    return ev

Z_4_18 = """nr_free_pages nr_zone_inactive_anon nr_zone_active_anon nr_zone_inactive_file nr_zone_active_file
nr_zone_unevictable nr_zone_write_pending nr_mlock nr_page_table_pages nr_kernel_stack nr_bounce nr_zspages
nr_free_cma""".split()
NUMA = "numa_hit numa_miss numa_foreign numa_interleave numa_local numa_other".split()
N_4_18 = """nr_inactive_anon nr_active_anon nr_inactive_file nr_active_file nr_unevictable nr_slab_reclaimable
nr_slab_unreclaimable nr_isolated_anon nr_isolated_file workingset_refault workingset_activate
workingset_nodereclaim nr_anon_pages nr_mapped nr_file_pages nr_dirty nr_writeback nr_writeback_temp nr_shmem
nr_shmem_hugepages nr_shmem_pmdmapped nr_anon_transparent_hugepages nr_unstable nr_vmscan_write
nr_vmscan_immediate_reclaim nr_dirtied nr_written nr_kernel_misc_reclaimable""".split()
E_4_18 = """pgpgin pgpgout pswpin pswpout pgalloc_dma pgalloc_dma32 pgalloc_normal pgalloc_movable allocstall_dma
allocstall_dma32 allocstall_normal allocstall_movable pgskip_dma pgskip_dma32 pgskip_normal pgskip_movable pgfree
pgactivate pgdeactivate pglazyfree pgfault pgmajfault pglazyfreed pgrefill pgsteal_kswapd pgsteal_direct
pgscan_kswapd pgscan_direct pgscan_direct_throttle zone_reclaim_failed pginodesteal slabs_scanned
kswapd_inodesteal kswapd_low_wmark_hit_quickly kswapd_high_wmark_hit_quickly pageoutrun pgrotated drop_pagecache
drop_slab oom_kill numa_pte_updates numa_huge_pte_updates numa_hint_faults numa_hint_faults_local
numa_pages_migrated pgmigrate_success pgmigrate_fail compact_migrate_scanned compact_free_scanned compact_isolated
compact_stall compact_fail compact_success compact_daemon_wake compact_daemon_migrate_scanned
compact_daemon_free_scanned htlb_buddy_alloc_success htlb_buddy_alloc_fail unevictable_pgs_culled
unevictable_pgs_scanned unevictable_pgs_rescued unevictable_pgs_mlocked unevictable_pgs_munlocked
unevictable_pgs_cleared unevictable_pgs_stranded thp_fault_alloc thp_fault_fallback thp_collapse_alloc
thp_collapse_alloc_failed thp_file_alloc thp_file_mapped thp_split_page thp_split_page_failed
thp_deferred_split_page thp_split_pmd thp_split_pud thp_zero_page_alloc thp_zero_page_alloc_failed thp_swpout
thp_swpout_fallback balloon_inflate balloon_deflate balloon_migrate swap_ra swap_ra_hit""".split()

Z_5_10 = """nr_free_pages nr_zone_inactive_anon nr_zone_active_anon nr_zone_inactive_file nr_zone_active_file
nr_zone_unevictable nr_zone_write_pending nr_mlock nr_page_table_pages nr_bounce nr_zspages nr_free_cma""".split()
N_5_10 = """nr_inactive_anon nr_active_anon nr_inactive_file nr_active_file nr_unevictable nr_slab_reclaimable
nr_slab_unreclaimable nr_isolated_anon nr_isolated_file workingset_nodes workingset_refault_anon
workingset_refault_file workingset_activate_anon workingset_activate_file workingset_restore_anon
workingset_restore_file workingset_nodereclaim nr_anon_pages nr_mapped nr_file_pages nr_dirty nr_writeback
nr_writeback_temp nr_shmem nr_shmem_hugepages nr_shmem_pmdmapped nr_file_hugepages nr_file_pmdmapped
nr_anon_transparent_hugepages nr_vmscan_write nr_vmscan_immediate_reclaim nr_dirtied nr_written
nr_kernel_misc_reclaimable nr_foll_pin_acquired nr_foll_pin_released nr_kernel_stack""".split()
E_5_10 = """pgpgin pgpgout pswpin pswpout pgalloc_dma pgalloc_dma32 pgalloc_normal pgalloc_movable allocstall_dma
allocstall_dma32 allocstall_normal allocstall_movable pgskip_dma pgskip_dma32 pgskip_normal pgskip_movable pgfree
pgactivate pgdeactivate pglazyfree pgfault pgmajfault pglazyfreed pgrefill pgreuse pgsteal_kswapd pgsteal_direct
pgscan_kswapd pgscan_direct pgscan_direct_throttle pgscan_anon pgscan_file pgsteal_anon pgsteal_file
zone_reclaim_failed pginodesteal slabs_scanned kswapd_inodesteal kswapd_low_wmark_hit_quickly
kswapd_high_wmark_hit_quickly pageoutrun pgrotated drop_pagecache drop_slab oom_kill numa_pte_updates
numa_huge_pte_updates numa_hint_faults numa_hint_faults_local numa_pages_migrated pgmigrate_success
pgmigrate_fail thp_migration_success thp_migration_fail thp_migration_split compact_migrate_scanned
compact_free_scanned compact_isolated compact_stall compact_fail compact_success compact_daemon_wake
compact_daemon_migrate_scanned compact_daemon_free_scanned htlb_buddy_alloc_success htlb_buddy_alloc_fail
unevictable_pgs_culled unevictable_pgs_scanned unevictable_pgs_rescued unevictable_pgs_mlocked
unevictable_pgs_munlocked unevictable_pgs_cleared unevictable_pgs_stranded thp_fault_alloc thp_fault_fallback
thp_fault_fallback_charge thp_collapse_alloc thp_collapse_alloc_failed thp_file_alloc thp_file_fallback
thp_file_fallback_charge thp_file_mapped thp_split_page thp_split_page_failed thp_deferred_split_page
thp_split_pmd thp_split_pud thp_zero_page_alloc thp_zero_page_alloc_failed thp_swpout thp_swpout_fallback
balloon_inflate balloon_deflate balloon_migrate swap_ra swap_ra_hit""".split()

Z_5_14 = """nr_free_pages nr_zone_inactive_anon nr_zone_active_anon nr_zone_inactive_file nr_zone_active_file
nr_zone_unevictable nr_zone_write_pending nr_mlock nr_bounce nr_zspages nr_free_cma""".split()
N_5_14 = N_5_10 + ["nr_page_table_pages", "nr_swapcached"]
E_5_14 = E_5_10
# 5.15 added the NUMA demotion events after pgsteal_direct (mm/vmscan: page demotion counter; placement
# unverified).
E_5_15 = E_5_10[:E_5_10.index("pgscan_kswapd")] + ["pgdemote_kswapd", "pgdemote_direct"] + \
    E_5_10[E_5_10.index("pgscan_kswapd"):]


# ---------------------------------------------------------------------------------------------------
# The machine builder: one set of numbers in, every file out.


def prand(seed, lo, hi):
    """A repeatable number in [lo, hi] (event counters need values, not meaning)."""
    h = int(hashlib.sha256(seed.encode()).hexdigest()[:12], 16)
    return lo + h % (hi - lo + 1)


def ram_in(ranges, lo, hi):
    """Pages of the RAM ranges [start, end) (pfns) that fall inside [lo, hi)."""
    return sum(max(0, min(end, hi) - max(start, lo)) for start, end in ranges)


def make_zones(s):
    """Zones from the RAM ranges and the zone boundaries; present and managed as that kernel counts them.

    Before 3.8 there is no `managed` and `present` is spanned − holes − the memmap estimate
    (PAGE_ALIGN(spanned × sizeof(struct page)) / PAGE_SIZE) − dma_reserve (mm/page_alloc.c
    free_area_init_core); from 3.8 present = spanned − holes and managed = present − what memblock kept.
    """
    zones = []
    for name, lo, hi, highmem in s["zone_bounds"]:
        # A zone spans from max(zone start, node start) to min(zone end, node end), holes included.
        node_start, node_end = min(a for a, _ in s["ram"]), max(e for _, e in s["ram"])
        start = s.get("zone_start", {}).get(name, max(lo, node_start))
        end = min(hi, node_end)
        ram = ram_in(s["ram"], start, hi)
        z = {"name": name, "start_pfn": start if ram else 0, "spanned": (end - start) if ram else 0,
             "highmem": highmem, "stats": {}, "cma": 0}
        if s["version"] < (3, 8):
            memmap = -(-(z["spanned"] * s["struct_page"]) // 4096) if ram else 0
            z["present"] = ram - memmap if ram else 0
            z["managed"] = None
            z["memmap_estimate"] = memmap
        else:
            z["present"] = ram
            z["managed"] = ram - s["zone_reserved"].get(name, 0) - s.get("balloon_managed", {}).get(name, 0)
        zones.append(z)
    return zones


def pss_share(p):
    return p["file_kb"] * p.get("file_share", 40) // 100 // 4 * 4


def make_tasks(s):
    """Processes from the tree's compact list: kernel threads first, then user processes."""
    tasks = []
    pid = 1
    bits = s["bits"]
    cpus = s["cpus"]
    start_tick = 1
    for entry in s["user"][:1]:  # init/systemd is PID 1
        tasks.append(user_task(s, 1, 0, entry, start_tick))
    pid = 2
    tasks.append(kthread(s, 2, 0, "kthreadd", 0))
    pid = 3
    for i, name in enumerate(s["kthreads"]):
        tasks.append(kthread(s, pid, 2, name, i % cpus))
        pid += 1
    pid = s.get("first_user_pid", max(pid + 20, 300))
    for n, entry in enumerate(s["user"][1:]):
        tasks.append(user_task(s, pid, entry[7] if len(entry) > 7 else 1, entry, 500 + n * 37))
        pid += prand(s["name"] + entry[0] + str(n), 3, 60)
    # A parent given by name is the first process of that name (apache2's workers, zygote's apps).
    for t in tasks:
        if isinstance(t["ppid"], str):
            t["ppid"] = next(o["pid"] for o in tasks if o["comm"] == t["ppid"])
            t["session"] = t["ppid"]
    return tasks


def kthread(s, pid, ppid, name, cpu):
    return {"pid": pid, "comm": name, "ppid": ppid, "pgrp": 0, "session": 0, "state": "I" if s["version"] >= (4, 14)
            and name.startswith(("kworker", "rcu_", "mm_percpu", "kblockd", "ata_sff", "md", "edac", "kintegrity",
                                 "writeback", "crypto", "netns", "xfs", "ext4", "scsi_tmf", "watchdogd", "ttm",
                                 "zvol", "spl", "z_", "nvidia", "i915", "kthrotld", "tpm", "ipv6", "acpi",
                                 "nfit", "cryptd", "inet_frag", "kstrp", "raid", "blkcg"))
            else "S", "flags": 2129984 if s["version"] >= (4, 0) else 2149613632 if s["bits"] == 64 else 2097216,
            "minflt": 0, "majflt": 0, "utime": 0, "stime": prand(s["name"] + name, 0, 900), "prio": 20, "nice": 0,
            "threads": 1, "start": prand(name, 1, 40), "vsz_kb": 0, "rss_kb": 0, "bits": s["bits"], "cpu": cpu,
            "kthread": True, "sigign": 0xffffffffffffffff, "sigcatch": 0, "uid": 0, "vcsw": prand(name + "v", 2, 90000),
            "nvcsw": prand(name + "n", 0, 40), "anon_kb": 0, "file_kb": 0, "shmem_kb": 0}


def user_task(s, pid, ppid, entry, start):
    comm, threads, anon, file, shmem, pte, uid = entry[:7]
    anon, file, shmem, pte = (x // 4 * 4 for x in (anon, file, shmem, pte))  # whole pages
    opts = entry[8] if len(entry) > 8 else {}
    base, per_thread = (20000, 8200) if s["bits"] == 64 else (1500, 1024)
    vsz = opts.get("vsz", anon * 2 + file * 3 + shmem + base + threads * per_thread)
    vsz = vsz // 4 * 4
    text = max(4, min(file // 4, opts.get("text", 2048))) // 4 * 4
    p = {"pid": pid, "comm": comm, "ppid": ppid, "pgrp": pid, "session": pid if not isinstance(ppid, str) and ppid <= 1 else ppid, "state": "S",
         "flags": 1077952768 if s["version"] >= (4, 0) else 4202752, "minflt": prand(comm + "min", 1000, 900000),
         "majflt": prand(comm + "maj", 10, 4000), "utime": prand(comm + "u", 10, 90000),
         "stime": prand(comm + "s", 5, 30000), "prio": 20, "nice": 0, "threads": threads, "start": start,
         "vsz_kb": vsz, "rss_kb": anon + file + shmem, "anon_kb": anon, "file_kb": file, "shmem_kb": shmem,
         "pte_kb": pte, "lck_kb": opts.get("locked", 0), "swap_kb": opts.get("swap", 0), "bits": s["bits"],
         "cpu": pid % s["cpus"], "kthread": False, "uid": uid, "sigign": 0x1000, "sigcatch": 0x180004a03,
         "vcsw": prand(comm + "vc", 10, 900000), "nvcsw": prand(comm + "nv", 1, 9000), "text_kb": text,
         "data_kb": anon + threads * 8192 // 4 * 4 // 8 * 8, "lib_kb": max(0, file - text) // 4 * 4,
         "code": (0x400000, 0x400000 + text * 1024), "stack": 0x7ffd3c1a2f90 if s["bits"] == 64 else 0x7e9c1d40,
         "data": (0x600000, 0x600000 + 4096), "brk": 0x1a2b000, "args": (0x7ffd3c1a3e10, 0x7ffd3c1a3e40,
                                                                         0x7ffd3c1a3fe8),
         "fdsize": opts.get("fdsize", 64), "file_share": opts.get("file_share", 40), "hugetlb_kb": opts.get("hugetlb", 0)}
    if s["bits"] == 32:
        p["stack"], p["args"] = 0x7e9c1d40, (0x7e9c1f10, 0x7e9c1f30, 0x7e9c1fe8)
    p["pss_file_kb"] = pss_share(p)
    p["pss_shmem_kb"] = shmem // 2 // 4 * 4 if opts.get("shared_shmem", True) else shmem
    p["private_file_kb"] = file // 10 // 4 * 4
    p["rollup_range"] = (0x55d0c0a00000, 0x7ffd3c1c4000) if s["bits"] == 64 else (0x400000, 0x7e9c2000)
    return p


def vm_areas(s, tasks):
    """The tree's vmalloc areas, with one kernel-stack area per live stack (and per cached free stack) on
    kernels that vmalloc their stacks (CONFIG_VMAP_STACK, x86_64 4.9+, arm64 4.14+)."""
    areas = [dict(a) for a in s["vmalloc"]]
    stack_areas = []
    if s["vmap_stack"]:
        pages = s["stack_kb"] // 4
        threads = sum(t["threads"] for t in tasks)
        fork = s["fork_caller"]
        stack_areas = [{"size": (pages + 1) * 4096, "caller": fork, "pages": pages, "kind": "vmalloc"}
                       for _ in range(threads + s.get("cached_stacks", 0))]
        stack_areas += [{"size": (pages + 1) * 4096, "caller": s["idle_caller"], "pages": pages, "kind": "vmalloc"}
                        for _ in range(s["cpus"] - 1)]
    # Interleave stacks among the other areas the way a real file mixes them (stable order).
    out = []
    step = max(1, len(stack_areas) // max(1, len(areas))) if areas else 1
    si = 0
    for a in areas:
        out.append(a)
        for _ in range(step):
            if si < len(stack_areas):
                out.append(stack_areas[si])
                si += 1
    out += stack_areas[si:]
    return out, stack_areas


def slab_caches(s):
    """slabinfo rows from (name, objsize, objperslab, pagesperslab, kB, reclaimable, used fraction).

    Returns the rows and the kB of reclaimable and unreclaimable caches, counted as the kernel does
    (num_slabs × pagesperslab pages per cache)."""
    rows = []
    rec = unrec = 0
    for name, objsize, perslab, pps, target_kb, reclaimable, used in s["slab"]:
        slabs = max(1, round(target_kb / (pps * PAGE_KB))) if target_kb else 0
        num = slabs * perslab
        active = int(num * used)
        rows.append({"name": name, "objsize": objsize, "perslab": perslab, "pps": pps, "slabs": slabs, "num": num,
                     "active": active, "reclaimable": reclaimable})
        if reclaimable:
            rec += slabs * pps * PAGE_KB
        else:
            unrec += slabs * pps * PAGE_KB
    return rows, rec, unrec


def distribute(total, weights):
    """Split an integer total by weights; the rounding goes to the heaviest."""
    w = sum(weights)
    if w == 0 or total == 0:
        return [0] * len(weights)
    parts = [total * x // w for x in weights]
    parts[weights.index(max(weights))] += total - sum(parts)
    return parts


def build(s):
    """Derives every number of the machine and the files that print them."""
    v = s["version"]
    cpus = s["cpus"]
    tasks = make_tasks(s)
    threads = sum(t["threads"] for t in tasks)
    stacks = threads + cpus - 1
    kernel_stack_kb = stacks * s["stack_kb"]
    areas, stack_areas = vm_areas(s, tasks)
    vmalloc_pages = sum(a.get("pages", 0) for a in areas)
    vmalloc_kb = vmalloc_pages * PAGE_KB
    stack_vmalloc_kb = sum(a["pages"] for a in stack_areas) * PAGE_KB

    anon_kb = sum(t["anon_kb"] for t in tasks) + s.get("anon_extra", 0)
    thp_kb = s.get("thp_kb", 0)
    if thp_kb:  # the transparent hugepages belong to the biggest anonymous user (smaps_rollup AnonHugePages)
        biggest = max((t for t in tasks if not t["kthread"]), key=lambda t: t["anon_kb"])
        assert thp_kb <= biggest["anon_kb"], s["name"]
        biggest["thp_kb"] = thp_kb
    mlocked_kb = sum(t.get("lck_kb", 0) for t in tasks)
    shmem_kb = s["shmem"]
    swapcached_kb = s.get("swapcached", 0)
    buffers_kb = s["buffers"]
    file_active, file_inactive = s["file_lru"]
    file_lru = file_active + file_inactive
    cached_kb = file_lru - buffers_kb + shmem_kb
    mapped_kb = sum(t.get("pss_file_kb", 0) + t.get("pss_shmem_kb", 0) for t in tasks) // 4 * 4 + s.get("mapped_extra", 0)
    shmem_pinned = s.get("shmem_unevictable", 0)  # shmem a driver marked unevictable (i915 scanout)
    anon_lru = anon_kb - mlocked_kb + shmem_kb - shmem_pinned + swapcached_kb
    anon_active = anon_lru * s.get("anon_active_pct", 85) // 100 // 4 * 4
    anon_inactive = anon_lru - anon_active
    unevictable_kb = mlocked_kb + shmem_pinned
    dirty_kb, writeback_kb = s.get("dirty", 0), s.get("writeback", 0)

    slab_rows = []
    if s.get("slab"):
        slab_rows, sreclaimable, sunreclaim = slab_caches(s)
        sunreclaim += s.get("large_kmalloc", 0)
    else:
        sreclaimable, sunreclaim = s["slab_totals"]
    misc_reclaimable = s.get("kernel_misc_reclaimable", 0)
    pagetables_kb = sum(t.get("pte_kb", 0) for t in tasks)
    hp = s.get("hugepages")
    hugetlb_kb = hp["total"] * hp["size_kb"] if hp else 0
    percpu_first_kb = s["percpu_pages_per_cpu"] * s["possible_cpus"] * PAGE_KB
    percpu_dynamic_kb = s["percpu_dynamic"]
    remainder = list(s["remainder"])
    if v < (4, 16):
        remainder.append(("per-CPU dynamic chunks (Percpu is not printed before 4.16)", percpu_dynamic_kb))
    if v < (4, 20) and misc_reclaimable:
        remainder.append(("non-slab reclaimable kernel memory (no KReclaimable line)", misc_reclaimable))
    remainder_kb = sum(kb for _, kb in remainder)

    zones = make_zones(s)
    all_names = [z["name"] for z in zones]
    populated = [z for z in zones if z["present"] > 0]
    for z in populated:
        z["pcp"] = list(s["pcp"].get(z["name"], [0] * cpus))
        assert len(z["pcp"]) == cpus, (s["name"], z["name"])
    pcp_kb = sum(sum(z["pcp"]) for z in populated) * PAGE_KB

    if v >= (3, 8):
        memtotal = sum(z["managed"] for z in populated) * PAGE_KB
    else:
        memtotal = s["memtotal"]
    kernel_stack_outside = 0 if s["vmap_stack"] else kernel_stack_kb
    used = (pcp_kb + anon_lru + file_lru + unevictable_kb + sreclaimable + sunreclaim + pagetables_kb +
            kernel_stack_outside + vmalloc_kb + (percpu_dynamic_kb if v >= (4, 16) else 0) + hugetlb_kb +
            (misc_reclaimable if v >= (4, 20) else 0) + remainder_kb)
    memfree = memtotal - used
    assert memfree > 0 and memfree % 4 == 0, (s["name"], memfree)

    # Watermarks and reserves, as the kernel sets them.
    watermarks(populated, v >= (4, 6), s["config"].get("thp", False))
    reserve = lowmem_reserve(populated, all_names, s["reserve_ratio"])
    for z in zones:
        z["protection"] = reserve[z["name"]]
        if z["present"] == 0:
            z["min"] = z["low"] = z["high"] = 0
            z["managed"] = 0 if z["managed"] is not None else None
    for z in populated:
        cap = z["managed"] if z["managed"] is not None else z["present"]
        z["threshold"] = stat_threshold(cap, cpus)
        b = batchsize(cap)
        z["pcp_batch"], z["pcp_high"] = (1, 0) if z["name"] == "DMA" and len(populated) > 1 else (b, 6 * b)
        z["inactive_ratio"] = max(1, int(math.sqrt(cap * 4 // 1024 // 1024 * 10))) if not z["highmem"] else 1

    # Split the counters over zones: the DMA zone below 16 MiB holds almost nothing but free pages; kernel
    # memory (slab, page tables, stacks) never comes from highmem; user pages prefer highmem.
    def cap(z):
        return z["managed"] if z["managed"] is not None else z["present"]
    others = [z for z in populated if not (z["name"] == "DMA" and len(populated) > 1)]
    user_w = [cap(z) * (3 if z["highmem"] else 1) for z in others]
    kern_w = [0 if z["highmem"] else cap(z) for z in others]
    pages = lambda kb: kb // PAGE_KB
    counters = {
        "nr_inactive_anon": (pages(anon_inactive), user_w), "nr_active_anon": (pages(anon_active), user_w),
        "nr_inactive_file": (pages(file_inactive), user_w), "nr_active_file": (pages(file_active), user_w),
        "nr_unevictable": (pages(unevictable_kb), user_w), "nr_mlock": (pages(mlocked_kb), user_w),
        "nr_anon_pages": (pages(anon_kb - (thp_kb if v < (4, 8) else 0)), user_w),
        "nr_mapped": (pages(mapped_kb), user_w),
        "nr_file_pages": (pages(cached_kb + buffers_kb + swapcached_kb), user_w),
        "nr_dirty": (pages(dirty_kb), user_w), "nr_writeback": (pages(writeback_kb), user_w),
        "nr_shmem": (pages(shmem_kb), user_w), "nr_anon_transparent_hugepages": (thp_kb // 2048, user_w),
        "nr_slab_reclaimable": (pages(sreclaimable), kern_w), "nr_slab_unreclaimable": (pages(sunreclaim), kern_w),
        "nr_page_table_pages": (pages(pagetables_kb), kern_w),
    }
    if v < (4, 8):
        counters["nr_kernel_stack"] = (stacks, kern_w)  # a count of stacks before 4.8
    else:
        counters["nr_kernel_stack"] = (stacks, kern_w)  # split as stacks, printed in KiB below
    for name, (total, w) in counters.items():
        for z, part in zip(others, distribute(total, w)):
            z["stats"][name] = part
    if v >= (4, 8):
        for z in others:
            z["stats"]["nr_kernel_stack"] *= s["stack_kb"]
    for z in populated:
        st = z["stats"]
        for key in ("nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file", "nr_unevictable"):
            st["nr_zone_" + key[3:]] = st.get(key, 0)
        st["nr_zone_write_pending"] = st.get("nr_dirty", 0) + st.get("nr_writeback", 0)
    # Free pages: the DMA zone keeps nearly all of its pages free; the rest of MemFree follows what is left
    # in each zone after its counters and its share of the memory that has no zone counter.
    free_pages = pages(memfree)
    dma = [z for z in populated if z not in others]
    if dma:
        d = dma[0]
        d["stats"]["nr_free_pages"] = cap(d) - s.get("dma_used_pages", 14)
        d["stats"]["nr_slab_unreclaimable"] = 0
        free_pages -= d["stats"]["nr_free_pages"]
    zone_less = pages(vmalloc_kb + hugetlb_kb + remainder_kb + kernel_stack_outside + percpu_dynamic_kb)
    rest_w = []
    for z, share in zip(others, distribute(zone_less, kern_w if sum(kern_w) else user_w)):
        st = z["stats"]
        counted = sum(st.get(k, 0) for k in ("nr_inactive_anon", "nr_active_anon", "nr_inactive_file",
                                             "nr_active_file", "nr_unevictable", "nr_slab_reclaimable",
                                             "nr_slab_unreclaimable", "nr_page_table_pages"))
        rest_w.append(max(1, cap(z) - counted - share - sum(z["pcp"])))
    for z, part in zip(others, distribute(free_pages, rest_w)):
        z["stats"]["nr_free_pages"] = part
    for z in populated:
        assert 0 <= z["stats"]["nr_free_pages"] <= cap(z), (s["name"], z["name"], z["stats"]["nr_free_pages"])
        z["stats"]["nr_alloc_batch"] = max(1, z["high"] - z["low"] - 3)
        for name in NUMA:
            z["stats"][name] = 0
    if s["numa"]:
        hits = prand(s["name"] + "numa", 10 ** 7, 9 * 10 ** 8)
        for z, part in zip(others, distribute(hits, user_w)):
            z["stats"]["numa_hit"] = z["stats"]["numa_local"] = part
            z["stats"]["numa_interleave"] = prand(z["name"] + "il", 0, 30000) if z["name"] != "Normal" else 31002
    for z in populated:
        z["stats"]["nr_dirtied"] = prand(s["name"] + z["name"] + "d", 1000, 900000) if z in others else 0
        z["stats"]["nr_written"] = z["stats"]["nr_dirtied"] - (z["stats"]["nr_dirtied"] // 40)

    # MemAvailable (3.14+) from the same watermarks the kernel uses.
    memavail = mem_available(memfree, file_lru, sreclaimable, misc_reclaimable, populated, reserve)

    m = {
        "MemTotal": memtotal, "MemFree": memfree, "MemAvailable": memavail, "Buffers": buffers_kb,
        "Cached": cached_kb, "SwapCached": swapcached_kb, "Active": anon_active + file_active,
        "Inactive": anon_inactive + file_inactive, "Active(anon)": anon_active, "Inactive(anon)": anon_inactive,
        "Active(file)": file_active, "Inactive(file)": file_inactive, "Unevictable": unevictable_kb,
        "Mlocked": mlocked_kb, "Dirty": dirty_kb, "Writeback": writeback_kb, "AnonPages": anon_kb,
        "Mapped": mapped_kb, "Shmem": shmem_kb, "KReclaimable": sreclaimable + misc_reclaimable,
        "Slab": sreclaimable + sunreclaim, "SReclaimable": sreclaimable, "SUnreclaim": sunreclaim,
        "KernelStack": kernel_stack_kb, "PageTables": pagetables_kb, "AnonHugePages": thp_kb,
        "Percpu": percpu_first_kb + percpu_dynamic_kb, "Hugetlb": hugetlb_kb,
    }
    high = [z for z in populated if z["highmem"]]
    if high:
        m["HighTotal"] = sum(cap(z) for z in high) * PAGE_KB
        m["HighFree"] = sum(z["stats"]["nr_free_pages"] for z in high) * PAGE_KB
        m["LowTotal"] = memtotal - m["HighTotal"]
        m["LowFree"] = memfree - m["HighFree"]
    swap_total = sum(e[2] for e in s.get("swaps", []))
    swap_used = sum(e[3] for e in s.get("swaps", []))
    m["SwapTotal"], m["SwapFree"] = swap_total, swap_total - swap_used
    commit_ratio = 50
    m["CommitLimit"] = (memtotal - hugetlb_kb) * commit_ratio // 100 + swap_total
    m["Committed_AS"] = sum(t["vsz_kb"] for t in tasks if not t["kthread"]) * 55 // 100 // 4 * 4
    m["VmallocTotal"] = s["vmalloc_total"]
    if v < (4, 4):
        # Address space of the areas inside [VMALLOC_START, VMALLOC_END), guard pages included
        # (mm/vmalloc.c get_vmalloc_info); areas outside the range (x86_64 modules) do not count.
        m["VmallocUsed"] = sum(a["size"] for a in areas if not a.get("outside_range") and not a.get("unpurged")) // 1024
        m["VmallocChunk"] = s["vmalloc_total"] - m["VmallocUsed"] - s.get("vmalloc_fragment", 9216)
    elif v < (5, 3):
        m["VmallocUsed"], m["VmallocChunk"] = 0, 0
    else:
        m["VmallocUsed"], m["VmallocChunk"] = vmalloc_kb, 0

    truth = {
        "memtotal": memtotal, "memfree": memfree, "pcp": pcp_kb, "file_lru": file_lru, "buffers": buffers_kb,
        "app": anon_kb - mlocked_kb, "shmem": shmem_kb, "mlocked": mlocked_kb, "swapcached": swapcached_kb,
        "sreclaimable": sreclaimable, "sunreclaim": sunreclaim, "misc_reclaimable": misc_reclaimable,
        "pagetables": pagetables_kb, "stacks": stacks, "threads": threads, "stack_kb": s["stack_kb"],
        "kernel_stack": kernel_stack_kb, "vmalloc": vmalloc_kb, "stack_vmalloc": stack_vmalloc_kb,
        "percpu_first": percpu_first_kb, "percpu_dynamic": percpu_dynamic_kb, "hugetlb": hugetlb_kb,
        "remainder": remainder, "remainder_kb": remainder_kb, "memavailable": memavail,
        "present": sum(z["present"] for z in populated) * PAGE_KB,
        "managed": sum(z["managed"] or 0 for z in populated) * PAGE_KB if v >= (3, 8) else None,
        "memmap_estimate": sum(z.get("memmap_estimate", 0) for z in populated) * PAGE_KB,
        "vmalloc_used": m["VmallocUsed"], "anon": anon_kb, "thp": thp_kb, "mapped": mapped_kb,
        "vmap_stack": s["vmap_stack"], "anon_lru": anon_lru, "unevictable": unevictable_kb,
        "kernel_stack_outside": kernel_stack_outside, "slab_rows": slab_rows, "zones": zones,
    }
    check = (truth["memfree"] + pcp_kb + file_lru + anon_lru + unevictable_kb + sreclaimable + sunreclaim +
             (misc_reclaimable if v >= (4, 20) else 0) + pagetables_kb + kernel_stack_outside + vmalloc_kb +
             (percpu_dynamic_kb if v >= (4, 16) else 0) + hugetlb_kb + remainder_kb)
    assert check == memtotal, (s["name"], check, memtotal)
    return {"spec": s, "tasks": tasks, "areas": areas, "zones": zones, "populated": populated, "m": m,
            "truth": truth, "reserve": reserve}


# ---------------------------------------------------------------------------------------------------
# Files of a built machine.


def meminfo_text(b):
    """Field list and order of fs/proc/meminfo.c for the tree's version and configuration."""
    s, m, v = b["spec"], b["m"], b["spec"]["version"]
    cfg = s["config"]
    rows = [("MemTotal", m["MemTotal"]), ("MemFree", m["MemFree"])]
    if v >= (3, 14):
        rows.append(("MemAvailable", m["MemAvailable"]))
    for k in ("Buffers", "Cached", "SwapCached", "Active", "Inactive", "Active(anon)", "Inactive(anon)",
              "Active(file)", "Inactive(file)", "Unevictable", "Mlocked"):
        rows.append((k, m[k]))
    if "HighTotal" in m:
        rows += [(k, m[k]) for k in ("HighTotal", "HighFree", "LowTotal", "LowFree")]
    rows += [("SwapTotal", m["SwapTotal"]), ("SwapFree", m["SwapFree"])]
    for k in ("Dirty", "Writeback", "AnonPages", "Mapped", "Shmem"):
        rows.append((k, m[k]))
    if v >= (4, 20) or cfg.get("kreclaimable_backport"):
        rows.append(("KReclaimable", m["KReclaimable"]))
    for k in ("Slab", "SReclaimable", "SUnreclaim", "KernelStack", "PageTables"):
        rows.append((k, m[k]))
    rows += [("NFS_Unstable", 0), ("Bounce", 0), ("WritebackTmp", 0), ("CommitLimit", m["CommitLimit"]),
             ("Committed_AS", m["Committed_AS"]), ("VmallocTotal", m["VmallocTotal"]),
             ("VmallocUsed", m["VmallocUsed"]), ("VmallocChunk", m["VmallocChunk"])]
    if v >= (4, 16):
        rows.append(("Percpu", m["Percpu"]))
    if cfg.get("memory_failure"):
        rows.append(("HardwareCorrupted", 0))
    if cfg.get("thp"):
        rows.append(("AnonHugePages", m["AnonHugePages"]))
        if v >= (4, 8):
            rows += [("ShmemHugePages", 0), ("ShmemPmdMapped", 0)]
        if v >= (5, 4):
            rows += [("FileHugePages", 0), ("FilePmdMapped", 0)]
    if cfg.get("cma"):
        rows += [("CmaTotal", cfg["cma"][0]), ("CmaFree", cfg["cma"][1])]
    if cfg.get("hugetlbfs"):
        hp = s.get("hugepages") or {"total": 0, "free": 0, "rsvd": 0, "surp": 0, "size_kb": 2048}
        rows += [("HugePages_Total", hp["total"], "count"), ("HugePages_Free", hp["free"], "count"),
                 ("HugePages_Rsvd", hp["rsvd"], "count"), ("HugePages_Surp", hp["surp"], "count"),
                 ("Hugepagesize", hp["size_kb"])]
        if v >= (4, 16):
            rows.append(("Hugetlb", m["Hugetlb"]))
    for k, value in cfg.get("directmap", []):
        rows.append((k, value))
    return meminfo(rows)


def vmstat_names(s):
    v, era = s["version"], s["era"]
    zones = s.get("event_zones", [])
    if era == "3.2":
        return G_3_2, ["nr_dirty_threshold", "nr_dirty_background_threshold"], events_3_2(zones)
    if era == "3.4":
        return G_3_4, ["nr_dirty_threshold", "nr_dirty_background_threshold"], events_3_4(zones)
    if era in ("4.1", "4.4"):
        c = s["config"]
        return G_4_1, ["nr_dirty_threshold", "nr_dirty_background_threshold"], \
            events_4_1(zones, c.get("compaction"), c.get("thp"), c.get("hugetlbfs"))
    if era == "4.18":
        return Z_4_18 + NUMA + N_4_18, ["nr_dirty_threshold", "nr_dirty_background_threshold"], E_4_18
    if era == "5.10":
        return Z_5_10 + NUMA + N_5_10, ["nr_dirty_threshold", "nr_dirty_background_threshold"], E_5_10 + ["nr_unstable"]
    if era == "5.14":
        return Z_5_14 + NUMA + N_5_14, ["nr_dirty_threshold", "nr_dirty_background_threshold"], E_5_14 + ["nr_unstable"]
    if era == "5.15":
        return Z_5_14 + NUMA + N_5_14, ["nr_dirty_threshold", "nr_dirty_background_threshold"], E_5_15 + ["nr_unstable"]
    raise ValueError(era)


def global_values(b):
    """Every vmstat gauge of the machine, in the units vmstat prints (pages; nr_kernel_stack a count of
    stacks before 4.8 and KiB from 4.8)."""
    s, m, t, v = b["spec"], b["m"], b["truth"], b["spec"]["version"]
    pop = b["populated"]
    g = {}
    for name in ("nr_free_pages", "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
                 "nr_unevictable", "nr_mlock", "nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty",
                 "nr_writeback", "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_page_table_pages",
                 "nr_kernel_stack", "nr_shmem", "nr_anon_transparent_hugepages", "nr_alloc_batch", "nr_dirtied",
                 "nr_written", "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file",
                 "nr_zone_active_file", "nr_zone_unevictable", "nr_zone_write_pending") + tuple(NUMA):
        g[name] = sum(z["stats"].get(name, 0) for z in pop)
    assert g["nr_free_pages"] * 4 == m["MemFree"], (s["name"], g["nr_free_pages"] * 4, m["MemFree"])
    if v >= (4, 8):
        assert g["nr_kernel_stack"] == t["kernel_stack"]
    g["nr_free_cma"] = s["config"].get("cma", (0, 0))[1] // 4
    g["nr_kernel_misc_reclaimable"] = t["misc_reclaimable"] // 4
    g["nr_swapcached"] = t["swapcached"] // 4
    g["nr_vmscan_write"] = prand(s["name"] + "vw", 0, 90000) if m["SwapTotal"] else 0
    g["nr_vmscan_immediate_reclaim"] = prand(s["name"] + "vir", 0, 300)
    g["nr_foll_pin_acquired"] = g["nr_foll_pin_released"] = prand(s["name"] + "pin", 0, 5000)
    wr = prand(s["name"] + "wr", 10000, 900000)
    g["workingset_refault"] = g["workingset_refault_file"] = wr
    g["workingset_activate"] = g["workingset_activate_file"] = wr // 3
    g["workingset_restore_file"] = wr // 9
    g["workingset_nodes"] = t["file_lru"] // 4 // 200
    g["workingset_refault_anon"] = prand(s["name"] + "wra", 0, 2000) if m["SwapTotal"] else 0
    dirtyable = g["nr_free_pages"] + (t["file_lru"] // 4) - totalreserve_pages(pop, b["reserve"])
    g["nr_dirty_threshold"] = dirtyable * 20 // 100
    g["nr_dirty_background_threshold"] = dirtyable * 10 // 100
    return g


def vmstat_text(b):
    s = b["spec"]
    gauges, thresholds, events = vmstat_names(s)
    g = global_values(b)
    ev = dict(s.get("events", {}))
    up = int(s["uptime"])
    out = []
    for name in gauges + thresholds:
        out.append(f"{name} {g.get(name, 0)}")
    for name in events:
        if name in ev:
            value = ev[name]
        elif name.startswith(("pgalloc_", "pgfree")):
            value = prand(s["name"] + name, up * 200, up * 900) if not name.endswith(("_dma", "_movable")) else \
                (prand(s["name"] + name, 0, 40) if name.endswith("_dma") else 0)
        elif name in ("pgfault",):
            value = prand(s["name"] + name, up * 300, up * 1200)
        elif name in ("pgpgin", "pgpgout", "pgactivate", "pgdeactivate", "pgrefill", "pglazyfree"):
            value = prand(s["name"] + name, up * 2, up * 60)
        elif name in ("pgmajfault", "slabs_scanned", "pgrotated", "kswapd_inodesteal", "pgreuse"):
            value = prand(s["name"] + name, up // 20, up * 2)
        elif name.startswith(("pswp", "pgscan", "pgsteal", "allocstall", "pgskip", "compact", "thp_", "oom",
                              "numa_", "pgmigrate", "zone_reclaim", "drop_", "htlb", "balloon", "swap_ra",
                              "kswapd_steal", "pginodesteal", "pgdemote", "unevictable", "kswapd_skip",
                              "pageoutrun", "kswapd_low", "kswapd_high", "nr_unstable")):
            value = 0 if name in ("nr_unstable",) else prand(s["name"] + name, 0, 60) if name.startswith(
                ("pgscan_direct_throttle", "drop_", "oom", "htlb", "balloon", "zone_reclaim", "allocstall",
                 "kswapd_skip", "thp_split", "thp_zero", "thp_swp", "thp_file", "thp_migration",
                 "thp_deferred", "compact_")) else prand(s["name"] + name, 0, up * 3)
            if name.startswith(("pswp", "swap_ra")) and not b["m"]["SwapTotal"]:
                value = 0
            if name.startswith("unevictable_pgs_munlocked"):
                value = ev.get("unevictable_pgs_mlocked", prand(s["name"] + "unevictable_pgs_mlocked", 0, up * 3))
        else:
            value = prand(s["name"] + name, 0, up)
        out.append(f"{name} {value}")
    return "\n".join(out) + "\n"


def zoneinfo_text(b):
    s, v = b["spec"], b["spec"]["version"]
    era = s["era"]
    if era in ("3.2", "3.4", "4.1", "4.4"):
        items = {"3.2": G_3_2, "3.4": G_3_4, "4.1": G_4_1, "4.4": G_4_1}[era]
        for z in b["populated"]:
            for name in ("workingset_refault", "workingset_activate", "workingset_nodereclaim", "nr_pages_scanned",
                         "nr_unstable", "nr_bounce", "nr_vmscan_write", "nr_vmscan_immediate_reclaim",
                         "nr_writeback_temp", "nr_isolated_anon", "nr_isolated_file"):
                z["stats"].setdefault(name, 0)
            z["stats"].setdefault("nr_free_cma", 0)
        return zoneinfo_old(b["populated"], items, s["cpus"], v >= (3, 8), old_trailer, smp=s.get("smp", True))
    g = global_values(b)
    node_items = {"4.18": N_4_18, "5.10": N_5_10, "5.14": N_5_14, "5.15": N_5_14}[era]
    zone_items = {"4.18": Z_4_18, "5.10": Z_5_10, "5.14": Z_5_14, "5.15": Z_5_14}[era]
    for z in b["zones"]:
        z["stats"].setdefault("nr_free_pages", 0)
        z["stats"]["nr_free_cma"] = 0
    return zoneinfo_new(b["zones"], node_items, g, zone_items, NUMA if s["numa"] else [], s["cpus"], v)


def process_files(b, files):
    s, v = b["spec"], b["spec"]["version"]
    nfields = 44 if v < (3, 3) else 47 if v < (3, 5) else 52
    mems = s.get("mems_allowed", "00000000,00000001" if s["bits"] == 64 else "1")
    cpus_list = f"0-{s['cpus'] - 1}" if s["cpus"] > 1 else "0"
    for p in b["tasks"]:
        base = f"proc/{p['pid']}/"
        files[base + "stat"] = stat_line(p, nfields)
        files[base + "statm"] = statm_line(p)
        files[base + "status"] = status_text(p, v, s["cpus"], cpus_list, mems)
        if v >= (4, 14) and not p["kthread"]:
            files[base + "smaps_rollup"] = smaps_rollup(p, v)


def e820_memmap(s, files):
    for i, (start, end, kind) in enumerate(s["firmware_map"]):
        base = f"sys/firmware/memmap/{i}/"
        files[base + "start"] = f"0x{start:x}\n"
        files[base + "end"] = f"0x{end:x}\n"
        files[base + "type"] = kind + "\n"


def memory_blocks(s, files):
    """/sys/devices/system/memory: one directory per 128 MiB block that holds any RAM."""
    size = s["memory_block_pages"]
    files["sys/devices/system/memory/block_size_bytes"] = f"{size * 4096:x}\n"
    blocks = set()
    for start, end in s["ram"]:
        for blk in range(start // size, (end - 1) // size + 1):
            blocks.add(blk)
    for blk in sorted(blocks):
        files[f"sys/devices/system/memory/memory{blk}/state"] = "online\n"


def proc_stat(s, b):
    cpus = s["cpus"]
    up = int(s["uptime"])
    lines = []
    tot = [0] * 10
    rows = []
    shares = (8, 0, 4, 85, 1, 0, 1, 0, 0, 0)  # % of each CPU's ticks: user nice system idle iowait irq softirq …
    for c in range(cpus):
        row = [up * share + prand(f"{s['name']}cpu{c}{k}", 0, up // 2) if share else 0 for k, share in enumerate(shares)]
        rows.append(row)
        tot = [a + b_ for a, b_ in zip(tot, row)]
    lines.append("cpu  " + " ".join(str(x) for x in tot[:(10 if s["version"] >= (2, 6, 33) else 9)]))
    for c, row in enumerate(rows):
        lines.append(f"cpu{c} " + " ".join(str(x) for x in row))
    lines.append(f"intr {prand(s['name'] + 'intr', up * 100, up * 900)}")
    lines.append(f"ctxt {prand(s['name'] + 'ctxt', up * 300, up * 3000)}")
    lines.append(f"btime {s['captured_at'] - int(s['uptime'])}")
    lines.append(f"processes {prand(s['name'] + 'proc', up // 2, up * 3)}")
    lines.append(f"procs_running {min(3, cpus)}")
    lines.append("procs_blocked 0")
    if s["version"] >= (2, 6, 31):
        lines.append(f"softirq {prand(s['name'] + 'soft', up * 50, up * 400)}")
    return "\n".join(lines) + "\n"


def files_of(b):
    s = b["spec"]
    files = {}
    files["proc/meminfo"] = s.get("meminfo_override", meminfo_text)(b)
    files["proc/vmstat"] = vmstat_text(b)
    files["proc/zoneinfo"] = zoneinfo_text(b)
    files["proc/swaps"] = swaps(s.get("swaps", []), s["version"])
    files["proc/sys/kernel/hostname"] = s["hostname"] + "\n"
    files["proc/sys/kernel/osrelease"] = s["release"] + "\n"
    files["proc/sys/kernel/random/boot_id"] = s["boot_id"] + "\n"
    files["proc/uptime"] = f"{s['uptime']:.2f} {s['uptime'] * s['cpus'] * 0.93:.2f}\n"
    files["proc/stat"] = proc_stat(s, b)
    files["proc/mounts"] = s["mounts"]
    files["proc/cmdline"] = s["cmdline"] + "\n"
    files["proc/modules"] = modules(s["modules"], s["bits"]) if s.get("modules") else ""
    files["sys/devices/system/cpu/possible"] = f"0-{s['possible_cpus'] - 1}\n" if s["possible_cpus"] > 1 else "0\n"
    files["proc/vmallocinfo"] = vmallocinfo(b["areas"], s["numa"], s["version"])
    if b["truth"]["slab_rows"]:
        files["proc/slabinfo"] = slabinfo(b["truth"]["slab_rows"])
    if s.get("percpu_line"):
        files["dev/kmsg"] = s["percpu_line"] + "\n"
    if s.get("firmware_map"):
        e820_memmap(s, files)
    if s.get("memory_block_pages"):
        memory_blocks(s, files)
    if s.get("boot_config") is not None:
        files[f"boot/config-{s['release']}"] = s["boot_config"]
    if s.get("statfs"):
        files["wired-statfs.txt"] = "".join(f"{m}\t{u}\t{t}\n" for m, u, t in s["statfs"])
    files["etc/passwd"] = s["passwd"]
    for path, text in s.get("extra_files", {}).items():
        files[path] = text(b) if callable(text) else text
    process_files(b, files)
    rec = [f"page_size=4096", f"arch={s['uname_m']}", f"captured_at={s['captured_at']}", f"kernel={s['release']}",
           "captured_as_uid=0", f"clock_ticks=100", f"note={s['note']}"]
    files["wired-capture.txt"] = "\n".join(rec) + "\n"
    return files


# ---------------------------------------------------------------------------------------------------
# Pieces shared by the trees.

BOOT_ID = lambda name: "-".join([hashlib.md5(name.encode()).hexdigest()[i:j] for i, j in
                                 ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))])


def per_cpu(names, cpus):
    return [n.format(c=c) for c in range(cpus) for n in names]


def kthreads_3x(cpus, extra):
    """Kernel threads of a 3.x kernel (kworker/u:N naming before 3.9)."""
    return (per_cpu(["ksoftirqd/{c}", "migration/{c}", "watchdog/{c}", "kworker/{c}:0", "kworker/{c}:1"], cpus) +
            ["kworker/u:0", "kworker/u:1", "cpuset", "khelper", "kdevtmpfs", "netns", "sync_supers", "bdi-default",
             "kintegrityd", "kblockd", "khungtaskd", "kswapd0", "fsnotify_mark", "crypto"] + extra)


def kthreads_4x(cpus, extra, rcu=("rcu_sched", "rcu_bh")):
    """Kernel threads of a 4.x/5.x kernel."""
    return (["rcu_gp", "rcu_par_gp", "kworker/0:0H", "mm_percpu_wq"] + list(rcu) +
            per_cpu(["cpuhp/{c}", "migration/{c}", "ksoftirqd/{c}", "kworker/{c}:1"], cpus) +
            ["kdevtmpfs", "netns", "kauditd", "khungtaskd", "oom_reaper", "writeback", "kcompactd0", "ksmd",
             "khugepaged", "crypto", "kintegrityd", "kblockd", "md", "edac-poller", "watchdogd", "kswapd0",
             "kthrotld", "acpi_thermal_pm", "kworker/u{n}:0".format(n=2 * cpus), "kworker/u{n}:1".format(n=2 * cpus),
             "ipv6_addrconf", "kstrp"] + extra)


def module_areas(mods, caller, outside_range):
    """One vmalloc area per loaded module: its core size rounded to pages, plus the guard page."""
    areas = []
    for m in mods:
        pages = -(-m[1] // 4096)
        areas.append({"size": (pages + 1) * 4096, "caller": caller, "pages": pages, "kind": "vmalloc",
                      "outside_range": outside_range})
    return areas


def area(size_bytes, caller, kind="vmalloc", pages=None, phys=None, outside_range=False, ptr_bytes=None):
    """A vmalloc area of size_bytes of mapping (guard page added here), owning `pages` pages."""
    a = {"size": size_bytes + 4096, "caller": caller, "kind": kind, "outside_range": outside_range}
    if kind in ("vmalloc", "vmalloc user") and pages is None:
        pages = size_bytes // 4096
    if pages:
        a["pages"] = pages
    if phys is not None:
        a["phys"] = phys
    if ptr_bytes:
        a["ptr_bytes"] = ptr_bytes
    return a


# (name, objsize, objperslab, pagesperslab, reclaimable) with the flag the kernel creates the cache with
# (SLAB_RECLAIM_ACCOUNT): dentry, inode_cache, <fs>_inode_cache of ext4/xfs/proc/sock, radix_tree_node,
# buffer_head, ext4_extent_status, ext4_io_end (KMEM_CACHE(ext4_io_end, SLAB_RECLAIM_ACCOUNT) in
# fs/ext4/page-io.c), jbd2_journal_head (SLAB_TEMPORARY, which is SLAB_RECLAIM_ACCOUNT, in fs/jbd2/journal.c),
# mbcache, bdev_cache, kmalloc-rcl-* are reclaimable; shmem_inode_cache, lsm_inode_cache,
# hugetlbfs_inode_cache, mqueue_inode_cache, kernfs_node_cache and the per-task/process objects are not
# (mm/shmem.c, security/security.c, fs/hugetlbfs/inode.c, ipc/mqueue.c, fs/kernfs/mount.c). xfs_ili is
# reclaimable from 5.7 ("xfs: correctly acount for reclaimable slabs"), not before: the shape here is the
# 4.18 one, and modern_slab gives its own.
SLAB_SHAPES = {
    "dentry": (192, 21, 1, True), "inode_cache": (600, 27, 4, True), "ext4_inode_cache": (1080, 30, 8, True),
    "xfs_inode": (960, 34, 8, True), "proc_inode_cache": (664, 24, 4, True), "sock_inode_cache": (704, 23, 4, True),
    "radix_tree_node": (576, 28, 4, True), "buffer_head": (104, 39, 1, True), "ext4_extent_status": (40, 102, 1, True),
    "mbcache": (56, 73, 1, True), "bdev_cache": (832, 39, 8, True), "kmalloc-rcl-64": (64, 64, 1, True),
    "kmalloc-rcl-96": (96, 42, 1, True), "kmalloc-rcl-128": (128, 32, 1, True),
    "shmem_inode_cache": (720, 22, 4, False), "lsm_inode_cache": (136, 30, 1, False),
    "hugetlbfs_inode_cache": (608, 26, 4, False), "mqueue_inode_cache": (928, 17, 4, False),
    "kernfs_node_cache": (128, 32, 1, False), "task_struct": (5888, 5, 8, False), "mm_struct": (1024, 32, 8, False),
    "vm_area_struct": (200, 20, 1, False), "anon_vma": (88, 46, 1, False), "anon_vma_chain": (64, 64, 1, False),
    "files_cache": (704, 23, 4, False), "signal_cache": (1088, 30, 8, False), "sighand_cache": (2112, 15, 8, False),
    "filp": (256, 16, 1, False), "pid": (128, 32, 1, False), "cred_jar": (192, 21, 1, False),
    "skbuff_head_cache": (256, 16, 1, False), "TCP": (2304, 14, 8, False), "UDP": (1088, 30, 8, False),
    "kmalloc-8k": (8192, 4, 8, False), "kmalloc-4k": (4096, 8, 8, False), "kmalloc-2k": (2048, 16, 8, False),
    "kmalloc-1k": (1024, 32, 8, False), "kmalloc-512": (512, 32, 4, False), "kmalloc-256": (256, 32, 2, False),
    "kmalloc-192": (192, 21, 1, False), "kmalloc-128": (128, 32, 1, False), "kmalloc-96": (96, 42, 1, False),
    "kmalloc-64": (64, 64, 1, False), "kmalloc-32": (32, 128, 1, False), "kmalloc-16": (16, 256, 1, False),
    "kmalloc-8": (8, 512, 1, False), "kmalloc-8192": (8192, 4, 8, False), "kmalloc-4096": (4096, 8, 8, False),
    "kmalloc-2048": (2048, 16, 8, False), "kmalloc-1024": (1024, 32, 8, False), "jbd2_journal_head": (120, 34, 1, True),
    "ext4_io_end": (64, 64, 1, True), "xfs_ili": (200, 20, 1, False), "blkdev_requests": (408, 20, 2, False),
}


def slab_table(rows):
    """rows: (name, kB, used fraction), shapes from SLAB_SHAPES or given as (name, kB, used, shape)."""
    out = []
    for r in rows:
        name, kb_, used = r[0], r[1], r[2]
        objsize, perslab, pps, rec = r[3] if len(r) > 3 else SLAB_SHAPES[name]
        out.append((name, objsize, perslab, pps, kb_, rec, used))
    return out


def passwd(entries):
    return "".join(f"{n}:x:{u}:{u}::/:\n" for n, u in entries)


# ---------------------------------------------------------------------------------------------------
# The trees. Numbers are kB unless a name says pages; user entries are
# (comm, threads, anon kB, file kB, shmem kB, page-table kB, uid[, ppid[, options]]).

X86_RESERVE_3 = [256, 256, 32, 0]         # DMA, DMA32, Normal, Movable (3.x sysctl_lowmem_reserve_ratio)
X86_RESERVE_5 = [256, 256, 32, 0, 0]      # … and Device (4.x/5.x)
X86_ZONES = [("DMA", 0, 4096, False), ("DMA32", 4096, 1048576, False), ("Normal", 1048576, 1 << 40, False)]
X86_ZONES_5 = X86_ZONES + [("Movable", 1 << 40, 1 << 40, False), ("Device", 1 << 40, 1 << 40, False)]


def ubuntu_3_2():
    mods = [("ipt_REJECT", 12541, 1, []), ("xt_state", 12578, 3, []), ("nf_conntrack_ipv4", 19716, 3, []),
            ("nf_defrag_ipv4", 12758, 1, ["nf_conntrack_ipv4"]), ("nf_conntrack", 81926, 2, ["xt_state", "nf_conntrack_ipv4"]),
            ("iptable_filter", 12810, 1, []), ("ip_tables", 27473, 1, ["iptable_filter"]),
            ("x_tables", 29846, 4, ["ipt_REJECT", "xt_state", "iptable_filter", "ip_tables"]),
            ("e1000e", 166069, 0, []), ("i7core_edac", 24412, 0, []), ("edac_core", 52417, 1, ["i7core_edac"]),
            ("psmouse", 87692, 0, []), ("serio_raw", 13211, 0, []), ("mac_hid", 13253, 0, []), ("lp", 17799, 0, []),
            ("parport", 46562, 1, ["lp"]), ("ahci", 25951, 3, []), ("libahci", 26825, 1, ["ahci"]),
            ("usbhid", 47199, 0, []), ("hid", 99559, 1, ["usbhid"])]
    hash_caller = "alloc_large_system_hash+0x17d/0x25a"
    vm = module_areas(mods, "module_alloc_update_bounds+0x14/0x70", outside_range=True)
    vm += [area(4194304, hash_caller), area(2097152, hash_caller), area(8388608, hash_caller),
           area(1048576, hash_caller), area(65536, hash_caller), area(65536, hash_caller),
           area(524288, "sys_swapon+0x306/0xac0"),
           area(4096, "acpi_os_map_memory+0xf7/0x14e", "ioremap", phys=0xdfff0000),
           area(8192, "acpi_os_map_memory+0xf7/0x14e", "ioremap", phys=0xdfff3000),
           area(131072, "pci_iomap+0x55/0x6e", "ioremap", phys=0xfbce0000),
           area(4096, "hpet_enable+0x32/0x2a6", "ioremap", phys=0xfed00000),
           area(4096, "pcim_iomap+0x3b/0x90", "ioremap", phys=0xfbcff000),
           area(4096, "usb_hcd_pci_probe+0x318/0x470", "ioremap", phys=0xfbcfe000),
           area(4096, "usb_hcd_pci_probe+0x318/0x470", "ioremap", phys=0xfbcfd000)]
    vm += [{"size": 1048576, "caller": "pcpu_get_vm_areas+0x0/0x530", "kind": "vmalloc"} for _ in range(2)]
    users = [
        ("init", 1, 1048, 1232, 0, 52, 0, 0),
        ("upstart-udev-br", 1, 240, 520, 0, 24, 0, 1), ("udevd", 1, 380, 660, 0, 28, 0, 1),
        ("udevd", 1, 380, 660, 0, 28, 0, 1), ("udevd", 1, 380, 660, 0, 28, 0, 1),
        ("rsyslogd", 4, 1360, 1024, 0, 44, 101, 1), ("dbus-daemon", 1, 520, 980, 0, 32, 102, 1),
        ("sshd", 1, 660, 1620, 0, 40, 0, 1), ("cron", 1, 340, 900, 0, 28, 0, 1), ("atd", 1, 140, 500, 0, 24, 1, 1),
        ("mysqld", 24, 640000, 8200, 0, 1420, 105, 1, {"fdsize": 256, "swap": 6400}),
        ("memcached", 6, 164000, 720, 0, 348, 65534, 1, {"swap": 2192}),
        ("apache2", 1, 6800, 9200, 1024, 120, 0, 1)] + \
        [("apache2", 1, 44000, 11000, 1024, 180, 33, "apache2")] * 6 + \
        [("getty", 1, 120, 600, 0, 20, 0, 1)] * 6 + [
        ("ntpd", 1, 780, 1400, 0, 36, 104, 1), ("sshd", 1, 980, 1680, 0, 44, 0, 1), ("bash", 1, 1380, 1800, 0, 40, 1000, 1)]
    slab = slab_table([
        ("dentry", 142000, 0.97), ("ext4_inode_cache", 118000, 0.99, (880, 18, 4, True)),
        ("radix_tree_node", 24000, 0.9), ("inode_cache", 9800, 0.95), ("proc_inode_cache", 3100, 0.8),
        ("sock_inode_cache", 1600, 0.8), ("buffer_head", 3900, 0.9), ("shmem_inode_cache", 1200, 0.9),
        ("mqueue_inode_cache", 80, 0.1), ("hugetlbfs_inode_cache", 96, 0.2), ("task_struct", 1560, 0.9, (5888, 5, 8, False)),
        ("mm_struct", 1200, 0.7, (896, 18, 4, False)), ("vm_area_struct", 5200, 0.9, (176, 23, 1, False)),
        ("anon_vma", 900, 0.9, (56, 73, 1, False)), ("anon_vma_chain", 1300, 0.9, (48, 85, 1, False)),
        ("files_cache", 620, 0.7), ("signal_cache", 900, 0.8), ("sighand_cache", 1300, 0.8), ("filp", 3300, 0.8),
        ("skbuff_head_cache", 1100, 0.8), ("TCP", 2200, 0.6, (1728, 18, 8, False)), ("UDP", 400, 0.4, (832, 19, 4, False)),
        ("jbd2_journal_head", 600, 0.5), ("kmalloc-8192", 1600, 0.9), ("kmalloc-4096", 2400, 0.9),
        ("kmalloc-2048", 1900, 0.9), ("kmalloc-1024", 1800, 0.9), ("kmalloc-512", 1500, 0.9),
        ("kmalloc-256", 800, 0.9), ("kmalloc-192", 700, 0.9), ("kmalloc-128", 500, 0.9), ("kmalloc-96", 400, 0.9),
        ("kmalloc-64", 1500, 0.9), ("kmalloc-32", 500, 0.9), ("kmalloc-16", 200, 0.9), ("kmalloc-8", 160, 0.9),
        ("blkdev_requests", 300, 0.4)])
    return {
        "name": "ubuntu-3.2-x86_64", "version": (3, 2), "era": "3.2", "release": "3.2.0-126-generic",
        "hostname": "db1", "uname_m": "x86_64", "bits": 64, "cpus": 2, "possible_cpus": 2, "numa": True,
        "struct_page": 64, "zone_bounds": X86_ZONES[:2] + [("Normal", 1048576, 1179648, False), ("Movable", 1 << 40, 1 << 40, False)],
        "zone_start": {"DMA": 16}, "ram": [(0, 159), (256, 917488), (1048576, 1179648)],
        "memtotal": 4036508, "reserve_ratio": X86_RESERVE_3, "event_zones": ["dma", "dma32", "normal", "movable"],
        "pcp": {"DMA": [0, 0], "DMA32": [142, 77], "Normal": [38, 154]},
        "kthreads": kthreads_3x(2, ["ata_sff", "khubd", "md", "ksmd", "khugepaged", "ecryptfs-kthrea", "kthrotld",
                                    "scsi_eh_0", "scsi_eh_1", "scsi_eh_2", "scsi_eh_3", "kpsmoused",
                                    "jbd2/sda1-8", "ext4-dio-unwrit", "flush-8:0"]),
        "user": users, "first_user_pid": 340, "stack_kb": 8, "vmap_stack": False, "vmalloc": vm,
        "shmem": 1540, "swapcached": 2148, "buffers": 98304, "file_lru": (812000, 1065000), "dirty": 164,
        "thp_kb": 405504, "slab": slab, "percpu_pages_per_cpu": 27, "percpu_dynamic": 512,
        "remainder": [("e1000e receive rings and page fragments", 4096),
                      ("large kmalloc (> 8 KiB) from the page allocator, not counted in Slab before 5.x", 1200),
                      ("other driver and early allocations nobody reports", 3944)],
        "swaps": [("/dev/sda5", "partition", 2095100, 8592, -1)], "vmalloc_total": 34359738367,
        "config": {"thp": True, "hugetlbfs": True, "memory_failure": True,
                   "directmap": [("DirectMap4k", 10240), ("DirectMap2M", 4184064)]},
        "uptime": 1187421.37, "captured_at": 1493526600, "boot_id": BOOT_ID("ubuntu-3.2"),
        "mounts": "rootfs / rootfs rw 0 0\nsysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "udev /dev devtmpfs rw,relatime,size=2009900k,nr_inodes=502475,mode=755 0 0\n"
                  "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n"
                  "tmpfs /run tmpfs rw,nosuid,relatime,size=807304k,mode=755 0 0\n"
                  "/dev/disk/by-uuid/5b1f0e3c-8d0a-4c61-9b7e-0f3a2d6c1e44 / ext4 rw,relatime,errors=remount-ro,user_xattr,barrier=1,data=ordered 0 0\n"
                  "none /sys/fs/fuse/connections fusectl rw,relatime 0 0\nnone /sys/kernel/debug debugfs rw,relatime 0 0\n"
                  "none /sys/kernel/security securityfs rw,relatime 0 0\n"
                  "none /run/lock tmpfs rw,nosuid,nodev,noexec,relatime,size=5120k 0 0\n"
                  "none /run/shm tmpfs rw,nosuid,nodev,relatime 0 0\n",
        "statfs": [("/dev", 4096, 2058137600), ("/run", 491520, 826679296), ("/run/lock", 0, 5242880),
                   ("/run/shm", 0, 2066505728)],
        "cmdline": "BOOT_IMAGE=/vmlinuz-3.2.0-126-generic root=UUID=5b1f0e3c-8d0a-4c61-9b7e-0f3a2d6c1e44 ro quiet",
        "modules": mods, "firmware_map": [(0x0, 0x9fbff, "System RAM"), (0x9fc00, 0x9ffff, "reserved"),
                                          (0xe0000, 0xfffff, "reserved"), (0x100000, 0xdffeffff, "System RAM"),
                                          (0xdfff0000, 0xdfffffff, "ACPI Tables"), (0xfec00000, 0xffffffff, "reserved"),
                                          (0x100000000, 0x11fffffff, "System RAM")],
        "memory_block_pages": 32768,
        "boot_config": "# Reduced by capture-fixture.sh to the options wired reads.\n# CONFIG_VMAP_STACK is not set\n",
        "passwd": passwd([("root", 0), ("daemon", 1), ("www-data", 33), ("syslog", 101), ("messagebus", 102),
                          ("ntp", 104), ("mysql", 105), ("admin", 1000), ("nobody", 65534)]),
        "note": "hand-made by Scripts/make-old-kernel-fixtures.py: Ubuntu 12.04 LAMP server on 3.2.0-126-generic, see README.md",
    }


def android_3_4():
    users = [
        ("init", 1, 520, 300, 0, 12, 0, 0), ("ueventd", 1, 180, 220, 0, 8, 0, 1),
        ("servicemanager", 1, 120, 240, 0, 8, 1000, 1), ("vold", 3, 320, 600, 0, 16, 0, 1),
        ("netd", 8, 520, 800, 0, 20, 0, 1), ("debuggerd", 1, 140, 380, 0, 12, 0, 1),
        ("rild", 11, 1100, 1900, 0, 36, 1001, 1), ("surfaceflinger", 12, 12800, 9600, 1200, 180, 1000, 1),
        ("zygote", 4, 9200, 14800, 2200, 240, 0, 1), ("drmserver", 3, 760, 1900, 0, 28, 1019, 1),
        ("mediaserver", 14, 8400, 6200, 400, 150, 1013, 1), ("installd", 1, 240, 500, 0, 12, 0, 1),
        ("keystore", 1, 300, 620, 0, 12, 1017, 1), ("sdcard", 3, 210, 400, 0, 12, 1023, 1),
        ("adbd", 4, 280, 560, 0, 16, 2000, 1), ("mpdecision", 6, 260, 520, 0, 16, 1000, 1),
        ("thermald", 3, 320, 540, 0, 16, 0, 1), ("qseecomd", 2, 260, 520, 0, 12, 1000, 1),
        ("system_server", 92, 71800, 41200, 6200, 1120, 1000, "zygote"), ("com.android.systemui", 24, 41200, 28800, 3100, 560, 10012, "zygote"),
        ("com.android.phone", 22, 18200, 19600, 1200, 320, 1001, "zygote"),
        ("com.google.android.gms.persistent", 48, 45600, 30200, 800, 620, 10013, "zygote"),
        ("com.android.launcher3", 26, 35200, 26400, 4100, 460, 10014, "zygote"),
        ("com.google.process.gapps", 30, 22400, 21800, 300, 380, 10013, "zygote"),
        ("android.process.media", 18, 12200, 15400, 200, 220, 10008, "zygote"),
        ("com.android.chrome", 36, 98600, 42100, 9200, 980, 10044, "zygote"),
        ("com.android.chrome:sandboxed_process0", 14, 64200, 18900, 6100, 540, 99000, "zygote"),
    ]
    binder_users = 21
    vm = [area(1040384, "binder_mmap+0xa4/0x2a8", "ioremap") for _ in range(binder_users)]
    vm += [area(3686400, "ion_iommu_heap_map_kernel+0x4c/0x80", "vmap") for _ in range(3)]
    vm += [area(131072, "of_iomap+0x3c/0x58", "ioremap", phys=0x4300000),
           area(65536, "devm_ioremap_nocache+0x48/0x78", "ioremap", phys=0x5100000),
           area(8192, "devm_ioremap_nocache+0x48/0x78", "ioremap", phys=0x12500000),
           area(16384, "devm_ioremap_nocache+0x48/0x78", "ioremap", phys=0x16300000),
           area(4096, "of_iomap+0x3c/0x58", "ioremap", phys=0x200a000),
           area(1048576, "of_iomap+0x3c/0x58", "ioremap", phys=0x4500000)]
    vm += [{"size": 32768, "caller": "pcpu_get_vm_areas+0x0/0x5d8", "kind": "vmalloc"} for _ in range(4)]
    mods = [("wlan", 2893420, 0, [], "(O)")]
    vm += module_areas(mods, "module_alloc_update_bounds+0x14/0x70", outside_range=True)
    kt = (per_cpu(["ksoftirqd/{c}", "migration/{c}", "kworker/{c}:0", "kworker/{c}:1"], 4) +
          ["khelper", "netns", "kworker/u:0", "kworker/u:1", "kworker/u:2", "modem_notifier", "smd_channel_clo",
           "smsm_cb_wq", "qmi", "rpcrouter", "rpcrotuer_smd_x", "kadspd", "kmpm", "sync_supers", "bdi-default",
           "kblockd", "kseriod", "msm_slim_ctrl_r", "kinteractiveup", "kswapd0", "fsnotify_mark", "cfinteractive",
           "binder", "mdp_dma_wq", "k_hsuart", "kgsl-3d0", "mmcqd/0", "mmcqd/0rpmb", "jbd2/mmcblk0p21-8",
           "ext4-dio-unwrit", "jbd2/mmcblk0p23-8", "flush-179:0", "kauditd", "ion_noncontig_h", "msm_ipc_router",
           "krfcommd", "irq/288-synapti", "mdss_dsi_event"])
    return {
        "name": "android-3.4-armv7", "version": (3, 4), "era": "3.4", "release": "3.4.0-perf-gf43c3d9",
        "hostname": "localhost", "uname_m": "armv7l", "bits": 32, "cpus": 4, "possible_cpus": 4, "numa": False,
        "struct_page": 32, "zone_bounds": [("Normal", 524800, 718848, False), ("HighMem", 718848, 1048576, True), ("Movable", 1 << 40, 1 << 40, False)],
        "ram": [(524800, 557056), (587776, 718848), (718848, 1038848)], "memtotal": 1901040,
        "reserve_ratio": [32, 32, 0], "event_zones": ["normal", "high", "movable"],
        "pcp": {"Normal": [62, 28, 51, 9], "HighMem": [171, 94, 139, 120]},
        "kthreads": kt, "user": users, "first_user_pid": 300, "stack_kb": 8, "vmap_stack": False, "vmalloc": vm,
        "shmem": 36200, "buffers": 12744, "file_lru": (402600, 385400), "dirty": 88,
        "slab_totals": (61220, 58944), "percpu_pages_per_cpu": 8, "percpu_dynamic": 128,
        "remainder": [("GPU memory of kgsl (Adreno), allocated page by page", 24576),
                      ("ION system heap (gralloc buffers of surfaces)", 20480),
                      ("binder transaction buffers, mapped into the 21 binder areas", 1536),
                      ("large kmalloc and other unreported driver allocations", 2048)],
        "swaps": [], "vmalloc_total": 245760, "smp": True,
        "config": {"thp": False, "hugetlbfs": False, "memory_failure": False},
        "uptime": 251873.42, "captured_at": 1402490000, "boot_id": BOOT_ID("android-3.4"),
        "mounts": "rootfs / rootfs ro,relatime 0 0\ntmpfs /dev tmpfs rw,nosuid,relatime,mode=755 0 0\n"
                  "devpts /dev/pts devpts rw,relatime,mode=600 0 0\nproc /proc proc rw,relatime 0 0\n"
                  "sysfs /sys sysfs rw,relatime 0 0\nnone /acct cgroup rw,relatime,cpuacct 0 0\n"
                  "tmpfs /mnt/asec tmpfs rw,relatime,mode=755,gid=1000 0 0\n"
                  "tmpfs /mnt/obb tmpfs rw,relatime,mode=755,gid=1000 0 0\n"
                  "none /dev/cpuctl cgroup rw,relatime,cpu 0 0\n"
                  "/dev/block/platform/msm_sdcc.1/by-name/system /system ext4 ro,relatime,data=ordered 0 0\n"
                  "/dev/block/platform/msm_sdcc.1/by-name/userdata /data ext4 rw,nosuid,nodev,noatime,errors=panic,data=ordered 0 0\n"
                  "/dev/block/platform/msm_sdcc.1/by-name/cache /cache ext4 rw,nosuid,nodev,noatime,errors=panic,data=ordered 0 0\n"
                  "/dev/fuse /storage/emulated/0 fuse rw,nosuid,nodev,relatime,user_id=1023,group_id=1023,default_permissions,allow_other 0 0\n",
        "statfs": [("/dev", 98304, 971612160), ("/mnt/asec", 0, 971612160), ("/mnt/obb", 0, 971612160)],
        "cmdline": "console=ttyHSL0,115200,n8 androidboot.hardware=mako lpj=67677 user_debug=31 msm_rtb.filter=0x3F "
                   "ehci-hcd.park=3 androidboot.bootloader=MAKOZ30f androidboot.baseband=msm",
        "modules": mods, "passwd": "",
        "note": "hand-made by Scripts/make-old-kernel-fixtures.py: Android 4.4 phone on a Qualcomm 3.4 kernel (32-bit ARM, highmem), see README.md",
    }


def router_4_1():
    mods = [("mt76x2e", 53248, 0, []), ("mt76", 28672, 1, ["mt76x2e"]), ("mac80211", 448512, 2, ["mt76x2e", "mt76"]),
            ("cfg80211", 212992, 3, ["mt76x2e", "mt76", "mac80211"]), ("compat", 4096, 3, ["mac80211", "cfg80211"]),
            ("pppoe", 9632, 0, []), ("ppp_async", 7360, 0, []), ("pppox", 1584, 1, ["pppoe"]),
            ("ppp_generic", 22416, 3, ["pppoe", "ppp_async", "pppox"]), ("slhc", 4544, 1, ["ppp_generic"]),
            ("iptable_nat", 1360, 0, []), ("ipt_MASQUERADE", 816, 1, []), ("nf_nat_ipv4", 4096, 1, ["iptable_nat"]),
            ("nf_nat", 10240, 2, ["ipt_MASQUERADE", "nf_nat_ipv4"]), ("nf_conntrack_ipv4", 5664, 12, []),
            ("nf_defrag_ipv4", 864, 1, ["nf_conntrack_ipv4"]),
            ("nf_conntrack", 58720, 6, ["iptable_nat", "ipt_MASQUERADE", "nf_nat_ipv4", "nf_nat", "nf_conntrack_ipv4"]),
            ("xt_conntrack", 2624, 16, []), ("xt_state", 720, 0, []), ("xt_tcpudp", 1760, 1, []),
            ("xt_multiport", 1392, 0, []), ("xt_comment", 496, 67, []), ("xt_LOG", 1088, 0, []),
            ("nf_log_ipv4", 2848, 0, []), ("nf_log_common", 2272, 1, ["nf_log_ipv4"]),
            ("iptable_mangle", 1120, 1, []), ("iptable_filter", 1008, 1, []),
            ("ip_tables", 8896, 3, ["iptable_nat", "iptable_mangle", "iptable_filter"]),
            ("x_tables", 10112, 14, ["ipt_MASQUERADE", "xt_conntrack", "xt_state", "xt_tcpudp", "xt_multiport",
                                      "xt_comment", "xt_LOG", "iptable_mangle", "iptable_filter", "ip_tables"]),
            ("ip6table_filter", 704, 1, []), ("ip6_tables", 9152, 1, ["ip6table_filter"]),
            ("gpio_button_hotplug", 5792, 0, [])]
    vm = module_areas(mods, "module_alloc+0x10/0x1c", outside_range=False)
    vm += [area(268435456, "devm_ioremap+0x50/0xa8", "ioremap", phys=0x60000000),
           area(1048576, "pci_iomap+0x60/0x8c", "ioremap", phys=0x60100000),
           area(65536, "xt_alloc_table_info+0xb4/0x110"), area(49152, "xt_alloc_table_info+0xb4/0x110"),
           area(32768, "xt_alloc_table_info+0xb4/0x110"), area(36864, "xt_alloc_table_info+0xb4/0x110"),
           area(12288, "n_tty_open+0x1c/0xf8"), area(12288, "n_tty_open+0x1c/0xf8")]
    vm += [{"size": 36864, "caller": "pcpu_get_vm_areas+0x0/0x5e4", "kind": "vmalloc"} for _ in range(4)]
    users = [("procd", 1, 420, 980, 0, 16, 0, 0), ("ubusd", 1, 120, 460, 0, 12, 0, 1),
             ("askfirst", 1, 96, 380, 0, 8, 0, 1), ("logd", 1, 240, 420, 0, 12, 0, 1),
             ("rpcd", 1, 360, 820, 0, 16, 0, 1), ("netifd", 1, 620, 1080, 0, 20, 0, 1),
             ("odhcpd", 1, 200, 560, 0, 12, 0, 1), ("dropbear", 1, 180, 520, 0, 12, 0, 1),
             ("uhttpd", 1, 380, 900, 0, 16, 0, 1), ("hostapd", 1, 1460, 1320, 0, 28, 0, 1),
             ("hostapd", 1, 1380, 1320, 0, 28, 0, 1), ("dnsmasq", 1, 880, 760, 0, 20, 65534, 1),
             ("ntpd", 1, 120, 360, 0, 8, 0, 1), ("crond", 1, 100, 340, 0, 8, 0, 1),
             ("miniupnpd", 1, 240, 540, 0, 12, 0, 1), ("odhcp6c", 1, 140, 400, 0, 8, 0, 1),
             ("udhcpc", 1, 120, 380, 0, 8, 0, 1), ("dropbear", 1, 220, 520, 0, 12, 0, 1),
             ("ash", 1, 180, 620, 0, 12, 0, 1)]
    kt = (per_cpu(["ksoftirqd/{c}", "migration/{c}", "kworker/{c}:0", "kworker/{c}:0H", "kworker/{c}:1"], 4) +
          ["rcu_sched", "rcu_bh", "khelper", "kdevtmpfs", "perf", "writeback", "crypto", "bioset", "kblockd",
           "kswapd0", "fsnotify_mark", "kworker/u8:0", "kworker/u8:1", "ipv6_addrconf", "deferwq", "spi32766",
           "mtdblock0", "mtdblock1", "mtdblock2", "mtdblock3", "mtdblock4", "mtdblock5", "mtdblock6",
           "jffs2_gcd_mtd6"])
    return {
        "name": "router-4.1-mips", "version": (4, 1), "era": "4.1", "release": "4.1.16",
        "hostname": "OpenWrt", "uname_m": "mips", "bits": 32, "cpus": 4, "possible_cpus": 4, "numa": False,
        "zone_bounds": [("Normal", 0, 32768, False), ("Movable", 1 << 40, 1 << 40, False)], "ram": [(0, 32768)], "zone_reserved": {"Normal": 1656},
        "reserve_ratio": [32, 0], "event_zones": ["normal", "movable"],
        "pcp": {"Normal": [14, 3, 9, 6]}, "kthreads": kt, "user": users, "first_user_pid": 320,
        "stack_kb": 8, "vmap_stack": False, "vmalloc": vm, "shmem": 1412, "buffers": 2480,
        "file_lru": (8200, 7360), "dirty": 0, "slab_totals": (2840, 8120), "percpu_pages_per_cpu": 9,
        "percpu_dynamic": 96,
        "remainder": [("frame engine DMA rings and packet buffers (raw pages)", 1536),
                      ("mt76 DMA rings", 1024), ("large kmalloc and other unreported allocations", 256)],
        "swaps": [], "vmalloc_total": 1048372, "vmalloc_fragment": 40960, "smp": True,
        "config": {"thp": False, "hugetlbfs": False, "memory_failure": False},
        "uptime": 2593114.06, "captured_at": 1465473600, "boot_id": BOOT_ID("router-4.1"),
        "percpu_line": "6,52,0,-;PERCPU: Embedded 9 pages/cpu @81f1a000 s14080 r8192 d14592 u36864",
        "mounts": "/dev/root /rom squashfs ro,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,noatime 0 0\n"
                  "sysfs /sys sysfs rw,nosuid,nodev,noexec,noatime 0 0\ntmpfs /tmp tmpfs rw,nosuid,nodev,noatime 0 0\n"
                  "/dev/mtdblock6 /overlay jffs2 rw,noatime 0 0\n"
                  "overlayfs:/overlay / overlay rw,noatime,lowerdir=/,upperdir=/overlay/upper,workdir=/overlay/work 0 0\n"
                  "tmpfs /dev tmpfs rw,nosuid,relatime,size=512k,mode=755 0 0\n"
                  "devpts /dev/pts devpts rw,nosuid,noexec,relatime,mode=600 0 0\n"
                  "debugfs /sys/kernel/debug debugfs rw,noatime 0 0\n",
        "statfs": [("/tmp", 1445888, 63717376), ("/dev", 0, 524288)],
        "cmdline": "console=ttyS0,57600 rootfstype=squashfs,jffs2", "modules": mods,
        "passwd": passwd([("root", 0), ("nobody", 65534)]),
        "note": "hand-made by Scripts/make-old-kernel-fixtures.py: MT7621 router (MIPS32, 128 MiB) on 4.1.16, see README.md",
    }


def armboard_4_4():
    mods = [("uvcvideo", 86016, 0, []), ("videobuf2_vmalloc", 16384, 1, ["uvcvideo"]),
            ("videobuf2_memops", 16384, 1, ["videobuf2_vmalloc"]), ("videobuf2_v4l2", 24576, 1, ["uvcvideo"]),
            ("videobuf2_core", 40960, 2, ["uvcvideo", "videobuf2_v4l2"]),
            ("overlay", 49152, 2, []), ("xt_conntrack", 16384, 2, []), ("ipt_MASQUERADE", 16384, 2, []),
            ("nf_nat_masquerade_ipv4", 16384, 1, ["ipt_MASQUERADE"]), ("iptable_nat", 16384, 1, []),
            ("nf_nat_ipv4", 16384, 1, ["iptable_nat"]), ("xt_addrtype", 16384, 2, []),
            ("br_netfilter", 24576, 0, []), ("bridge", 126976, 1, ["br_netfilter"]), ("stp", 16384, 1, ["bridge"]),
            ("llc", 16384, 2, ["bridge", "stp"]), ("nf_nat", 24576, 2, ["nf_nat_masquerade_ipv4", "nf_nat_ipv4"]),
            ("nf_conntrack", 90112, 5, ["xt_conntrack", "nf_nat_masquerade_ipv4", "nf_nat_ipv4", "nf_nat"]),
            ("iptable_filter", 16384, 1, []), ("ip_tables", 20480, 2, ["iptable_nat", "iptable_filter"]),
            ("x_tables", 28672, 6, ["xt_conntrack", "ipt_MASQUERADE", "xt_addrtype", "iptable_filter", "ip_tables"])]
    vm = module_areas(mods, "module_alloc+0x58/0xb4", outside_range=True)
    vm += [area(4149248, "vb2_vmalloc_alloc+0x40/0xb0 [videobuf2_vmalloc]", "vmalloc user") for _ in range(11)]
    vm += [area(65536, "alloc_fdmem+0x30/0x48"), area(65536, "alloc_fdmem+0x30/0x48"),
           area(12288, "n_tty_open+0x18/0xd8"), area(12288, "n_tty_open+0x18/0xd8"), area(12288, "n_tty_open+0x18/0xd8"),
           area(4096, "bpf_prog_alloc+0x3c/0xb8"), area(4096, "bpf_prog_alloc+0x3c/0xb8")]
    vm += [area(8192, "of_iomap+0x40/0x58", "ioremap", phys=p) for p in (0xff760000, 0xff770000, 0xff330000,
                                                                       0xff320000, 0xff8f0000, 0xff900000)]
    vm += [area(65536, "devm_ioremap_resource+0x70/0xd8", "ioremap", phys=p) for p in (0xfe380000, 0xfe800000,
                                                                                       0xfe900000, 0xfe310000)]
    vm += [{"size": 5709824 + 4096, "caller": None, "kind": "user"}]
    vm += [{"size": 86016, "caller": "pcpu_get_vm_areas+0x0/0x580", "kind": "vmalloc"} for _ in range(6)]
    users = [("systemd", 1, 2600, 5200, 0, 88, 0, 0), ("systemd-journal", 1, 1900, 6800, 2300, 60, 0, 1),
             ("systemd-udevd", 1, 1100, 2600, 0, 44, 0, 1), ("systemd-network", 1, 720, 2200, 0, 40, 100, 1),
             ("systemd-resolve", 1, 980, 2600, 0, 44, 101, 1), ("systemd-logind", 1, 620, 2100, 0, 36, 0, 1),
             ("dbus-daemon", 1, 780, 1900, 0, 36, 103, 1), ("cron", 1, 320, 1500, 0, 32, 0, 1),
             ("rsyslogd", 4, 1460, 2400, 0, 48, 102, 1), ("sshd", 1, 820, 3100, 0, 48, 0, 1),
             ("dockerd", 22, 38400, 21200, 0, 212, 0, 1, {"fdsize": 8192}), ("containerd", 14, 18800, 14100, 0, 140, 0, 1),
             ("containerd-shim", 10, 3900, 5400, 0, 64, 0, "containerd"),
             ("motion", 8, 62400, 9800, 0, 180, 0, "containerd-shim"), ("nginx", 1, 1200, 4400, 0, 52, 0, 1),
             ("nginx", 1, 2800, 4400, 0, 56, 33, "nginx"), ("nginx", 1, 2800, 4400, 0, 56, 33, "nginx"),
             ("python3", 3, 24600, 9100, 0, 120, 1000, 1), ("agetty", 1, 180, 1300, 0, 28, 0, 1),
             ("sshd", 1, 1100, 3200, 0, 52, 1000, 1), ("bash", 1, 1700, 2800, 0, 40, 1000, 1)]
    kt = kthreads_4x(6, ["irq/38-rockchip", "kworker/u12:2", "spi0", "spi1", "mmcqd/1", "mmcqd/1boot0",
                         "mmcqd/1boot1", "mmcqd/1rpmb", "jbd2/mmcblk1p7-8", "ext4-rsv-conver", "vcodec",
                         "dhd_watchdog_th", "dhd_dpc", "dhd_rxf", "uvcvideo", "rockchip_drm"],
                     rcu=("rcu_preempt", "rcu_sched", "rcu_bh"))
    slab = slab_table([
        ("dentry", 41200, 0.9), ("ext4_inode_cache", 38600, 0.95, (1072, 30, 8, True)), ("inode_cache", 6100, 0.9),
        ("proc_inode_cache", 2800, 0.7), ("sock_inode_cache", 1500, 0.8), ("radix_tree_node", 11200, 0.9),
        ("buffer_head", 6800, 0.9), ("ext4_extent_status", 900, 0.9), ("mbcache", 160, 0.5),
        ("shmem_inode_cache", 1900, 0.9), ("kernfs_node_cache", 5200, 0.98), ("task_struct", 2880, 0.9, (3520, 9, 8, False)),
        ("mm_struct", 640, 0.7), ("vm_area_struct", 3400, 0.9), ("anon_vma", 800, 0.9), ("anon_vma_chain", 1300, 0.9),
        ("files_cache", 700, 0.7), ("signal_cache", 900, 0.8), ("sighand_cache", 1400, 0.8), ("filp", 2900, 0.8),
        ("skbuff_head_cache", 1300, 0.8), ("TCP", 1100, 0.6, (1984, 16, 8, False)), ("kmalloc-8192", 2400, 0.9),
        ("kmalloc-4096", 3200, 0.9), ("kmalloc-2048", 2300, 0.9), ("kmalloc-1024", 4100, 0.9),
        ("kmalloc-512", 2800, 0.9), ("kmalloc-256", 1400, 0.9), ("kmalloc-128", 2100, 0.9), ("kmalloc-64", 1900, 0.9)])
    return {
        "name": "armboard-4.4-aarch64", "version": (4, 4), "era": "4.4", "release": "4.4.179",
        "hostname": "rockpro64", "uname_m": "aarch64", "bits": 64, "cpus": 6, "possible_cpus": 6, "numa": False,
        "zone_bounds": [("DMA", 0, 1048576, False), ("Normal", 1048576, 1048576, False), ("Movable", 1 << 40, 1 << 40, False)],
        "ram": [(512, 1015808)], "zone_reserved": {"DMA": 22248},
        "reserve_ratio": [256, 32, 0], "event_zones": ["dma", "normal", "movable"],
        "pcp": {"DMA": [146, 62, 91, 18, 173, 40]}, "kthreads": kt, "user": users, "first_user_pid": 402,
        "stack_kb": 16, "vmap_stack": False, "vmalloc": vm, "shmem": 4920, "buffers": 61200,
        "file_lru": (842000, 1132000), "dirty": 212, "slab": slab, "percpu_pages_per_cpu": 21,
        "percpu_dynamic": 384,
        "remainder": [("DMA buffers taken from CMA (framebuffer, VPU): CmaTotal − CmaFree", 5664),
                      ("Mali GPU pages (kbase, page by page)", 4096),
                      ("large kmalloc (not in Slab before 5.x) and other unreported allocations", 1024)],
        "swaps": [], "vmalloc_total": 258867136, "thp_kb": 0,
        "config": {"thp": True, "hugetlbfs": True, "memory_failure": False, "cma": (65536, 59872),
                   "compaction": True},
        "uptime": 864233.77, "captured_at": 1561900000, "boot_id": BOOT_ID("armboard-4.4"),
        "percpu_line": "6,96,0,-;PERCPU: Embedded 21 pages/cpu @ffffffc0f7ee7000 s46336 r8192 d31488 u86016",
        "mounts": "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "udev /dev devtmpfs rw,nosuid,relatime,size=1960568k,nr_inodes=490142,mode=755 0 0\n"
                  "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n"
                  "tmpfs /run tmpfs rw,nosuid,noexec,relatime,size=397220k,mode=755 0 0\n"
                  "/dev/mmcblk1p7 / ext4 rw,relatime,errors=remount-ro,data=ordered 0 0\n"
                  "tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0\ntmpfs /run/lock tmpfs rw,nosuid,nodev,noexec,relatime,size=5120k 0 0\n"
                  "tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0\n"
                  "cgroup /sys/fs/cgroup/systemd cgroup rw,nosuid,nodev,noexec,relatime,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd 0 0\n"
                  "cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0\n"
                  "overlay /var/lib/docker/overlay2/3c5e0b7d1f2a/merged overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/XK3ZQ:/var/lib/docker/overlay2/l/P7QW2,upperdir=/var/lib/docker/overlay2/3c5e0b7d1f2a/diff,workdir=/var/lib/docker/overlay2/3c5e0b7d1f2a/work 0 0\n"
                  "tmpfs /run/user/1000 tmpfs rw,nosuid,nodev,relatime,size=397216k,mode=700,uid=1000,gid=1000 0 0\n",
        "statfs": [("/dev", 0, 2007621632), ("/run", 2633728, 406753280), ("/dev/shm", 0, 2033803264),
                   ("/run/lock", 4096, 5242880), ("/sys/fs/cgroup", 0, 2033803264), ("/run/user/1000", 0, 406749184)],
        "cmdline": "earlycon=uart8250,mmio32,0xff1a0000 swiotlb=1 coherent_pool=1m console=ttyS2,1500000n8 "
                   "rw root=PARTLABEL=root-rock64 rootfstype=ext4 init=/sbin/init rootwait",
        "modules": mods,
        "passwd": passwd([("root", 0), ("www-data", 33), ("systemd-network", 100), ("systemd-resolve", 101),
                          ("syslog", 102), ("messagebus", 103), ("rock", 1000)]),
        "note": "hand-made by Scripts/make-old-kernel-fixtures.py: RK3399 board (aarch64, 4 GB) on a 4.4 BSP kernel, see README.md",
    }


def x86_e820(ram_pages, extra):
    """e820 'System RAM' entries from pfn ranges, with the firmware's other entries."""
    out = [(a * 4096, e * 4096 - 1, "System RAM") for a, e in ram_pages] + extra
    return sorted(out)


def rhel8_hyperv():
    mods = [("hv_balloon", 24576, 0, []), ("hv_utils", 40960, 2, []), ("hv_netvsc", 90112, 0, []),
            ("hv_storvsc", 24576, 3, []), ("scsi_transport_fc", 69632, 1, ["hv_storvsc"]),
            ("hyperv_keyboard", 16384, 0, []), ("hid_hyperv", 16384, 0, []), ("hyperv_fb", 24576, 1, []),
            ("hv_vmbus", 118784, 7, ["hv_balloon", "hv_utils", "hv_netvsc", "hv_storvsc", "hyperv_keyboard",
                                     "hid_hyperv", "hyperv_fb"]),
            ("xfs", 1515520, 2, []), ("libcrc32c", 16384, 1, ["xfs"]), ("sd_mod", 53248, 3, []), ("sg", 40960, 0, []),
            ("crc32c_intel", 24576, 1, []), ("vfat", 20480, 1, []), ("fat", 81920, 1, ["vfat"]),
            ("nft_fib_inet", 16384, 1, []), ("nft_fib_ipv4", 16384, 1, ["nft_fib_inet"]),
            ("nft_fib_ipv6", 16384, 1, ["nft_fib_inet"]), ("nft_fib", 16384, 3, ["nft_fib_inet", "nft_fib_ipv4", "nft_fib_ipv6"]),
            ("nft_reject_inet", 16384, 2, []), ("nft_ct", 20480, 6, []), ("nf_conntrack", 155648, 1, ["nft_ct"]),
            ("nf_tables", 155648, 235, ["nft_fib_inet", "nft_fib_ipv4", "nft_fib_ipv6", "nft_fib", "nft_reject_inet", "nft_ct"]),
            ("nfnetlink", 16384, 1, ["nf_tables"]), ("sunrpc", 454656, 1, []), ("intel_rapl_msr", 16384, 0, []),
            ("joydev", 24576, 0, []), ("pcspkr", 16384, 0, []), ("ip_tables", 28672, 0, [])]
    hash_caller = "alloc_large_system_hash+0x175/0x254"
    vm = module_areas(mods, "load_module+0x106f/0x25c0", outside_range=True)
    vm += [area(8388608, hash_caller), area(4194304, hash_caller), area(131072, hash_caller),
           area(131072, hash_caller), area(524288, hash_caller), area(1048576, hash_caller),
           area(131072, hash_caller), area(131072, hash_caller),
           area(1048576, "swap_cgroup_swapon+0x2f/0x160"), area(524288, "__do_sys_swapon+0x91e/0x1140"),
           area(12288, "n_tty_open+0x19/0xa0"), area(12288, "n_tty_open+0x19/0xa0")]
    vm += [area(4096, "bpf_prog_alloc+0x3d/0xc0") for _ in range(12)]
    vm += [area(8192, "acpi_os_map_iomem+0x17b/0x1b0", "ioremap"), area(8192, "hpet_enable+0x34/0x2c8", "ioremap"),
           area(8388608, "hvfb_getmem+0x1a3/0x2a0 [hyperv_fb]", "ioremap")]
    vm += [{"size": 1048576, "caller": "pcpu_get_vm_areas+0x0/0x13a0", "kind": "vmalloc"} for _ in range(2)]
    users = [("systemd", 1, 6100, 6200, 0, 120, 0, 0), ("systemd-journal", 1, 3400, 9800, 6200, 96, 0, 1),
             ("systemd-udevd", 1, 1900, 4200, 0, 72, 0, 1), ("auditd", 2, 640, 2100, 0, 48, 0, 1),
             ("dbus-daemon", 1, 1600, 2400, 0, 44, 81, 1), ("polkitd", 7, 8800, 6300, 0, 88, 998, 1),
             ("NetworkManager", 3, 3900, 9200, 0, 112, 0, 1), ("chronyd", 1, 560, 1900, 0, 40, 994, 1),
             ("tuned", 4, 18200, 9800, 0, 96, 0, 1), ("firewalld", 2, 32400, 11200, 0, 132, 0, 1),
             ("rsyslogd", 3, 2200, 3400, 0, 64, 0, 1), ("sshd", 1, 1300, 4600, 0, 72, 0, 1),
             ("crond", 1, 820, 2300, 0, 48, 0, 1), ("hv_kvp_daemon", 1, 180, 900, 0, 24, 0, 1),
             ("hv_vss_daemon", 1, 160, 880, 0, 24, 0, 1), ("agetty", 1, 200, 1200, 0, 28, 0, 1),
             ("java", 64, 1186400, 31200, 0, 3120, 53, 1, {"fdsize": 1024, "swap": 51200}), ("sshd", 1, 1600, 4700, 0, 76, 0, 1),
             ("bash", 1, 2600, 3100, 0, 48, 1000, 1)]
    kt = kthreads_4x(2, ["kworker/u4:2", "scsi_eh_0", "scsi_tmf_0", "scsi_eh_1", "scsi_tmf_1", "hv_vmbus_con",
                         "hv_pri_chan", "hv_sub_chan", "hv_balloon", "xfsalloc", "xfs_mru_cache",
                         "xfs-buf/sda2", "xfs-conv/sda2", "xfs-cil/sda2", "xfs-reclaim/sda", "xfs-log/sda2",
                         "xfs-eofblocks/s", "xfsaild/sda2", "kworker/0:2H", "kworker/1:1H", "kmpath_rdacd",
                         "kaluad", "ipmi-msghandler", "tpm_dev_wq", "nvme-wq", "nvme-reset-wq", "nvme-delete-wq"])
    slab = slab_table([
        ("dentry", 72400, 0.96), ("xfs_inode", 64800, 0.97), ("inode_cache", 14200, 0.95), ("proc_inode_cache", 6800, 0.7),
        ("sock_inode_cache", 2300, 0.8), ("radix_tree_node", 31600, 0.9), ("buffer_head", 2100, 0.9),
        ("shmem_inode_cache", 2900, 0.9),
        ("kernfs_node_cache", 9800, 0.98), ("task_struct", 4320, 0.9, (7680, 4, 8, False)),
        ("mm_struct", 1900, 0.7, (2112, 15, 8, False)), ("vm_area_struct", 6200, 0.9), ("anon_vma", 1900, 0.9),
        ("anon_vma_chain", 2600, 0.9), ("files_cache", 1100, 0.7), ("signal_cache", 1400, 0.8),
        ("sighand_cache", 1800, 0.8), ("filp", 5100, 0.8), ("pid", 500, 0.8), ("cred_jar", 600, 0.8),
        ("skbuff_head_cache", 2200, 0.8), ("TCP", 1900, 0.6), ("xfs_ili", 4200, 0.9), ("kmalloc-8192", 3200, 0.9),
        ("kmalloc-4096", 6400, 0.9), ("kmalloc-2048", 4200, 0.9), ("kmalloc-1024", 4100, 0.9),
        ("kmalloc-512", 3800, 0.9), ("kmalloc-256", 2600, 0.9), ("kmalloc-192", 1900, 0.9),
        ("kmalloc-128", 1400, 0.9), ("kmalloc-96", 1300, 0.9), ("kmalloc-64", 5600, 0.9), ("kmalloc-32", 2100, 0.9),
        ("kmalloc-16", 900, 0.9), ("kmalloc-8", 600, 0.9)])
    ram = [(1, 160), (256, 1015808), (1048576, 2129920)]
    balloon_pages = 1337344
    return {
        "name": "rhel8-4.18-hyperv", "version": (4, 18), "era": "4.18", "release": "4.18.0-193.6.3.el8_2.x86_64",
        "hostname": "app01.corp.example", "uname_m": "x86_64", "bits": 64, "cpus": 2, "possible_cpus": 2,
        "numa": True, "zone_bounds": X86_ZONES_5, "ram": ram,
        "zone_reserved": {"DMA": 22, "DMA32": 90624, "Normal": 34396},
        "reserve_ratio": X86_RESERVE_5, "pcp": {"DMA": [0, 0], "DMA32": [213, 141], "Normal": [187, 302]},
        "kthreads": kt, "user": users, "first_user_pid": 610, "stack_kb": 16, "vmap_stack": True,
        "fork_caller": "_do_fork+0xe6/0x3b0", "idle_caller": "fork_idle+0x7e/0xc0", "cached_stacks": 2,
        "vmalloc": vm, "shmem": 22100, "swapcached": 8040, "buffers": 4096, "file_lru": (198400, 321600),
        "dirty": 1180, "writeback": 0, "slab": slab, "kernel_misc_reclaimable": 0, "thp_kb": 401408,
        "percpu_pages_per_cpu": 46, "percpu_dynamic": 960,
        "remainder": [("memory ballooned out by hv_balloon (Hyper-V Dynamic Memory): "
                       f"{balloon_pages} pages = {balloon_pages * 4} kB", balloon_pages * 4),
                      ("hv_netvsc receive buffers and other unreported driver allocations", 6144)],
        "swaps": [("/dev/dm-1", "partition", 2097148, 51200, -2)], "vmalloc_total": 34359738367,
        "config": {"thp": True, "hugetlbfs": True, "memory_failure": True, "kreclaimable_backport": True,
                   "directmap": [("DirectMap4k", 260096), ("DirectMap2M", 6031360), ("DirectMap1G", 2097152)]},
        "uptime": 3894427.18, "captured_at": 1598000000, "boot_id": BOOT_ID("rhel8-hyperv"),
        "percpu_line": "6,212,0,-;percpu: Embedded 46 pages/cpu s151552 r8192 d28672 u1048576",
        "mounts": "sysfs /sys sysfs rw,seclabel,nosuid,nodev,noexec,relatime 0 0\n"
                  "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "devtmpfs /dev devtmpfs rw,seclabel,nosuid,size=3927760k,nr_inodes=981940,mode=755 0 0\n"
                  "securityfs /sys/kernel/security securityfs rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "tmpfs /dev/shm tmpfs rw,seclabel,nosuid,nodev 0 0\n"
                  "devpts /dev/pts devpts rw,seclabel,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n"
                  "tmpfs /run tmpfs rw,seclabel,nosuid,nodev,mode=755 0 0\n"
                  "tmpfs /sys/fs/cgroup tmpfs ro,seclabel,nosuid,nodev,noexec,mode=755 0 0\n"
                  "cgroup /sys/fs/cgroup/systemd cgroup rw,seclabel,nosuid,nodev,noexec,relatime,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd 0 0\n"
                  "cgroup /sys/fs/cgroup/memory cgroup rw,seclabel,nosuid,nodev,noexec,relatime,memory 0 0\n"
                  "/dev/mapper/rhel-root / xfs rw,seclabel,relatime,attr2,inode64,noquota 0 0\n"
                  "/dev/sda2 /boot xfs rw,seclabel,relatime,attr2,inode64,noquota 0 0\n"
                  "/dev/sda1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=winnt,errors=remount-ro 0 0\n"
                  "tmpfs /run/user/1000 tmpfs rw,seclabel,nosuid,nodev,relatime,size=788804k,mode=700,uid=1000,gid=1000 0 0\n",
        "statfs": [("/dev", 0, 4022026240), ("/dev/shm", 0, 4038680576), ("/run", 16121856, 4038680576),
                   ("/sys/fs/cgroup", 0, 4038680576), ("/run/user/1000", 0, 807735296)],
        "cmdline": "BOOT_IMAGE=(hd0,gpt2)/vmlinuz-4.18.0-193.6.3.el8_2.x86_64 root=/dev/mapper/rhel-root ro "
                   "crashkernel=256M resume=/dev/mapper/rhel-swap rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap rhgb quiet",
        "modules": mods,
        "firmware_map": x86_e820(ram, [(0x0, 0xfff, "reserved"), (0xa0000, 0xfffff, "reserved"),
                                       (0xf8000000, 0xffffffff, "reserved")]),
        "memory_block_pages": 32768,
        "boot_config": "# Reduced by capture-fixture.sh to the options wired reads.\nCONFIG_VMAP_STACK=y\n",
        "passwd": passwd([("root", 0), ("dbus", 81), ("tomcat", 53), ("chrony", 994), ("polkitd", 998),
                          ("admin", 1000)]),
        "extra_files": {"sys/kernel/kexec_crash_size": "268435456\n"},
        "balloon_pages": balloon_pages,
        "note": "hand-made by Scripts/make-old-kernel-fixtures.py: RHEL 8.2 guest on Hyper-V with Dynamic Memory, 5.1 GiB ballooned out, see README.md",
    }


def modern_slab(ext4=True, xfs=False, extra=()):
    rows = [("dentry", 98400, 0.95), ("inode_cache", 18200, 0.95), ("proc_inode_cache", 9100, 0.7),
            ("sock_inode_cache", 5200, 0.8), ("radix_tree_node", 42600, 0.9), ("buffer_head", 8800, 0.9),
            ("kmalloc-rcl-64", 380, 0.7), ("kmalloc-rcl-96", 260, 0.7), ("kmalloc-rcl-128", 900, 0.8),
            ("bdev_cache", 760, 0.8), ("shmem_inode_cache", 6200, 0.9), ("lsm_inode_cache", 11400, 0.95),
            ("kernfs_node_cache", 14600, 0.98), ("hugetlbfs_inode_cache", 104, 0.2), ("mqueue_inode_cache", 124, 0.1),
            ("task_struct", 9800, 0.9, (8512, 3, 8, False)), ("mm_struct", 2800, 0.7), ("vm_area_struct", 14200, 0.9),
            ("anon_vma", 3100, 0.9), ("anon_vma_chain", 4900, 0.9), ("files_cache", 1900, 0.7),
            ("signal_cache", 2900, 0.8), ("sighand_cache", 3400, 0.8), ("filp", 11800, 0.8), ("pid", 900, 0.8),
            ("cred_jar", 1200, 0.8), ("skbuff_head_cache", 3300, 0.8), ("TCP", 2300, 0.6),
            ("kmalloc-8k", 6400, 0.9), ("kmalloc-4k", 9600, 0.9), ("kmalloc-2k", 6800, 0.9),
            ("kmalloc-1k", 7200, 0.9), ("kmalloc-512", 6100, 0.9), ("kmalloc-256", 3800, 0.9),
            ("kmalloc-192", 2900, 0.9), ("kmalloc-128", 2100, 0.9), ("kmalloc-96", 1900, 0.9),
            ("kmalloc-64", 7400, 0.9), ("kmalloc-32", 3100, 0.9), ("kmalloc-16", 1300, 0.9), ("kmalloc-8", 900, 0.9)]
    if ext4:
        rows += [("ext4_inode_cache", 124800, 0.97, (1112, 29, 8, True)), ("ext4_extent_status", 3900, 0.9),
                 ("mbcache", 460, 0.6), ("jbd2_journal_head", 1100, 0.5), ("ext4_io_end", 300, 0.3)]
    if xfs:
        rows += [("xfs_inode", 71200, 0.97, (1024, 32, 8, True)), ("xfs_ili", 5100, 0.9, (200, 20, 1, True))]
    return slab_table(rows + list(extra))


def debian11_amdgpu():
    mods = [("amdgpu", 6918144, 42, []), ("gpu_sched", 45056, 1, ["amdgpu"]), ("ttm", 114688, 1, ["amdgpu"]),
            ("drm_kms_helper", 278528, 1, ["amdgpu"]), ("cec", 61440, 1, ["drm_kms_helper"]),
            ("drm", 626688, 16, ["amdgpu", "gpu_sched", "ttm", "drm_kms_helper"]), ("i2c_algo_bit", 16384, 1, ["amdgpu"]),
            ("snd_hda_codec_realtek", 155648, 1, []), ("snd_hda_codec_hdmi", 77824, 1, []),
            ("snd_hda_intel", 57344, 3, []), ("snd_hda_codec", 172032, 4, ["snd_hda_codec_realtek", "snd_hda_codec_hdmi", "snd_hda_intel"]),
            ("snd_hda_core", 110592, 5, ["snd_hda_codec_realtek", "snd_hda_codec_hdmi", "snd_hda_intel", "snd_hda_codec"]),
            ("snd_pcm", 135168, 4, ["snd_hda_codec_hdmi", "snd_hda_intel", "snd_hda_codec", "snd_hda_core"]),
            ("snd", 110592, 13, ["snd_hda_codec_realtek", "snd_hda_codec_hdmi", "snd_hda_intel", "snd_hda_codec", "snd_pcm"]),
            ("r8169", 98304, 0, []), ("realtek", 32768, 1, []), ("mdio_devres", 16384, 1, ["r8169"]),
            ("libphy", 135168, 3, ["r8169", "realtek", "mdio_devres"]), ("ext4", 942080, 1, []),
            ("crc16", 16384, 1, ["ext4"]), ("mbcache", 16384, 1, ["ext4"]), ("jbd2", 151552, 1, ["ext4"]),
            ("nvme", 49152, 2, []), ("nvme_core", 131072, 3, ["nvme"]), ("ahci", 45056, 0, []),
            ("libahci", 45056, 1, ["ahci"]), ("xhci_pci", 24576, 0, []), ("xhci_hcd", 307200, 1, ["xhci_pci"]),
            ("usbhid", 65536, 0, []), ("hid", 151552, 2, ["usbhid"]), ("kvm_intel", 327680, 0, []),
            ("kvm", 1032192, 1, ["kvm_intel"]), ("irqbypass", 16384, 1, ["kvm"]), ("btusb", 65536, 0, []),
            ("bluetooth", 737280, 5, ["btusb"]), ("nls_utf8", 16384, 1, []), ("fuse", 167936, 3, [])]
    vm = module_areas(mods, "load_module+0x1b2a/0x2c20", outside_range=True)
    vm += [area(4096, "bpf_prog_alloc_no_stats+0x46/0x1c0") for _ in range(24)]
    vm += [area(12288, "n_tty_open+0x19/0xa0") for _ in range(3)]
    vm += [area(8192, "drm_ht_create+0x51/0x80 [drm]"), area(8192, "drm_ht_create+0x51/0x80 [drm]"),
           area(3145728, "amdgpu_vm_init+0x3aa/0x700 [amdgpu]"),
           area(8294400, "ttm_bo_kmap+0x1d1/0x260 [ttm]", "vmap"), area(16384, "ttm_bo_kmap+0x1d1/0x260 [ttm]", "vmap"),
           area(262144, "amdgpu_device_init.cold+0x1693/0x1ecb [amdgpu]", "ioremap"),
           area(8192, "acpi_os_map_iomem+0x17b/0x1b0", "ioremap"), area(12288, "acpi_os_map_iomem+0x17b/0x1b0", "ioremap"),
           area(16384, "pci_iomap_range+0x6c/0x90", "ioremap"), area(4096, "hpet_enable+0x34/0x2c8", "ioremap"),
           area(8192, "__pci_enable_msix_range+0x316/0x4d0", "ioremap"), area(4096, "memremap+0x84/0x190", "ioremap"),
           {"size": 12288, "unpurged": True}, {"size": 8192, "unpurged": True}, {"size": 16384, "unpurged": True}]
    vm += [{"size": 2097152, "caller": "pcpu_create_chunk+0x76/0x160", "kind": "vmalloc"} for _ in range(2)]
    users = [("systemd", 1, 5100, 7200, 0, 124, 0, 0), ("systemd-journal", 1, 2900, 18400, 9800, 116, 0, 1),
             ("systemd-udevd", 1, 2400, 5600, 0, 80, 0, 1), ("systemd-timesyn", 2, 900, 4400, 0, 60, 101, 1),
             ("NetworkManager", 3, 6400, 12200, 0, 136, 0, 1), ("dbus-daemon", 1, 2200, 3300, 0, 60, 104, 1),
             ("polkitd", 3, 4800, 8100, 0, 92, 109, 1), ("gdm3", 3, 2100, 7800, 0, 84, 0, 1),
             ("Xorg", 4, 124800, 61200, 18400, 560, 1000, 1), ("gnome-shell", 18, 398200, 142000, 64800, 1640, 1000, 1),
             ("pulseaudio", 3, 9200, 12400, 4100, 116, 1000, 1), ("gnome-terminal-", 5, 41200, 48800, 1200, 264, 1000, 1),
             ("tracker-miner-f", 7, 28400, 21200, 0, 180, 1000, 1),
             ("firefox-esr", 82, 1438000, 164000, 96400, 3840, 1000, 1, {"fdsize": 512}),
             ("Web Content", 31, 612400, 92000, 48200, 1720, 1000, "firefox-esr"),
             ("Web Content", 29, 388600, 88000, 31600, 1180, 1000, "firefox-esr"),
             ("Web Content", 27, 214800, 84000, 22800, 880, 1000, "firefox-esr"),
             ("WebExtensions", 26, 142600, 78000, 12400, 640, 1000, "firefox-esr"),
             ("bash", 1, 2800, 3400, 0, 52, 1000, 1), ("sshd", 1, 1400, 5800, 0, 76, 0, 1),
             ("cron", 1, 600, 2200, 0, 48, 0, 1), ("rsyslogd", 4, 2600, 4200, 0, 64, 0, 1)]
    kt = kthreads_4x(8, ["kworker/u16:3", "nvme-wq", "nvme-reset-wq", "nvme-delete-wq", "scsi_eh_0",
                         "scsi_tmf_0", "scsi_eh_1", "scsi_tmf_1", "jbd2/nvme0n1p2-8", "ext4-rsv-conver",
                         "ttm_swap", "amdgpu_dm_hpd_rx_offload_wq", "gfx", "comp_1.0.0", "comp_1.1.0",
                         "comp_1.2.0", "comp_1.3.0", "comp_1.0.1", "comp_1.1.1", "comp_1.2.1", "comp_1.3.1",
                         "sdma0", "sdma1", "uvd", "vce0", "vce1", "card0-crtc0", "card0-crtc1", "krfcommd",
                         "irq/43-amdgpu", "cryptd", "kworker/0:1H", "kworker/5:1H"],
                     rcu=("rcu_tasks_rude_", "rcu_tasks_trace", "rcu_sched"))
    ram = [(1, 158), (256, 886784), (1048576, 4334592)]
    gtt_used = 432013312
    return {
        "name": "debian11-5.10-x86_64", "version": (5, 10), "era": "5.10", "release": "5.10.0-26-amd64",
        "hostname": "workstation", "uname_m": "x86_64", "bits": 64, "cpus": 8, "possible_cpus": 8, "numa": True,
        "zone_bounds": X86_ZONES_5, "ram": ram, "zone_reserved": {"DMA": 21, "DMA32": 22528, "Normal": 73692},
        "reserve_ratio": X86_RESERVE_5,
        "pcp": {"DMA": [0] * 8, "DMA32": [61, 12, 38, 120, 7, 44, 93, 25], "Normal": [311, 187, 402, 96, 254, 133, 371, 58]},
        "kthreads": kt, "user": users, "first_user_pid": 712, "stack_kb": 16, "vmap_stack": True,
        "fork_caller": "kernel_clone+0x9b/0x3e0", "idle_caller": "fork_idle+0x8d/0xb0", "cached_stacks": 8,
        "vmalloc": vm, "shmem": 412800, "swapcached": 0, "buffers": 218400, "file_lru": (2412000, 3186400),
        "dirty": 3040, "writeback": 0, "slab": modern_slab(), "large_kmalloc": 6144,
        "kernel_misc_reclaimable": 0, "percpu_pages_per_cpu": 56, "percpu_dynamic": 4608, "thp_kb": 190464,
        "remainder": [(f"amdgpu GTT buffers in system RAM (TTM pages; mem_info_gtt_used = {gtt_used} bytes)",
                       gtt_used // 1024),
                      ("TTM page pool: freed GPU pages kept for reuse", 24576),
                      ("network page pools and other unreported driver allocations", 9216)],
        "swaps": [("/dev/nvme0n1p3", "partition", 999420, 0, -2)], "vmalloc_total": 34359738367,
        "config": {"thp": True, "hugetlbfs": True, "memory_failure": True,
                   "directmap": [("DirectMap4k", 498364), ("DirectMap2M", 10018816), ("DirectMap1G", 6291456)]},
        "uptime": 148862.31, "captured_at": 1699000000, "boot_id": BOOT_ID("debian11"),
        "percpu_line": "6,330,0,-;percpu: Embedded 56 pages/cpu s192512 r8192 d28672 u262144",
        "mounts": "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "udev /dev devtmpfs rw,nosuid,relatime,size=8127492k,nr_inodes=2031873,mode=755 0 0\n"
                  "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n"
                  "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1630588k,mode=755 0 0\n"
                  "/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0\n"
                  "securityfs /sys/kernel/security securityfs rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0\ntmpfs /run/lock tmpfs rw,nosuid,nodev,noexec,relatime,size=5120k 0 0\n"
                  "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0\n"
                  "tmpfs /run/user/1000 tmpfs rw,nosuid,nodev,relatime,size=1630584k,nr_inodes=407646,mode=700,uid=1000,gid=1000 0 0\n",
        "statfs": [("/dev", 0, 8322551808), ("/run", 1925120, 1669722112), ("/dev/shm", 402653184, 8348598272),
                   ("/run/lock", 4096, 5242880), ("/run/user/1000", 20480000, 1669718016)],
        "cmdline": "BOOT_IMAGE=/boot/vmlinuz-5.10.0-26-amd64 root=UUID=9c2a6f0e-3b1d-4e8a-a5f2-6d0c7b1e2f93 ro quiet",
        "modules": mods,
        "firmware_map": x86_e820(ram, [(0x0, 0xfff, "reserved"), (0x9e000, 0xfffff, "reserved"),
                                       (0xd8800000, 0xdfffffff, "reserved"), (0xe0000000, 0xefffffff, "reserved"),
                                       (0xfd000000, 0xffffffff, "reserved")]),
        "memory_block_pages": 32768,
        "boot_config": "# Reduced by capture-fixture.sh to the options wired reads.\nCONFIG_VMAP_STACK=y\n",
        "passwd": passwd([("root", 0), ("systemd-timesync", 101), ("messagebus", 104), ("polkitd", 109),
                          ("alex", 1000)]),
        "extra_files": {
            "sys/class/drm/card0/device/uevent": "DRIVER=amdgpu\nPCI_CLASS=30000\nPCI_ID=1002:67DF\n"
                                                 "PCI_SUBSYS_ID=1DA2:E366\nPCI_SLOT_NAME=0000:01:00.0\n"
                                                 "MODALIAS=pci:v00001002d000067DFsv00001DA2sd0000E366bc03sc00i00\n",
            "sys/class/drm/card0/device/mem_info_vram_total": "8589934592\n",
            "sys/class/drm/card0/device/mem_info_vram_used": "1812340736\n",
            "sys/class/drm/card0/device/mem_info_gtt_total": "8589934592\n",
            "sys/class/drm/card0/device/mem_info_gtt_used": f"{gtt_used}\n"},
        "note": "hand-made by Scripts/make-old-kernel-fixtures.py: Debian 11 desktop with an AMD RX 580 (amdgpu), see README.md",
    }


def centos9_kvm():
    mods = [("virtio_balloon", 24576, 0, []), ("virtio_net", 61440, 0, []), ("net_failover", 24576, 1, ["virtio_net"]),
            ("failover", 16384, 1, ["net_failover"]), ("virtio_blk", 20480, 3, []), ("virtio_console", 40960, 1, []),
            ("qemu_fw_cfg", 20480, 0, []), ("xfs", 2043904, 2, []), ("libcrc32c", 16384, 3, ["xfs"]),
            ("dm_mirror", 28672, 0, []), ("dm_region_hash", 24576, 1, ["dm_mirror"]),
            ("dm_log", 24576, 2, ["dm_mirror", "dm_region_hash"]), ("dm_mod", 192512, 9, ["dm_mirror", "dm_log"]),
            ("nft_fib_inet", 16384, 1, []), ("nft_fib", 16384, 1, ["nft_fib_inet"]), ("nft_ct", 24576, 6, []),
            ("nf_conntrack", 176128, 1, ["nft_ct"]), ("nf_tables", 270336, 240, ["nft_fib_inet", "nft_fib", "nft_ct"]),
            ("nfnetlink", 20480, 2, ["nf_tables"]), ("sunrpc", 696320, 1, []), ("bochs", 16384, 0, []),
            ("drm_vram_helper", 24576, 1, ["bochs"]), ("drm_kms_helper", 200704, 3, ["bochs", "drm_vram_helper"]),
            ("drm", 581632, 4, ["bochs", "drm_vram_helper", "drm_kms_helper"]), ("i2c_i801", 32768, 0, []),
            ("lpc_ich", 28672, 0, []), ("joydev", 28672, 0, []), ("crct10dif_pclmul", 16384, 1, []),
            ("crc32_pclmul", 16384, 0, []), ("ghash_clmulni_intel", 16384, 0, []), ("ahci", 49152, 0, []),
            ("libahci", 49152, 1, ["ahci"]), ("libata", 307200, 2, ["ahci", "libahci"])]
    vm = module_areas(mods, "load_module+0x1d30/0x22b0", outside_range=True)
    vm += [area(4096, "bpf_prog_alloc_no_stats+0x48/0x210") for _ in range(18)]
    vm += [area(12288, "n_tty_open+0x19/0xb0") for _ in range(2)]
    vm += [area(1048576, "swap_cgroup_swapon+0x2d/0x150"), area(1048576, "__do_sys_swapon+0x8b0/0x1140"),
           area(8192, "acpi_os_map_iomem+0x17b/0x1b0", "ioremap"), area(4096, "hpet_enable+0x34/0x2c8", "ioremap"),
           area(16384, "pci_iomap_range+0x6c/0x90", "ioremap"), area(16384, "pci_iomap_range+0x6c/0x90", "ioremap"),
           area(16384, "vp_modern_map_capability+0x11c/0x190", "ioremap"),
           area(16384, "vp_modern_map_capability+0x11c/0x190", "ioremap"),
           area(8192, "__pci_enable_msix_range+0x316/0x4d0", "ioremap"), {"size": 12288, "unpurged": True}]
    vm += [{"size": 2097152, "caller": "pcpu_create_chunk+0x76/0x160", "kind": "vmalloc"}]
    huge_used_kb = (512 - 40) * 2048
    users = [("systemd", 1, 6400, 7800, 0, 132, 0, 0), ("systemd-journal", 1, 3600, 14200, 12200, 104, 0, 1),
             ("systemd-udevd", 1, 2600, 6100, 0, 84, 0, 1), ("auditd", 2, 720, 2400, 0, 52, 0, 1),
             ("dbus-broker-lau", 1, 700, 2100, 0, 44, 81, 1), ("dbus-broker", 1, 900, 1800, 0, 40, 81, "dbus-broker-lau"),
             ("NetworkManager", 3, 4200, 10400, 0, 120, 0, 1), ("chronyd", 1, 620, 2100, 0, 44, 993, 1),
             ("tuned", 4, 19800, 10200, 0, 104, 0, 1), ("polkitd", 7, 9100, 6800, 0, 96, 996, 1),
             ("firewalld", 2, 34800, 12100, 0, 140, 0, 1), ("sshd", 1, 1500, 5100, 0, 80, 0, 1),
             ("crond", 1, 900, 2600, 0, 52, 0, 1), ("rsyslogd", 3, 2500, 3900, 0, 72, 0, 1),
             ("qemu-ga", 2, 700, 2300, 0, 48, 0, 1), ("agetty", 1, 220, 1300, 0, 32, 0, 1),
             ("postmaster", 1, 18400, 22600, 1800, 180, 26, 1, {"hugetlb": huge_used_kb}),
             ("postmaster", 1, 3200, 9800, 600, 84, 26, "postmaster"), ("postmaster", 1, 4100, 9800, 600, 84, 26, "postmaster"),
             ("postmaster", 1, 2900, 9800, 400, 80, 26, "postmaster"), ("postmaster", 1, 3600, 9800, 400, 80, 26, "postmaster"),
             ("postmaster", 1, 2800, 9800, 400, 80, 26, "postmaster")] + \
        [("postmaster", 1, 38200, 12400, 1200, 280, 26, "postmaster")] * 6 + \
        [("java", 48, 1288000, 34200, 0, 3060, 1001, 1), ("bash", 1, 2700, 3300, 0, 52, 1000, 1)]
    kt = kthreads_4x(4, ["kworker/u8:2", "scsi_eh_0", "scsi_tmf_0", "scsi_eh_1", "scsi_tmf_1", "kworker/0:1H",
                         "kworker/2:1H", "kdmflush", "kdmflush", "xfsalloc", "xfs_mru_cache", "xfs-buf/dm-0",
                         "xfs-conv/dm-0", "xfs-cil/dm-0", "xfs-reclaim/dm-", "xfs-blockgc/dm", "xfs-inodegc/dm",
                         "xfs-log/dm-0", "xfsaild/dm-0"],
                     rcu=("rcu_tasks_rude_", "rcu_tasks_trace", "rcu_preempt"))
    ram = [(1, 159), (256, 524252), (1048576, 2621440)]
    return {
        "name": "centos9-5.14-x86_64", "version": (5, 14), "era": "5.14", "release": "5.14.0-80.el9.x86_64",
        "hostname": "pg01", "uname_m": "x86_64", "bits": 64, "cpus": 4, "possible_cpus": 4, "numa": True,
        "zone_bounds": X86_ZONES_5, "ram": ram, "zone_reserved": {"DMA": 21, "DMA32": 90712, "Normal": 37296},
        "balloon_managed": {"Normal": 524288}, "reserve_ratio": X86_RESERVE_5,
        "pcp": {"DMA": [0] * 4, "DMA32": [84, 31, 117, 52], "Normal": [263, 198, 341, 107]},
        "kthreads": kt, "user": users, "first_user_pid": 640, "stack_kb": 16, "vmap_stack": True,
        "fork_caller": "kernel_clone+0x8b/0x3d0", "idle_caller": "fork_idle+0x8e/0xc0", "cached_stacks": 4,
        "vmalloc": vm, "shmem": 29600, "swapcached": 0, "buffers": 2148, "file_lru": (604000, 718400),
        "dirty": 880, "slab": modern_slab(ext4=False, xfs=True), "large_kmalloc": 4096,
        "kernel_misc_reclaimable": 0, "percpu_pages_per_cpu": 52, "percpu_dynamic": 2560, "thp_kb": 409600,
        "hugepages": {"total": 512, "free": 40, "rsvd": 36, "surp": 0, "size_kb": 2048},
        "remainder": [("virtio rings, page pools and other unreported driver allocations", 3072)],
        "swaps": [("/dev/dm-1", "partition", 4194300, 0, -2)], "vmalloc_total": 34359738367,
        "config": {"thp": True, "hugetlbfs": True, "memory_failure": True,
                   "directmap": [("DirectMap4k", 227196), ("DirectMap2M", 6064128), ("DirectMap1G", 2097152)]},
        "events": {"balloon_inflate": 786432, "balloon_deflate": 262144, "balloon_migrate": 1024,
                   "htlb_buddy_alloc_success": 0, "htlb_buddy_alloc_fail": 0},
        "uptime": 2210543.62, "captured_at": 1652000000, "boot_id": BOOT_ID("centos9"),
        "percpu_line": "6,240,0,-;percpu: Embedded 52 pages/cpu s176128 r8192 d28672 u524288",
        "mounts": "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "sysfs /sys sysfs rw,seclabel,nosuid,nodev,noexec,relatime 0 0\n"
                  "devtmpfs /dev devtmpfs rw,seclabel,nosuid,size=2867112k,nr_inodes=716778,mode=755,inode64 0 0\n"
                  "securityfs /sys/kernel/security securityfs rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "tmpfs /dev/shm tmpfs rw,seclabel,nosuid,nodev,inode64 0 0\n"
                  "devpts /dev/pts devpts rw,seclabel,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n"
                  "tmpfs /run tmpfs rw,seclabel,nosuid,nodev,size=1155764k,nr_inodes=819200,mode=755,inode64 0 0\n"
                  "cgroup2 /sys/fs/cgroup cgroup2 rw,seclabel,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0\n"
                  "/dev/mapper/cs-root / xfs rw,seclabel,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0\n"
                  "hugetlbfs /dev/hugepages hugetlbfs rw,seclabel,relatime,pagesize=2M 0 0\n"
                  "/dev/vda1 /boot xfs rw,seclabel,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0\n"
                  "tmpfs /run/user/1000 tmpfs rw,seclabel,nosuid,nodev,relatime,size=577880k,nr_inodes=144470,mode=700,uid=1000,gid=1000,inode64 0 0\n",
        "statfs": [("/dev", 0, 2935922688), ("/dev/shm", 1843200, 2958758912), ("/run", 12537856, 1183502336),
                   ("/dev/hugepages", 0, 0), ("/run/user/1000", 0, 591749120)],
        "cmdline": "BOOT_IMAGE=(hd0,msdos1)/vmlinuz-5.14.0-80.el9.x86_64 root=/dev/mapper/cs-root ro "
                   "crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M resume=/dev/mapper/cs-swap rd.lvm.lv=cs/root "
                   "rd.lvm.lv=cs/swap hugepages=512",
        "modules": mods,
        "firmware_map": x86_e820(ram, [(0x0, 0xfff, "reserved"), (0x9fc00, 0xfffff, "reserved"),
                                       (0x7ffdc000, 0x7fffffff, "reserved"), (0xb0000000, 0xbfffffff, "reserved"),
                                       (0xfed1c000, 0xfed1ffff, "reserved"), (0xfffc0000, 0xffffffff, "reserved")]),
        "memory_block_pages": 32768,
        "boot_config": "# Reduced by capture-fixture.sh to the options wired reads.\nCONFIG_VMAP_STACK=y\n",
        "passwd": passwd([("root", 0), ("postgres", 26), ("dbus", 81), ("chrony", 993), ("polkitd", 996),
                          ("admin", 1000), ("app", 1001)]),
        "extra_files": {"sys/kernel/kexec_crash_size": "268435456\n"},
        "balloon_inflated_pages": 524288,
        "note": "hand-made by Scripts/make-old-kernel-fixtures.py: CentOS Stream 9 KVM guest, virtio-balloon holding 2 GiB, 512 hugepages, see README.md",
    }


def arcstats_text(a, memtotal_kb, memfree_kb, avail_kb):
    """/proc/spl/kstat/zfs/arcstats of OpenZFS 2.1: the kstat header, "name type data", one row per stat
    (type 4 = uint64, 3 = int64), in the order of module/zfs/arc.c arc_stats (as a genuine 2.x capture
    shows it)."""
    size = a["hdr_size"] + a["data_size"] + a["metadata_size"] + a["dbuf_size"] + a["dnode_size"] + \
        a["bonus_size"] + a["abd_chunk_waste_size"]
    c_max = memtotal_kb * 1024 // 2
    c_min = max(32 << 20, memtotal_kb * 1024 // 32)
    rows = [("hits", 4, 418223671), ("misses", 4, 9126400), ("demand_data_hits", 4, 301245177),
            ("demand_data_misses", 4, 2916281), ("demand_metadata_hits", 4, 112402291),
            ("demand_metadata_misses", 4, 1220441), ("prefetch_data_hits", 4, 402117),
            ("prefetch_data_misses", 4, 4812004), ("prefetch_metadata_hits", 4, 4174086),
            ("prefetch_metadata_misses", 4, 177674), ("mru_hits", 4, 64410922), ("mru_ghost_hits", 4, 241007),
            ("mfu_hits", 4, 349236546), ("mfu_ghost_hits", 4, 612884), ("deleted", 4, 7300172),
            ("mutex_miss", 4, 2211), ("access_skip", 4, 1), ("evict_skip", 4, 384), ("evict_not_enough", 4, 91),
            ("evict_l2_cached", 4, 0), ("evict_l2_eligible", 4, 612034969600), ("evict_l2_eligible_mfu", 4, 88219648000),
            ("evict_l2_eligible_mru", 4, 523815321600), ("evict_l2_ineligible", 4, 41823813632),
            ("evict_l2_skip", 4, 0), ("hash_elements", 4, 412776), ("hash_elements_max", 4, 498112),
            ("hash_collisions", 4, 882014), ("hash_chains", 4, 11204), ("hash_chain_max", 4, 4),
            ("p", 4, size * 3 // 4), ("c", 4, size), ("c_min", 4, c_min), ("c_max", 4, c_max), ("size", 4, size),
            ("compressed_size", 4, a["data_size"] * 86 // 100 + a["metadata_size"] // 3),
            ("uncompressed_size", 4, a["data_size"] + a["metadata_size"] * 2),
            ("overhead_size", 4, a["data_size"] // 14), ("hdr_size", 4, a["hdr_size"]),
            ("data_size", 4, a["data_size"]), ("metadata_size", 4, a["metadata_size"]),
            ("dbuf_size", 4, a["dbuf_size"]), ("dnode_size", 4, a["dnode_size"]), ("bonus_size", 4, a["bonus_size"]),
            ("anon_size", 4, 262144), ("anon_evictable_data", 4, 0), ("anon_evictable_metadata", 4, 0),
            ("mru_size", 4, a["data_size"] * 6 // 10), ("mru_evictable_data", 4, a["data_size"] * 55 // 100),
            ("mru_evictable_metadata", 4, a["metadata_size"] // 20), ("mru_ghost_size", 4, a["data_size"] // 2),
            ("mru_ghost_evictable_data", 4, a["data_size"] // 3), ("mru_ghost_evictable_metadata", 4, a["data_size"] // 6),
            ("mfu_size", 4, a["data_size"] * 4 // 10 + a["metadata_size"]),
            ("mfu_evictable_data", 4, a["data_size"] * 3 // 10), ("mfu_evictable_metadata", 4, a["metadata_size"] // 40),
            ("mfu_ghost_size", 4, a["data_size"] * 7 // 10), ("mfu_ghost_evictable_data", 4, a["data_size"] // 5),
            ("mfu_ghost_evictable_metadata", 4, a["data_size"] // 2)]
    rows += [(n, 4, 0) for n in ("l2_hits l2_misses l2_prefetch_asize l2_mru_asize l2_mfu_asize l2_bufc_data_asize "
                                 "l2_bufc_metadata_asize l2_feeds l2_rw_clash l2_read_bytes l2_write_bytes "
                                 "l2_writes_sent l2_writes_done l2_writes_error l2_writes_lock_retry "
                                 "l2_evict_lock_retry l2_evict_reading l2_evict_l1cached l2_free_on_write "
                                 "l2_abort_lowmem l2_cksum_bad l2_io_error l2_size l2_asize l2_hdr_size "
                                 "l2_log_blk_writes l2_log_blk_avg_asize l2_log_blk_asize l2_log_blk_count "
                                 "l2_data_to_meta_ratio l2_rebuild_success l2_rebuild_unsupported "
                                 "l2_rebuild_io_errors l2_rebuild_dh_errors l2_rebuild_cksum_lb_errors "
                                 "l2_rebuild_lowmem l2_rebuild_size l2_rebuild_asize l2_rebuild_bufs "
                                 "l2_rebuild_bufs_precached l2_rebuild_log_blks").split()]
    rows += [("memory_throttle_count", 4, 0), ("memory_direct_count", 4, 12), ("memory_indirect_count", 4, 2201),
             ("memory_all_bytes", 4, memtotal_kb * 1024), ("memory_free_bytes", 4, memfree_kb * 1024),
             ("memory_available_bytes", 3, avail_kb * 1024 - (memtotal_kb * 1024 // 64)),
             ("arc_no_grow", 4, 0), ("arc_tempreserve", 4, 0), ("arc_loaned_bytes", 4, 0), ("arc_prune", 4, 0),
             ("arc_meta_used", 4, a["hdr_size"] + a["metadata_size"] + a["dbuf_size"] + a["dnode_size"] + a["bonus_size"]),
             ("arc_meta_limit", 4, c_max * 3 // 4), ("arc_dnode_limit", 4, c_max * 3 // 40),
             ("arc_meta_max", 4, (a["metadata_size"] + a["dnode_size"]) * 3 // 2), ("arc_meta_min", 4, 16777216),
             ("async_upgrade_sync", 4, 81702), ("demand_hit_predictive_prefetch", 4, 2880144),
             ("demand_hit_prescient_prefetch", 4, 0), ("arc_need_free", 4, 0),
             ("arc_sys_free", 4, memtotal_kb * 1024 // 64), ("arc_raw_size", 4, 0), ("cached_only_in_progress", 4, 0),
             ("abd_chunk_waste_size", 4, a["abd_chunk_waste_size"])]
    head = "13 1 0x01 123 33264 7402060102 %d\nname                            type data\n" % 2210543001734901
    return head + "".join(f"{n:<31} {t:<4} {v}\n" for n, t, v in rows)


ARC = {"data_size": 5502009344, "metadata_size": 611999744, "abd_chunk_waste_size": 2801664,
       "hdr_size": 98017280, "dbuf_size": 212004864, "dnode_size": 402001920, "bonus_size": 118013952}


def zfs_arc():
    a = ARC
    arc_pages_kb = (a["data_size"] + a["metadata_size"] + a["abd_chunk_waste_size"]) // 1024
    mods = [("zfs", 3874816, 8, [], "(PO)"), ("zunicode", 393216, 1, ["zfs"], "(PO)"), ("zzstd", 520192, 1, ["zfs"], "(O)"),
            ("zlua", 163840, 1, ["zfs"], "(O)"), ("zavl", 16384, 1, ["zfs"], "(PO)"), ("icp", 323584, 1, ["zfs"], "(PO)"),
            ("zcommon", 102400, 2, ["zfs", "icp"], "(PO)"), ("znvpair", 94208, 2, ["zfs", "zcommon"], "(PO)"),
            ("spl", 122880, 6, ["zfs", "zunicode", "zzstd", "zlua", "icp", "zcommon", "znvpair"], "(O)"),
            ("nfsd", 548864, 13, []), ("auth_rpcgss", 94208, 1, ["nfsd"]), ("nfs_acl", 16384, 1, ["nfsd"]),
            ("lockd", 106496, 1, ["nfsd"]), ("grace", 16384, 2, ["nfsd", "lockd"]),
            ("sunrpc", 589824, 18, ["nfsd", "auth_rpcgss", "nfs_acl", "lockd"]), ("igb", 245760, 0, []),
            ("dca", 16384, 1, ["igb"]), ("i2c_algo_bit", 16384, 1, ["igb"]), ("ahci", 45056, 6, []),
            ("libahci", 45056, 1, ["ahci"]), ("mpt3sas", 319488, 4, []), ("raid_class", 16384, 1, ["mpt3sas"]),
            ("scsi_transport_sas", 45056, 1, ["mpt3sas"]), ("ipmi_ssif", 40960, 0, []), ("ipmi_si", 69632, 0, []),
            ("nls_iso8859_1", 16384, 1, []), ("intel_rapl_msr", 20480, 0, []), ("crct10dif_pclmul", 16384, 1, []),
            ("crc32_pclmul", 16384, 0, []), ("aesni_intel", 376832, 0, [])]
    vm = module_areas(mods, "load_module+0x1b47/0x2170", outside_range=True)
    vm += [area(131072, "spl_kvmalloc+0x9f/0xc0 [spl]") for _ in range(30)]
    vm += [area(1048576, "spl_kvmalloc+0x9f/0xc0 [spl]") for _ in range(6)]
    vm += [area(4096, "bpf_prog_alloc_no_stats+0x4e/0x230") for _ in range(14)]
    vm += [area(12288, "n_tty_open+0x19/0xa0"), area(1048576, "__do_sys_swapon+0x8b4/0x1140"),
           area(1048576, "swap_cgroup_swapon+0x2d/0x150"),
           area(8192, "acpi_os_map_iomem+0x17b/0x1b0", "ioremap"), area(16384, "pci_iomap_range+0x6c/0x90", "ioremap"),
           area(131072, "pci_iomap_range+0x6c/0x90", "ioremap"), area(65536, "mpt3sas_base_map_resources+0x9c/0x6e0 [mpt3sas]", "ioremap"),
           area(4096, "hpet_enable+0x34/0x2c8", "ioremap"), {"size": 16384, "unpurged": True}]
    vm += [{"size": 2097152, "caller": "pcpu_create_chunk+0x76/0x160", "kind": "vmalloc"}]
    zfs_slab = [("arc_buf_hdr_t_full", a["hdr_size"] // 1024, 0.98, (264, 31, 2, False)),
                ("dmu_buf_impl_t", a["dbuf_size"] // 1024, 0.97, (368, 22, 2, False)),
                ("dnode_t", a["dnode_size"] // 1024, 0.98, (992, 33, 8, False)),
                ("zio_buf_comb_512", a["bonus_size"] // 1024, 0.96, (512, 32, 4, False)),
                ("zfs_znode_cache", 61400, 0.95, (1176, 27, 8, False)), ("sa_cache", 14100, 0.9, (248, 33, 2, False)),
                ("zio_cache", 2100, 0.5, (1280, 25, 8, False)), ("abd_t", 9600, 0.9, (104, 39, 1, False)),
                ("zio_buf_comb_16384", 4800, 0.7, (16384, 2, 8, False))]
    users = [("systemd", 1, 5600, 7400, 0, 124, 0, 0), ("systemd-journal", 1, 3800, 16800, 10400, 108, 0, 1),
             ("systemd-udevd", 1, 2800, 6200, 0, 88, 0, 1), ("systemd-network", 1, 1100, 4800, 0, 64, 100, 1),
             ("systemd-resolve", 1, 2400, 6100, 0, 72, 101, 1), ("systemd-timesyn", 2, 900, 4600, 0, 64, 102, 1),
             ("dbus-daemon", 1, 1900, 3200, 0, 56, 103, 1), ("rsyslogd", 4, 2100, 4100, 0, 64, 104, 1),
             ("snapd", 18, 31200, 24800, 0, 212, 0, 1), ("cron", 1, 500, 2200, 0, 48, 0, 1),
             ("zed", 4, 900, 3100, 0, 56, 0, 1), ("rpcbind", 1, 600, 1900, 0, 44, 105, 1),
             ("rpc.mountd", 1, 1100, 2600, 0, 52, 0, 1), ("smbd", 1, 9800, 21400, 1400, 132, 0, 1),
             ("smbd", 1, 4100, 12800, 1400, 96, 0, "smbd"), ("smbd", 1, 4300, 12900, 1400, 96, 0, "smbd"),
             ("smbd", 1, 22400, 18200, 1400, 140, 1000, "smbd"), ("nmbd", 1, 2900, 8200, 0, 76, 0, 1),
             ("sshd", 1, 1400, 5600, 0, 76, 0, 1), ("agetty", 1, 200, 1300, 0, 32, 0, 1),
             ("sshd", 1, 1500, 5700, 0, 76, 0, 1), ("bash", 1, 2600, 3300, 0, 52, 1000, 1)]
    kt = kthreads_4x(8, ["kworker/u16:2", "scsi_eh_0", "scsi_tmf_0", "scsi_eh_1", "scsi_tmf_1", "scsi_eh_2",
                         "scsi_tmf_2", "spl_system_task", "spl_delay_taskq", "spl_dynamic_tas", "spl_kmem_cache",
                         "zvol", "arc_prune", "arc_evict", "arc_reap", "dbu_evict", "dbuf_evict", "z_vdev_file",
                         "l2arc_feed", "z_null_iss", "z_null_int", "z_rd_iss", "z_rd_int_0", "z_rd_int_1",
                         "z_wr_iss", "z_wr_int_0", "z_wr_int_1", "z_fr_iss_0", "z_cl_iss", "z_ioctl_iss",
                         "z_trim_iss", "z_zvol", "z_prefetch", "z_upgrade", "z_zrele", "z_unlinked_drai",
                         "txg_quiesce", "txg_sync", "mmp", "dp_sync_taskq", "dp_zil_clean_ta", "lockd",
                         "nfsd", "nfsd", "nfsd", "nfsd", "nfsd", "nfsd", "nfsd", "nfsd", "kworker/3:1H"],
                     rcu=("rcu_tasks_rude_", "rcu_tasks_trace", "rcu_sched"))
    ram = [(1, 158), (256, 884736), (1048576, 4342528)]
    return {
        "name": "zfs-arc", "version": (5, 15), "era": "5.15", "release": "5.15.0-91-generic",
        "hostname": "nas", "uname_m": "x86_64", "bits": 64, "cpus": 8, "possible_cpus": 8, "numa": True,
        "zone_bounds": X86_ZONES_5, "ram": ram, "zone_reserved": {"DMA": 21, "DMA32": 22528, "Normal": 73216},
        "reserve_ratio": X86_RESERVE_5,
        "pcp": {"DMA": [0] * 8, "DMA32": [41, 18, 64, 9, 77, 31, 22, 50], "Normal": [212, 388, 140, 95, 301, 166, 248, 72]},
        "kthreads": kt, "user": users, "first_user_pid": 810, "stack_kb": 16, "vmap_stack": True,
        "fork_caller": "kernel_clone+0x9b/0x3e0", "idle_caller": "fork_idle+0x8e/0xc0", "cached_stacks": 8,
        "vmalloc": vm, "shmem": 13200, "swapcached": 0, "buffers": 9600, "file_lru": (1402000, 1810400),
        "dirty": 640, "slab": modern_slab(ext4=False, extra=zfs_slab), "large_kmalloc": 8192,
        "kernel_misc_reclaimable": 0, "percpu_pages_per_cpu": 64, "percpu_dynamic": 6144, "thp_kb": 0,
        "remainder": [(f"ZFS ARC buffers (ABD scatter pages): arcstats data_size + metadata_size + abd_chunk_waste_size "
                       f"= {a['data_size'] + a['metadata_size'] + a['abd_chunk_waste_size']} bytes", arc_pages_kb),
                      ("igb receive rings and other unreported driver allocations", 8192)],
        "swaps": [("/swap.img", "file", 4194300, 0, -2)], "vmalloc_total": 34359738367,
        "config": {"thp": True, "hugetlbfs": True, "memory_failure": True,
                   "directmap": [("DirectMap4k", 366996), ("DirectMap2M", 9072640), ("DirectMap1G", 7340032)]},
        "uptime": 4412098.35, "captured_at": 1705000000, "boot_id": BOOT_ID("zfs-arc"),
        "percpu_line": "6,334,0,-;percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u262144",
        "mounts": "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "udev /dev devtmpfs rw,nosuid,relatime,size=8079752k,nr_inodes=2019938,mode=755,inode64 0 0\n"
                  "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n"
                  "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1623124k,mode=755,inode64 0 0\n"
                  "rpool/ROOT/ubuntu_x3k2p9 / zfs rw,relatime,xattr,posixacl 0 0\n"
                  "tmpfs /dev/shm tmpfs rw,nosuid,nodev,inode64 0 0\ntmpfs /run/lock tmpfs rw,nosuid,nodev,noexec,relatime,size=5120k,inode64 0 0\n"
                  "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0\n"
                  "bpool/BOOT/ubuntu_x3k2p9 /boot zfs rw,nodev,relatime,xattr,posixacl 0 0\n"
                  "tank /tank zfs rw,xattr,noacl 0 0\ntank/media /tank/media zfs rw,xattr,noacl 0 0\n"
                  "tank/backup /tank/backup zfs rw,xattr,noacl 0 0\n"
                  "nfsd /proc/fs/nfsd nfsd rw,relatime 0 0\n"
                  "tmpfs /run/user/1000 tmpfs rw,nosuid,nodev,relatime,size=1623120k,nr_inodes=405780,mode=700,uid=1000,gid=1000,inode64 0 0\n",
        "statfs": [("/dev", 0, 8273666048), ("/run", 2359296, 1662078976), ("/dev/shm", 0, 8310599680),
                   ("/run/lock", 0, 5242880), ("/run/user/1000", 0, 1662074880)],
        "cmdline": "BOOT_IMAGE=/BOOT/ubuntu_x3k2p9@/vmlinuz-5.15.0-91-generic root=ZFS=rpool/ROOT/ubuntu_x3k2p9 ro quiet",
        "modules": mods,
        "firmware_map": x86_e820(ram, [(0x0, 0xfff, "reserved"), (0x9e000, 0xfffff, "reserved"),
                                       (0xd8000000, 0xdfffffff, "reserved"), (0xe0000000, 0xefffffff, "reserved"),
                                       (0xfe000000, 0xffffffff, "reserved")]),
        "memory_block_pages": 32768,
        "boot_config": "# Reduced by capture-fixture.sh to the options wired reads.\nCONFIG_VMAP_STACK=y\n",
        "passwd": passwd([("root", 0), ("systemd-network", 100), ("systemd-resolve", 101),
                          ("systemd-timesync", 102), ("messagebus", 103), ("syslog", 104), ("_rpc", 105),
                          ("sam", 1000)]),
        "extra_files": {"proc/spl/kstat/zfs/arcstats": lambda b: arcstats_text(ARC, b["m"]["MemTotal"],
                                                                                b["m"]["MemFree"], b["m"]["MemAvailable"])},
        "arc_pages_kb": arc_pages_kb,
        "note": "hand-made by Scripts/make-old-kernel-fixtures.py: Ubuntu 22.04 ZFS file server, ARC 6.5 GiB, see README.md",
    }


NVIDIA_VERSION = ("NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.154.05  Thu Dec 28 15:37:48 UTC 2023\n"
                  "GCC version:  gcc version 12.3.0 (Ubuntu 12.3.0-1ubuntu1~22.04) \n")
NVIDIA_GPU_INFO = ("Model: \t\t NVIDIA GeForce RTX 2060\nIRQ:   \t\t 156\n"
                   "GPU UUID: \t GPU-8f1c0e2a-3b9d-4c5e-9a7f-2d6e1b0c4a83\nVideo BIOS: \t 90.06.3f.00.5b\n"
                   "Bus Type: \t PCIe\nDMA Size: \t 47 bits\nDMA Mask: \t 0x7fffffffffff\n"
                   "Bus Location: \t 0000:01:00.0\nDevice Minor: \t 0\nGPU Excluded:\t No\n")


def nvidia_gpu():
    nv_sysmem_kb = 626688  # 612 MiB of raw pages nvidia.ko allocated for the GPU
    mods = [("nvidia_uvm", 1527808, 2, [], "(POE)"), ("nvidia_drm", 77824, 4, [], "(POE)"),
            ("nvidia_modeset", 1302528, 6, ["nvidia_drm"], "(POE)"),
            ("nvidia", 56807424, 148, ["nvidia_uvm", "nvidia_modeset"], "(POE)"),
            ("i915", 3309568, 38, []), ("drm_buddy", 20480, 1, ["i915"]), ("ttm", 86016, 1, ["i915"]),
            ("drm_display_helper", 184320, 1, ["i915"]), ("cec", 81920, 2, ["i915", "drm_display_helper"]),
            ("rc_core", 65536, 1, ["cec"]), ("drm_kms_helper", 311296, 5, ["nvidia_drm", "i915", "drm_display_helper"]),
            ("i2c_algo_bit", 16384, 1, ["i915"]), ("drm", 622592, 12, ["nvidia_drm", "i915", "drm_buddy", "ttm",
                                                                      "drm_display_helper", "drm_kms_helper"]),
            ("video", 65536, 2, ["i915"]), ("wmi", 32768, 1, ["video"]), ("snd_hda_codec_realtek", 159744, 1, []),
            ("snd_hda_intel", 57344, 4, []), ("snd_hda_codec", 184320, 2, ["snd_hda_codec_realtek", "snd_hda_intel"]),
            ("snd_hda_core", 122880, 3, ["snd_hda_codec_realtek", "snd_hda_intel", "snd_hda_codec"]),
            ("snd_pcm", 155648, 3, ["snd_hda_intel", "snd_hda_codec", "snd_hda_core"]),
            ("iwlmvm", 512000, 0, []), ("mac80211", 1585152, 1, ["iwlmvm"]), ("iwlwifi", 430080, 1, ["iwlmvm"]),
            ("cfg80211", 1073152, 3, ["iwlmvm", "mac80211", "iwlwifi"]), ("btusb", 65536, 0, []),
            ("bluetooth", 868352, 13, ["btusb"]), ("uvcvideo", 114688, 0, []), ("videobuf2_vmalloc", 20480, 1, ["uvcvideo"]),
            ("nvme", 49152, 3, []), ("nvme_core", 135168, 4, ["nvme"]), ("intel_lpss_pci", 28672, 0, []),
            ("hid_multitouch", 32768, 0, [])]
    vm = module_areas(mods, "load_module+0x1b47/0x2170", outside_range=True)
    vm += [area(1048576, "os_alloc_mem+0x10a/0x120 [nvidia]") for _ in range(6)]
    vm += [area(2097152, "os_alloc_mem+0x10a/0x120 [nvidia]") for _ in range(2)]
    vm += [area(262144, "nvkms_alloc+0x29/0x70 [nvidia_modeset]") for _ in range(3)]
    vm += [area(16777216, "os_map_kernel_space+0x94/0xb0 [nvidia]", "ioremap"),
           area(16777216, "os_map_kernel_space+0x94/0xb0 [nvidia]", "ioremap"),
           area(2097152, "nv_alloc_kernel_mapping+0xd2/0x110 [nvidia]", "vmap"),
           area(16777216, "intel_gt_init_mmio+0x2e/0x60 [i915]", "ioremap"),
           area(8294400, "i915_gem_object_pin_map+0x1e6/0x2d0 [i915]", "vmap")]
    vm += [area(4096, "bpf_prog_alloc_no_stats+0x4e/0x230") for _ in range(31)]
    vm += [area(12288, "n_tty_open+0x19/0xa0") for _ in range(4)]
    vm += [area(2097152, "__do_sys_swapon+0x8b4/0x1140"), area(1048576, "swap_cgroup_swapon+0x2d/0x150"),
           area(8192, "acpi_os_map_iomem+0x17b/0x1b0", "ioremap"), area(12288, "acpi_os_map_iomem+0x17b/0x1b0", "ioremap"),
           area(16384, "pci_iomap_range+0x6c/0x90", "ioremap"), area(8192, "__pci_enable_msix_range+0x316/0x4d0", "ioremap"),
           {"size": 12288, "unpurged": True}, {"size": 8192, "unpurged": True}]
    vm += [{"size": 2097152, "caller": "pcpu_create_chunk+0x76/0x160", "kind": "vmalloc"} for _ in range(2)]
    i915_slab = [("i915_vma", 2100, 0.9, (640, 25, 4, False)), ("drm_i915_gem_object", 3800, 0.9, (1024, 32, 8, False)),
                 ("i915_request", 900, 0.6, (640, 25, 4, False)), ("i915_lut_handle", 120, 0.5, (32, 128, 1, False))]
    users = [("systemd", 1, 6800, 8200, 0, 136, 0, 0), ("systemd-journal", 1, 4100, 24600, 14800, 124, 0, 1),
             ("systemd-udevd", 1, 3100, 6900, 0, 92, 0, 1), ("systemd-oomd", 1, 1200, 4800, 0, 60, 108, 1),
             ("systemd-resolve", 1, 5400, 8600, 0, 84, 101, 1), ("NetworkManager", 3, 8100, 14400, 0, 148, 0, 1),
             ("wpa_supplicant", 1, 1800, 5600, 0, 64, 0, 1), ("nvidia-persiste", 1, 800, 2900, 0, 52, 124, 1),
             ("gdm3", 3, 2300, 8400, 0, 88, 0, 1), ("Xorg", 5, 98400, 71200, 42800, 620, 1000, 1),
             ("gnome-shell", 25, 512400, 168000, 121600, 2080, 1000, 1), ("pipewire", 3, 5800, 9900, 2400, 96, 1000, 1),
             ("wireplumber", 5, 12300, 14800, 1200, 120, 1000, 1), ("firefox", 92, 1212000, 198000, 84000, 3640, 1000, 1, {"swap": 35840}),
             ("Isolated Web Co", 27, 486000, 96000, 36000, 1320, 1000, "firefox"),
             ("Isolated Web Co", 25, 312000, 88000, 22000, 980, 1000, "firefox"),
             ("Isolated Web Co", 24, 168000, 82000, 14000, 720, 1000, "firefox"),
             ("code", 34, 288000, 124000, 26000, 1180, 1000, 1), ("code", 18, 412000, 62000, 8800, 1260, 1000, "code"),
             ("python3", 36, 2614000, 182000, 4400, 6120, 1000, 1, {"fdsize": 256, "swap": 98304}),
             ("gnome-terminal-", 5, 44800, 51200, 1400, 276, 1000, 1), ("bash", 1, 2900, 3500, 0, 56, 1000, 1)]
    kt = kthreads_4x(12, ["kworker/u24:3", "nvme-wq", "nvme-reset-wq", "nvme-delete-wq", "jbd2/nvme0n1p2-8",
                          "ext4-rsv-conver", "irq/156-nvidia", "nv_queue", "nv_queue", "nvidia-modeset/",
                          "nvidia-modeset/", "UVM global queue", "UVM deferred release queue",
                          "UVM Tools Event Queue", "i915_modeset", "i915-unordered", "card1-crtc0", "card1-crtc1",
                          "card1-crtc2", "cfg80211", "iwlwifi:irq", "krfcommd", "kworker/7:1H", "cryptd"],
                      rcu=("rcu_tasks_rude_", "rcu_tasks_trace", "rcu_preempt"))
    ram = [(1, 158), (256, 400000), (401000, 470000), (1048576, 4542464)]
    return {
        "name": "nvidia-gpu", "version": (5, 15), "era": "5.15", "release": "5.15.0-97-generic",
        "hostname": "laptop", "uname_m": "x86_64", "bits": 64, "cpus": 12, "possible_cpus": 12, "numa": True,
        "zone_bounds": X86_ZONES_5, "ram": ram, "zone_reserved": {"DMA": 21, "DMA32": 14336, "Normal": 80412},
        "reserve_ratio": X86_RESERVE_5,
        "pcp": {"DMA": [0] * 12, "DMA32": [12, 0, 31, 4, 0, 9, 22, 3, 0, 17, 6, 0],
                "Normal": [188, 301, 97, 244, 162, 56, 379, 121, 83, 267, 140, 201]},
        "kthreads": kt, "user": users, "first_user_pid": 901, "stack_kb": 16, "vmap_stack": True,
        "fork_caller": "kernel_clone+0x9b/0x3e0", "idle_caller": "fork_idle+0x8e/0xc0", "cached_stacks": 12,
        "vmalloc": vm, "shmem": 652400, "shmem_unevictable": 16384, "swapcached": 18200, "buffers": 182400,
        "file_lru": (2106000, 2244800), "dirty": 5200,
        "slab": modern_slab(extra=i915_slab), "large_kmalloc": 12288, "kernel_misc_reclaimable": 0,
        "percpu_pages_per_cpu": 64, "percpu_dynamic": 9728, "thp_kb": 1337344,
        "remainder": [("system memory nvidia.ko allocated for the GPU (raw pages: DMA buffers, GPU page tables, "
                       "pinned staging)", nv_sysmem_kb),
                      ("iwlwifi receive buffers and other unreported driver allocations", 10240)],
        "swaps": [("/swapfile", "file", 2097148, 134144, -2)], "vmalloc_total": 34359738367,
        "config": {"thp": True, "hugetlbfs": True, "memory_failure": True,
                   "directmap": [("DirectMap4k", 612364), ("DirectMap2M", 11962368), ("DirectMap1G", 4194304)]},
        "uptime": 37412.88, "captured_at": 1708000000, "boot_id": BOOT_ID("nvidia-gpu"),
        "percpu_line": "6,402,0,-;percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u262144",
        "mounts": "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "udev /dev devtmpfs rw,nosuid,relatime,size=8096424k,nr_inodes=2024106,mode=755,inode64 0 0\n"
                  "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n"
                  "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1626476k,mode=755,inode64 0 0\n"
                  "/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0\n"
                  "tmpfs /dev/shm tmpfs rw,nosuid,nodev,inode64 0 0\ntmpfs /run/lock tmpfs rw,nosuid,nodev,noexec,relatime,size=5120k,inode64 0 0\n"
                  "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0\n"
                  "/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro 0 0\n"
                  "tmpfs /run/user/1000 tmpfs rw,nosuid,nodev,relatime,size=1626472k,nr_inodes=406618,mode=700,uid=1000,gid=1000,inode64 0 0\n",
        "statfs": [("/dev", 0, 8290738176), ("/run", 2650112, 1665511424), ("/dev/shm", 318767104, 8327589888),
                   ("/run/lock", 4096, 5242880), ("/run/user/1000", 41943040, 1665507328)],
        "cmdline": "BOOT_IMAGE=/boot/vmlinuz-5.15.0-97-generic root=UUID=3e7b1c2d-9f0a-4b6e-8c5d-1a2f3b4c5d6e ro quiet splash vt.handoff=7",
        "modules": mods,
        "firmware_map": x86_e820(ram, [(0x0, 0xfff, "reserved"), (0x9e000, 0xfffff, "reserved"),
                                       (0x61a80000, 0x61e67fff, "ACPI Non-volatile Storage"),
                                       (0x72c00000, 0x7fffffff, "reserved"), (0xc0000000, 0xcfffffff, "reserved"),
                                       (0xfe000000, 0xffffffff, "reserved")]),
        "memory_block_pages": 32768,
        "boot_config": "# Reduced by capture-fixture.sh to the options wired reads.\nCONFIG_VMAP_STACK=y\n",
        "passwd": passwd([("root", 0), ("systemd-resolve", 101), ("systemd-oom", 108),
                          ("nvidia-persistenced", 124), ("kim", 1000)]),
        "extra_files": {
            "proc/driver/nvidia/version": NVIDIA_VERSION,
            "proc/driver/nvidia/gpus/0000:01:00.0/information": NVIDIA_GPU_INFO,
            "proc/driver/nvidia/params": "ResmanDebugLevel: 4294967295\nRmLogonRC: 1\nModifyDeviceFiles: 1\n"
                                         "DeviceFileUID: 0\nDeviceFileGID: 0\nDeviceFileMode: 438\n"
                                         "InitializeSystemMemoryAllocations: 1\nUsePageAttributeTable: 4294967295\n"
                                         "EnableMSI: 1\nPreserveVideoMemoryAllocations: 0\nDynamicPowerManagement: 3\n",
            "sys/class/drm/card0/device/uevent": "DRIVER=i915\nPCI_CLASS=30000\nPCI_ID=8086:9BC4\n"
                                                 "PCI_SUBSYS_ID=1043:1B1F\nPCI_SLOT_NAME=0000:00:02.0\n"
                                                 "MODALIAS=pci:v00008086d00009BC4sv00001043sd00001B1Fbc03sc00i00\n",
            "sys/class/drm/card1/device/uevent": "DRIVER=nvidia\nPCI_CLASS=30000\nPCI_ID=10DE:1F15\n"
                                                 "PCI_SUBSYS_ID=1043:1B1F\nPCI_SLOT_NAME=0000:01:00.0\n"
                                                 "MODALIAS=pci:v000010DEd00001F15sv00001043sd00001B1Fbc03sc00i00\n"},
        "nv_sysmem_kb": nv_sysmem_kb,
        "note": "hand-made by Scripts/make-old-kernel-fixtures.py: Ubuntu 22.04 laptop, Intel iGPU (i915) and NVIDIA RTX 2060 (535 driver), see README.md",
    }


def lxcfs_container():
    """An LXD container on a 32 GiB host: /proc/meminfo is LXCFS's (the container's memory cgroup), while
    vmstat and zoneinfo are the host kernel's. The host is built first; its meminfo is then rewritten the way
    lxcfs proc_meminfo_read() does."""
    ram = [(1, 158), (256, 917504), (1048576, 8519680)]
    host_users = [("systemd", 1, 6200, 7900, 0, 132, 0, 0), ("systemd-journal", 1, 4900, 28100, 16400, 128, 0, 1),
                  ("lxd", 28, 184000, 61200, 0, 820, 0, 1), ("dnsmasq", 1, 600, 2100, 0, 48, 65534, 1),
                  ("systemd", 1, 4800, 6900, 0, 112, 1000000, 1), ("systemd-journal", 1, 2600, 9200, 4096, 76, 1000000, 1),
                  ("mariadbd", 31, 612000, 18400, 0, 1620, 1000999, 1), ("nginx", 1, 2400, 9800, 0, 76, 1000000, 1),
                  ("nginx", 1, 9800, 9800, 0, 88, 1000033, "nginx"), ("nginx", 1, 9600, 9800, 0, 88, 1000033, "nginx"),
                  ("nginx", 1, 9700, 9800, 0, 88, 1000033, "nginx"), ("nginx", 1, 9500, 9800, 0, 88, 1000033, "nginx"),
                  ("php-fpm8.1", 1, 14800, 22400, 0, 120, 1000000, 1)] + \
        [("php-fpm8.1", 1, 52000, 24000, 0, 180, 1000033, "php-fpm8.1")] * 6 + \
        [("redis-server", 5, 118000, 2900, 0, 280, 1000108, 1), ("qemu-system-x86", 9, 8210000, 21000, 0, 16800, 0, 1)]
    kt = kthreads_4x(8, ["kworker/u16:1", "nvme-wq", "nvme-reset-wq", "nvme-delete-wq", "jbd2/nvme0n1p2-8",
                         "ext4-rsv-conver", "kworker/2:1H", "kvm-nx-lpage-re"],
                     rcu=("rcu_tasks_rude_", "rcu_tasks_trace", "rcu_sched"))
    vm = module_areas([("kvm_intel", 372736, 4, []), ("kvm", 1036288, 1, ["kvm_intel"]), ("vhost_net", 32768, 1, []),
                       ("veth", 32768, 0, []), ("bridge", 311296, 0, []), ("nf_tables", 249856, 112, [])],
                      "load_module+0x1b47/0x2170", outside_range=True)
    vm += [area(4096, "bpf_prog_alloc_no_stats+0x4e/0x230") for _ in range(40)]
    return {
        "name": "contradictory-lxcfs", "version": (5, 15), "era": "5.15", "release": "5.15.0-105-generic",
        "hostname": "web1", "uname_m": "x86_64", "bits": 64, "cpus": 8, "possible_cpus": 8, "numa": True,
        "zone_bounds": X86_ZONES_5, "ram": ram, "zone_reserved": {"DMA": 21, "DMA32": 22528, "Normal": 152640},
        "reserve_ratio": X86_RESERVE_5,
        "pcp": {"DMA": [0] * 8, "DMA32": [22, 8, 61, 0, 14, 33, 7, 19], "Normal": [302, 277, 410, 118, 265, 391, 88, 240]},
        "kthreads": kt, "user": host_users, "first_user_pid": 1020, "stack_kb": 16, "vmap_stack": True,
        "fork_caller": "kernel_clone+0x9b/0x3e0", "idle_caller": "fork_idle+0x8e/0xc0", "cached_stacks": 8,
        "vmalloc": vm, "shmem": 61400, "swapcached": 0, "buffers": 402000, "file_lru": (6812000, 7041600),
        "dirty": 2900, "slab_totals": (1248800, 412600), "kernel_misc_reclaimable": 0,
        "percpu_pages_per_cpu": 64, "percpu_dynamic": 27648, "thp_kb": 7340032,
        "remainder": [("host driver allocations nobody reports", 18432)],
        "swaps": [("/swap.img", "file", 8388604, 0, -2)], "vmalloc_total": 34359738367,
        "config": {"thp": True, "hugetlbfs": True, "memory_failure": True,
                   "directmap": [("DirectMap4k", 718412), ("DirectMap2M", 20254720), ("DirectMap1G", 12582912)]},
        "uptime": 1912004.51, "captured_at": 1714000000, "boot_id": BOOT_ID("lxcfs-container"),
        "mounts": "", "cmdline": "", "passwd": "",
        "note": "hand-made by Scripts/make-old-kernel-fixtures.py: inside an LXD container (LXCFS meminfo, host zoneinfo and vmstat), see README.md",
    }


# ---------------------------------------------------------------------------------------------------
# The LXCFS container view (contradictory-lxcfs).

LXCFS_CONTAINER = {"limit_bytes": 3865468928, "file_kb": 1003520, "shmem_kb": 8192, "kernel_kb": 61440,
                   "sock_kb": 2048, "file_mapped_kb": 98304, "file_dirty_kb": 412, "active_file_pct": 38,
                   "active_anon_pct": 91, "uptime": 604811.27}


def lxcfs_finish(b, files):
    """Rewrites the host's files the way an unprivileged LXD container sees them: lxcfs's /proc/meminfo,
    /proc/swaps and /proc/uptime, the container's own processes, its cgroup, no root-only host files."""
    s, m = b["spec"], dict(b["m"])
    c = LXCFS_CONTAINER
    cont = [t for t in b["tasks"] if not t["kthread"] and t["uid"] >= 1000000]
    anon = sum(t["anon_kb"] for t in cont)
    file_, shmem = c["file_kb"], c["shmem_kb"]
    usage = anon + file_ + c["kernel_kb"] + c["sock_kb"]
    limit = c["limit_bytes"] // 1024
    anon_lru = anon + shmem
    active_anon = anon_lru * c["active_anon_pct"] // 100 // 4 * 4
    file_lru = file_ - shmem
    active_file = file_lru * c["active_file_pct"] // 100 // 4 * 4
    thp = 98304
    st = {"anon": anon, "file": file_, "kernel_stack": 2112, "pagetables": 6144, "percpu": 1824,
          "sock": c["sock_kb"], "vmalloc": 512, "shmem": shmem, "file_mapped": c["file_mapped_kb"],
          "file_dirty": c["file_dirty_kb"], "file_writeback": 0, "swapcached": 0, "anon_thp": thp, "file_thp": 0,
          "shmem_thp": 0, "inactive_anon": anon_lru - active_anon, "active_anon": active_anon,
          "inactive_file": file_lru - active_file, "active_file": active_file, "unevictable": 0,
          "slab_reclaimable": 38912, "slab_unreclaimable": 11936}
    assert st["kernel_stack"] + st["pagetables"] + st["percpu"] + st["vmalloc"] + st["slab_reclaimable"] + \
        st["slab_unreclaimable"] == c["kernel_kb"], "memory.stat kernel parts add up to the kernel charge"
    lx = dict(m)
    lx.update({"MemTotal": limit, "MemFree": limit - usage, "MemAvailable": limit - usage + file_, "Buffers": 0,
               "Cached": file_, "SwapCached": 0, "Active": active_anon + active_file,
               "Inactive": st["inactive_anon"] + st["inactive_file"], "Active(anon)": active_anon,
               "Inactive(anon)": st["inactive_anon"], "Active(file)": active_file, "Inactive(file)": st["inactive_file"],
               "Unevictable": 0, "Dirty": st["file_dirty"], "Writeback": 0, "AnonPages": anon,
               "Mapped": st["file_mapped"], "Shmem": shmem, "Slab": 0, "SReclaimable": 0, "SUnreclaim": 0,
               "AnonHugePages": thp})
    b["m_host"], b["m"] = m, lx
    files["proc/meminfo"] = meminfo_text(b) .replace("ShmemHugePages:        0 kB", "ShmemHugePages:        0 kB")
    b["m"] = m
    b["lxcfs"] = {"limit": limit, "usage": usage, "anon": anon, "stat": st}
    files["proc/swaps"] = "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n" \
                          f"none{' ' * 36}virtual\t\t{m['SwapTotal']}\t0\t0\n"
    files["proc/uptime"] = f"{c['uptime']:.2f} {c['uptime'] * 7.6:.2f}\n"
    for path in list(files):
        if path.startswith(("proc/vmallocinfo", "proc/slabinfo", "dev/kmsg", "sys/firmware", "boot/",
                            "sys/devices/system/memory", "sys/kernel/kexec")) or \
                (path.startswith("proc/") and path.split("/")[1].isdigit()):
            del files[path]
    # The container's processes, renumbered in its PID namespace, uids mapped back from the 1000000 shift.
    cont.sort(key=lambda t: t["pid"])
    newpid = {}
    for i, t in enumerate(cont):
        newpid[t["pid"]] = 1 if i == 0 else 100 + i * 7
    v = s["version"]
    for t in cont:
        t = dict(t)
        t["pid"] = newpid[t["pid"]]
        t["ppid"] = newpid.get(t["ppid"], 0 if t["pid"] == 1 else 1)
        t["pgrp"] = t["session"] = t["pid"]
        t["uid"] -= 1000000
        base = f"proc/{t['pid']}/"
        files[base + "stat"] = stat_line(t, 52)
        files[base + "statm"] = statm_line(t)
        files[base + "status"] = status_text(t, v, s["cpus"], f"0-{s['cpus'] - 1}", "00000000,00000001")
        files[base + "smaps_rollup"] = smaps_rollup(t, v)
    procs = "".join(f"{newpid[t['pid']]}\n" for t in cont)
    files["sys/fs/cgroup/cgroup.controllers"] = "cpuset cpu io memory hugetlb pids rdma misc\n"
    files["sys/fs/cgroup/cgroup.procs"] = procs
    files["sys/fs/cgroup/memory.current"] = f"{usage * 1024}\n"
    files["sys/fs/cgroup/memory.max"] = f"{c['limit_bytes']}\n"
    keys = ["anon", "file", "kernel_stack", "pagetables", "percpu", "sock", "vmalloc", "shmem", "file_mapped",
            "file_dirty", "file_writeback", "swapcached", "anon_thp", "file_thp", "shmem_thp", "inactive_anon",
            "active_anon", "inactive_file", "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable"]
    text = "".join(f"{k} {st[k] * 1024}\n" for k in keys)
    text += f"slab {(st['slab_reclaimable'] + st['slab_unreclaimable']) * 1024}\n"
    text += "workingset_refault_anon 0\nworkingset_refault_file 41187\nworkingset_activate_anon 0\n" \
            "workingset_activate_file 9102\nworkingset_restore_anon 0\nworkingset_restore_file 2201\n" \
            "workingset_nodereclaim 0\npgfault 918234412\npgmajfault 3120\npgrefill 0\npgscan 0\npgsteal 0\n" \
            "pgactivate 1220911\npgdeactivate 0\npglazyfree 0\npglazyfreed 0\nthp_fault_alloc 204\n" \
            "thp_collapse_alloc 8\n"
    files["sys/fs/cgroup/memory.stat"] = text
    files["proc/mounts"] = (
        "default/containers/web1 / zfs rw,noatime,xattr,posixacl 0 0\n"
        "none /dev tmpfs rw,relatime,size=492k,mode=755,uid=1000000,gid=1000000,inode64 0 0\n"
        "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\nsysfs /sys sysfs rw,relatime 0 0\n"
        "udev /dev/fuse devtmpfs rw,nosuid,relatime,size=16291096k,nr_inodes=4072774,mode=755,inode64 0 0\n"
        "udev /dev/net/tun devtmpfs rw,nosuid,relatime,size=16291096k,nr_inodes=4072774,mode=755,inode64 0 0\n"
        "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0\n"
        + "".join(f"lxcfs /proc/{f} fuse.lxcfs rw,nosuid,nodev,relatime,user_id=0,group_id=0,allow_other 0 0\n"
                  for f in ("cpuinfo", "diskstats", "loadavg", "meminfo", "slabinfo", "stat", "swaps", "uptime"))
        + "lxcfs /sys/devices/system/cpu fuse.lxcfs rw,nosuid,nodev,relatime,user_id=0,group_id=0,allow_other 0 0\n"
        "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=1000005,mode=620,ptmxmode=666,max=1024 0 0\n"
        "tmpfs /dev/lxd tmpfs rw,relatime,size=100k,mode=755,inode64 0 0\n"
        "tmpfs /dev/.lxd-mounts tmpfs rw,relatime,size=100k,mode=711,inode64 0 0\n"
        "tmpfs /dev/shm tmpfs rw,nosuid,nodev,uid=1000000,gid=1000000,inode64 0 0\n"
        "tmpfs /run tmpfs rw,nosuid,nodev,size=6552512k,nr_inodes=819200,mode=755,uid=1000000,gid=1000000,inode64 0 0\n"
        "tmpfs /run/lock tmpfs rw,nosuid,nodev,noexec,relatime,size=5120k,uid=1000000,gid=1000000,inode64 0 0\n")
    files["wired-statfs.txt"] = "/dev\t0\t503808\n/dev/lxd\t0\t102400\n/dev/.lxd-mounts\t0\t102400\n" \
                                "/dev/shm\t4194304\t16811540480\n/run\t4194304\t6709772288\n/run/lock\t0\t5242880\n"
    files["etc/passwd"] = passwd([("root", 0), ("www-data", 33), ("redis", 108), ("mysql", 999)])
    files["proc/cmdline"] = "BOOT_IMAGE=/vmlinuz-5.15.0-105-generic root=UUID=7d2e4f0a-1b3c-4d5e-9f60-718293a4b5c6 ro\n"
    files["proc/modules"] = modules(bits=64, mods=[("kvm_intel", 372736, 4, []), ("kvm", 1036288, 1, ["kvm_intel"]),
                                     ("vhost_net", 32768, 1, []), ("veth", 32768, 0, []), ("bridge", 311296, 0, []),
                                     ("nf_tables", 249856, 112, [])])


# ---------------------------------------------------------------------------------------------------
# README: what the tree imitates and its truth.


def mib(kb):
    return f"{kb / 1024:,.1f} MiB"


def pct(kb, total):
    return f"{100 * kb / total:.2f}%"


def truth_rows(b):
    """The expected ledger: every bucket with its kB and where it comes from; they add up to MemTotal."""
    t, s, v = b["truth"], b["spec"], b["spec"]["version"]
    m = b["m"]
    rows = [("Free (MemFree)", t["memfree"], "MemFree"),
            ("Free on per-CPU lists", t["pcp"], "Σ pagesets count: in /proc/zoneinfo × 4 KiB")]
    rows.append(("File cache", t["file_lru"], f"Active(file) + Inactive(file); Buffers {t['buffers']} kB inside"))
    rows.append(("App memory (anonymous)", t["anon"] - t["mlocked"],
                 "AnonPages − Mlocked" + (f"; AnonHugePages {t['thp']} kB inside" if t["thp"] else "")))
    pinned = s.get("shmem_unevictable", 0)
    rows.append(("Shared memory (on the LRU)", t["shmem"] - pinned,
                 "Shmem" + (f" − {pinned} kB pinned on the unevictable list" if pinned else "")))
    if t["mlocked"]:
        rows.append(("Locked (mlock)", t["mlocked"], "Mlocked"))
    if pinned:
        rows.append(("Unevictable, pinned by a driver", pinned, "Unevictable − Mlocked (i915 scanout buffers)"))
    rows.append(("Swap cache", t["swapcached"], "SwapCached"))
    rows.append(("Slab, reclaimable", t["sreclaimable"], "SReclaimable" + (" = Σ reclaimable caches in slabinfo" if t["slab_rows"] else "")))
    rows.append(("Slab, unreclaimable", t["sunreclaim"], "SUnreclaim"))
    if v >= (4, 20) and t["misc_reclaimable"]:
        rows.append(("Other reclaimable kernel memory", t["misc_reclaimable"], "KReclaimable − SReclaimable"))
    rows.append(("Page tables", t["pagetables"], "PageTables = Σ VmPTE"))
    stack_note = (f"{t['stacks']} stacks × {t['stack_kb']} KiB = KernelStack; threads {t['threads']} + "
                  f"{s['cpus']} CPUs − 1 idle task with a static stack")
    if t["vmap_stack"]:
        cached = t["stack_vmalloc"] - t["kernel_stack"]
        rows.append(("Kernel stacks (vmalloc'd)", t["kernel_stack"],
                     stack_note + "; CONFIG_VMAP_STACK, so these pages are also in vmallocinfo"))
        rows.append(("vmalloc, without the live stacks", t["vmalloc"] - t["kernel_stack"],
                     f"Σ pages= in /proc/vmallocinfo × 4 KiB ({t['vmalloc']} kB) − KernelStack; includes "
                     f"{cached} kB of freed stacks kept for reuse (vmalloc'd, not in KernelStack)"))
    else:
        rows.append(("Kernel stacks", t["kernel_stack"], stack_note))
        rows.append(("vmalloc", t["vmalloc"], "Σ pages= in /proc/vmallocinfo × 4 KiB"))
    if v >= (4, 16):
        rows.append(("Per-CPU allocations", t["percpu_dynamic"],
                     f"Percpu ({t['percpu_first'] + t['percpu_dynamic']} kB) − first chunk "
                     f"({s['percpu_pages_per_cpu']} pages × {s['possible_cpus']} CPUs = {t['percpu_first']} kB, outside MemTotal)"))
    if t["hugetlb"]:
        rows.append(("Hugepage pool", t["hugetlb"], "Hugetlb (HugePages_Total × Hugepagesize)"))
    for label, kb in t["remainder"]:
        rows.append(("Unexplained: " + label, kb, "in no counter"))
    total = sum(kb for _, kb, _ in rows)
    assert total == t["memtotal"], (s["name"], total, t["memtotal"])
    return rows


def readme(b, text):
    s, t, m, v = b["spec"], b["truth"], b["m"], b["spec"]["version"]
    out = [f"# {s['name']}\n",
           "Hand-made by `Scripts/make-old-kernel-fixtures.py` for issue 11 (do not edit by hand: change the script "
           "and run it again). Not a capture: no such machine was available. Every file is derived from one set of "
           "numbers, so the files agree with each other the way a real machine's do.\n",
           "## What it imitates\n", text["imitates"].strip() + "\n",
           "## Where the format and the numbers come from\n", text["sources"].strip() + "\n" + COMMON_SOURCES]
    if s["name"] == "contradictory-lxcfs":
        out += ["## The truth\n", text["truth"](b).strip() + "\n"]
    else:
        rows = truth_rows(b)
        out.append("## The truth: the ledger a correct tool should draw\n")
        out.append(f"MemTotal **{t['memtotal']} kB** ({mib(t['memtotal'])}). Each line below is in kB; they add up to "
                   "MemTotal exactly (checked by the script).\n")
        out.append("| bucket | kB | | from |\n|---|---:|---:|---|")
        for name, kb, src in rows:
            out.append(f"| {name} | {kb} | {mib(kb)} | {src} |")
        out.append(f"| **MemTotal** | **{t['memtotal']}** | {mib(t['memtotal'])} | Σ of the lines above |\n")
        out.append(f"**Unexplained that a correct tool should show: {t['remainder_kb']} kB ({mib(t['remainder_kb'])}, "
                   f"{pct(t['remainder_kb'], t['memtotal'])} of MemTotal).** " + text["suspect"].strip() + "\n")
        facts = ["## Other facts the tests can assert\n"]
        facts += [f"- {line}" for line in fact_lines(b)]
        facts += [f"- {line}" for line in text["facts"](b)]
        out += facts
        out.append("")
    out += ["## Today\n", TODAY.get(s["name"], "(not yet run)").strip() + "\n"]
    return "\n".join(out)


def fact_lines(b):
    s, t, m, v = b["spec"], b["truth"], b["m"], b["spec"]["version"]
    lines = []
    if v >= (3, 14):
        lines.append(f"MemAvailable (the kernel's): {m['MemAvailable']} kB.")
    else:
        lines.append(f"No MemAvailable (3.14+). The 3.14 formula on this tree's zoneinfo watermarks gives "
                     f"{t['memavailable']} kB (MemFree − Σ (high watermark + max protection) + page cache and "
                     "reclaimable slab each less min(half, Σ low watermarks)).")
    lines.append(f"Σ zoneinfo present = {t['present']} kB" + (
        f"; Σ managed = {t['managed']} kB = MemTotal." if t["managed"] is not None else
        f"; no `managed` line before 3.8, and before 3.8 `present` already excludes the memmap estimate "
        f"({t['memmap_estimate']} kB = spanned × sizeof(struct page) {s['struct_page']} B ÷ 4 KiB), so "
        f"Σ present + memmap = {t['present'] + t['memmap_estimate']} kB is the RAM the zones hold. "
        f"Σ present − MemTotal = {t['present'] - t['memtotal']} kB of boot-time reservations."))
    ks = m["KernelStack"]
    lines.append(f"Kernel stacks: KernelStack {ks} kB ÷ ({t['threads']} threads in /proc/*/stat + {s['cpus']} − 1) = "
                 f"{ks // t['stacks']} KiB per stack" + (
                     f"; vmstat nr_kernel_stack = {t['stacks']} is a count of stacks before 4.8, so KernelStack ÷ "
                     f"nr_kernel_stack = {ks // t['stacks']} KiB directly." if v < (4, 8) else
                     f"; vmstat nr_kernel_stack = {ks} is in KiB from 4.8."))
    if v < (4, 4):
        lines.append(f"VmallocUsed {m['VmallocUsed']} kB is address space (Σ sizes, guard pages included, of the "
                     "areas inside VMALLOC_START–VMALLOC_END: mm/vmalloc.c get_vmalloc_info before 4.4), not RAM; the "
                     f"RAM is Σ pages= = {t['vmalloc']} kB.")
    elif v < (5, 3):
        lines.append(f"VmallocUsed is printed as 0 (4.4–5.2); the RAM is Σ pages= in vmallocinfo = {t['vmalloc']} kB.")
    else:
        lines.append(f"VmallocUsed {m['VmallocUsed']} kB = Σ pages= in vmallocinfo × 4 KiB exactly (5.3+).")
    if t["slab_rows"]:
        rec = sum(r["slabs"] * r["pps"] * 4 for r in t["slab_rows"] if r["reclaimable"])
        unrec = sum(r["slabs"] * r["pps"] * 4 for r in t["slab_rows"] if not r["reclaimable"])
        lines.append(f"slabinfo: Σ num_slabs × pagesperslab × 4 KiB of the caches the kernel creates with "
                     f"SLAB_RECLAIM_ACCOUNT = {rec} kB = SReclaimable; of the others = {unrec} kB"
                     + (f" = SUnreclaim − {t['sunreclaim'] - unrec} kB of large kmalloc pages (counted in Slab "
                        "from 5.x, not listed in slabinfo)." if t["sunreclaim"] != unrec else " = SUnreclaim.")
                     + " Reclaimable by flag: " + ", ".join(r["name"] for r in t["slab_rows"] if r["reclaimable"])
                     + "; not: " + ", ".join(r["name"] for r in t["slab_rows"] if not r["reclaimable"] and
                                             r["name"].endswith(("inode_cache", "_inode"))) + ".")
    anon_src = "Σ RssAnon in /proc/*/status" if v >= (4, 5) else \
        "their anonymous share of VmRSS (no RssAnon line before 4.5; VmRSS = anon + file + shmem)"
    swapped = sum(p.get("swap_kb", 0) for p in b["tasks"])
    if swapped:
        lines.append(f"Swap: {m['SwapTotal'] - m['SwapFree']} kB used = Σ VmSwap of the processes ({swapped} kB); "
                     f"SwapCached {t['swapcached']} kB of it is also in RAM.")
    lines.append(f"Processes: {anon_src} = {t['anon']} kB = AnonPages (every task of the machine is in the tree); "
                 f"Σ VmPTE = PageTables = {t['pagetables']} kB; smaps_rollup "
                 + ("present (4.14+)." if v >= (4, 14) else "absent (4.14+ only), which is itself a case."))
    return lines


# ---------------------------------------------------------------------------------------------------
# What each tree imitates, where its format comes from, and what a correct tool should say about its
# unexplained memory. "Today" records what the tool of this commit prints on the tree.

def firmware_ram_kb(b):
    return sum(end - start + 1 for start, end, kind in b["spec"]["firmware_map"] if kind == "System RAM") // 1024


def caller_kb(b, prefix):
    return sum(a.get("pages", 0) for a in b["areas"] if (a.get("caller") or "").startswith(prefix)) * 4


COMMON_SOURCES = """
- Files and layout follow `Scripts/capture-fixture.sh` (what it copies, addresses zeroed in vmallocinfo, only the
  percpu line of the kernel log, `wired-capture.txt`), plus /proc/modules, /proc/cmdline and the driver files
  issue 11 asks for. No process `cmdline` or `environ`.
- meminfo lines are printed as fs/proc/meminfo.c does (`Key:` padded to 16 columns, the number in 8, ` kB`;
  `HardwareCorrupted: %5lu kB`); vmstat `name value`; zoneinfo, vmallocinfo, slabinfo 2.1, status, stat and
  smaps_rollup as the kernel of that version prints them (formats are in the script, each with its source).
- Watermarks, pcp batch/high, `vm stats threshold` and lowmem protection are computed with the kernel's own
  formulas (init_per_zone_wmark_min, khugepaged's recommended min_free_kbytes with THP, zone_batchsize,
  calculate_normal_threshold, setup_per_zone_lowmem_reserve), and MemAvailable with si_mem_available().
- Event counters in vmstat are plausible values, not meaningful ones; the gauges are exact.
"""

TEXTS = {
    "ubuntu-3.2-x86_64": {
        "imitates": """
An Ubuntu 12.04 LTS LAMP server (MySQL, Apache prefork with mod_php, memcached) on kernel 3.2.0-126-generic,
x86_64, 2 CPUs, 4 GiB of RAM with the PCI hole below 4 GiB (the RAM behind it remapped to 4–4.5 GiB), a 2 GiB
swap partition, ext4. Because the kernel is 3.2: no MemAvailable (3.14), a zoneinfo without `managed` (3.8), no
Percpu (4.16) or KReclaimable (4.20), no RssAnon/RssFile/RssShmem in status (4.5), no smaps_rollup (4.14), no
readable /dev/kmsg (records are readable from 3.5), and 8 KiB kernel stacks.
""",
        "sources": """
- meminfo field list and order: fs/proc/meminfo.c of 3.x (read in a Qualcomm 3.4 tree,
  CyanogenMod/android_kernel_htc_msm8960) and genuine 3.x outputs pasted in issues (open-falcon/falcon-plus#230,
  cubieplayer/Cubian#142): no MemAvailable; HardwareCorrupted and AnonHugePages; DirectMap4k/2M.
- vmstat names and order: a genuine 3.0–3.2 x86_64 /proc/vmstat kept as a test string in a C++ project (found by
  `find_string "kswapd_skip_congestion_wait 0"`): `kswapd_steal`, `pgsteal_dma…` (not yet `pgsteal_kswapd_*`),
  `unevictable_pgs_mlockfreed`, no `nr_vmscan_immediate_reclaim` or `nr_free_cma`. The values are this machine's.
- `nr_kernel_stack` counts stacks: meminfo.c of 3.x prints `global_page_state(NR_KERNEL_STACK) * THREAD_SIZE / 1024`.
- zoneinfo: zoneinfo_show_print of mm/vmstat.c (3.4 tree; the same function in 3.2): pages free, min, low, high,
  scanned, spanned, present — no managed —, the zone counters with four spaces, protection after them, pagesets
  with `vm stats threshold`, then all_unreclaimable, start_pfn, inactive_ratio; only populated zones. Before 3.8
  `present` = spanned − holes − PAGE_ALIGN(spanned × sizeof(struct page)) / PAGE_SIZE (free_area_init_core,
  checked in kernel source and linux-mm patches); the DMA zone starts at pfn 16 on x86_64 3.x.
- 8 KiB stacks: arch/x86/include/asm/page_64_types.h of 3.2 (x86-8/linux-3.2): `THREAD_ORDER 1`; the change to
  16 KiB (THREAD_SIZE_ORDER 2) was merged for 3.15.
- VmallocUsed: get_vmalloc_info() in mm/vmalloc.c before 4.4 adds `va_end − va_start` of every vmap area inside
  [VMALLOC_START, VMALLOC_END), guard pages included, so it is address space; x86_64 modules are mapped outside
  that range and do not count. 64-bit NUMA kernels of that time set hashdist, so alloc_large_system_hash puts
  the dentry, inode, TCP and UDP hashes in vmalloc (with pages=).
- vmallocinfo lines: s_show() of that era (`pages=`, `phys=%llx`, `ioremap`/`vmalloc`, `vpages` when the page
  array is itself vmalloc'd, `N0=` on NUMA); callers are kernel functions of 3.2, sizes are chosen.
""",
        "suspect": """
Nothing to name: e1000e rings, large kmalloc (which SLUB sends to the page allocator and, before 5.x, does not
count in Slab) and the per-CPU chunks that 3.2 reports nowhere.
""",
        "facts": lambda b: [
            f"Installed RAM: 4 GiB = 4194304 kB (32 memory blocks × 128 MiB); Σ System RAM in /sys/firmware/memmap = "
            f"{firmware_ram_kb(b)} kB (the legacy hole below 1 MiB is missing). Of it, {b['truth']['memmap_estimate']} kB "
            f"of struct page arrays are already left out of `present`, and Σ present − MemTotal = "
            f"{b['truth']['present'] - b['truth']['memtotal']} kB are boot reservations: 65536 kB swiotlb, 16800 kB "
            "kernel image, 216 kB percpu first chunk (27 pages × 2 CPUs), 1000 kB other early allocations; the first "
            "64 KiB (pfn 0–15) belong to no zone.",
            f"Per-CPU free lists hold {b['truth']['pcp'] // 4} pages ({b['truth']['pcp']} kB): DMA32 142 + 77, "
            "Normal 38 + 154. Today's reader drops every zone (no `managed`) and loses them.",
        ],
    },
    "android-3.4-armv7": {
        "imitates": """
An Android 4.4 phone of 2013 (Qualcomm APQ8064, four Krait cores, 2 GB) on a Qualcomm 3.4 kernel
(3.4.0-perf-…), 32-bit ARM with highmem: 758 MiB of lowmem under the 3 G/1 G split with a 240 MiB vmalloc area,
the rest highmem. The modem carve-out (120 MiB) is a hole inside lowmem and the ION carve-outs sit above the
last RAM page. No swap, no zram, no /etc/passwd (Android has none), no readable /dev/kmsg (3.5+), and no memory
blocks, firmware map or DMI on this ARM phone.
""",
        "sources": """
- meminfo, vmstat and zoneinfo: fs/proc/meminfo.c and mm/vmstat.c of a Qualcomm 3.4 tree
  (CyanogenMod/android_kernel_htc_msm8960), keeping mainline's meminfo lines — HTC's tree adds VmallocIoRemap…,
  KGSL_ALLOC and ION_ALLOC lines; this phone's kernel does not. The vendor tree carries the CMA backport, hence
  `nr_free_cma` in vmstat but no CmaTotal in meminfo. HighTotal/HighFree/LowTotal/LowFree as meminfo.c prints
  them under CONFIG_HIGHMEM; the genuine 3.4 (sunxi) meminfo in cubieplayer/Cubian#142 has the same layout and
  VmallocTotal 245760 kB.
- 8 KiB stacks: ARM's THREAD_SIZE_ORDER 1; `nr_kernel_stack` counts stacks.
- struct page is 32 bytes on 32-bit ARM, which sets the memmap estimate left out of `present`.
- VmallocUsed is address space before 4.4: binder_mmap reserves about 1 MiB of vmalloc space for every process
  with a binder descriptor (`get_vm_area(…, VM_IOREMAP)`, no pages=) and maps its buffer pages into it page by
  page; ION maps buffers into the kernel with vmap. Caller names of the vendor drivers are modeled.
""",
        "suspect": """
Unattributable on this kernel: Adreno GPU memory (kgsl), ION system-heap buffers (gralloc surfaces) and binder
buffers are allocated page by page and reported in no /proc file of a 3.4 kernel (only the vendor's debugfs
knows). A correct tool says that, without a named suspect; 2.6% is inside the 3% the issue allows.
""",
        "facts": lambda b: [
            "Highmem: HighTotal = Σ HighMem present × 4 = 1,270,000 kB (no boot reservation lands in highmem), "
            "LowTotal = MemTotal − HighTotal = 631,040 kB; kernel memory (slab, page tables, stacks) is all in the "
            "Normal zone.",
            "Installed RAM is 2 GB but nothing in the tree can show it (no DMI, memory blocks or firmware map): the "
            "best a tool can say is Σ present + memmap estimates = "
            f"{b['truth']['present'] + b['truth']['memmap_estimate']} kB held by the zones; the rest is carve-outs.",
            "VmallocUsed counts 21 binder areas of 1,044,480 B (1 MiB − 8 KiB plus the guard page) with no pages=.",
        ],
    },
    "router-4.1-mips": {
        "imitates": """
A MediaTek MT7621 router (MIPS32 1004Kc, 2 cores × 2 threads, 128 MiB) on OpenWrt's 4.1.16 kernel of 2016:
squashfs root with a jffs2 overlay, /tmp on tmpfs, an iptables firewall, two hostapd for the mt76 radios, no swap.
""",
        "sources": """
- meminfo: 4.1 prints MemAvailable (3.14+); no Cma lines without CONFIG_CMA and no highmem at 128 MiB. Layout
  and magnitudes match genuine MIPS router outputs found by `find_string "VmallocTotal:    1048372 kB"`
  (VmallocTotal 1048372 kB, KernelStack 384–712 kB, Shmem 1–6 MB for /tmp).
- zoneinfo: a genuine 4.0.5 zoneinfo (i686, posted to linux-mm by Mark Hills in 2015) gives the 4.0/4.1 layout:
  `scanned` and `managed` in the header, nr_alloc_batch, nr_pages_scanned, workingset_* and nr_free_cma among
  the zone counters, all_unreclaimable/start_pfn/inactive_ratio after the pagesets. MIPS32 has Normal and
  Movable zones only (protection has two entries).
- VmallocUsed before 4.4 is address space (get_vmalloc_info sums va_end − va_start over the vmalloc range;
  checked in the source). On 32-bit MIPS an ioremap below 512 MiB goes through KSEG1 and takes no vmalloc space,
  but the MT7621 PCIe memory window at 0x60000000 is above it. This tree maps that 256 MiB window once, plus the
  mt76 BAR, so VmallocUsed (264,648 kB) exceeds the installed RAM; which 4.1 driver mapped the window whole is
  modeled, not taken from a capture (unverified). Modules are vmalloc'd inside the range on 32-bit MIPS
  (module_alloc → vmalloc_exec), xt_alloc_table_info vmallocs the firewall's tables, n_tty_open its buffers.
- 8 KiB stacks: MIPS32 with 4 KiB pages has THREAD_SIZE_ORDER 1; `nr_kernel_stack` counts stacks before 4.8.
- /dev/kmsg carries only the percpu line, as capture-fixture.sh keeps it; the `PERCPU:` spelling of 4.1 is
  unverified (later kernels print `percpu:`; the reader accepts both).
""",
        "suspect": """
Nothing to name: the frame engine's and mt76's DMA rings are ordinary driver memory.
""",
        "facts": lambda b: [
            "Zone Normal: present 32768 pages (128 MiB), managed 31112; the 1656 reserved pages are the kernel image, "
            "the struct page array (256 pages) and early allocations.",
            f"vmalloc RAM is {b['truth']['vmalloc']} kB (module text and data, firewall tables, tty buffers); "
            f"VmallocUsed − that = {b['m']['VmallocUsed'] - b['truth']['vmalloc']} kB of pure address space (two "
            "ioremaps, per-CPU chunks, guard pages).",
        ],
    },
    "armboard-4.4-aarch64": {
        "imitates": """
A Rockchip RK3399 board (ROCKPro64-class: 2 × Cortex-A72 + 4 × Cortex-A53, 4 GB of which the RAM below
0xF8000000 is usable) on a 4.4 BSP kernel (4.4.179) with an Ubuntu 18.04 userland: Docker, a USB camera streamed
through uvcvideo (eleven 1080p YUYV buffers from videobuf2-vmalloc), nginx, no swap, 64 MiB of CMA.
""",
        "sources": """
- 4.4 prints VmallocUsed and VmallocChunk as 0 (commit a5ad88ce8c7f, 4.4 up to 5.2); /proc/vmallocinfo keeps
  pages=. vb2_vmalloc_alloc uses vmalloc_user, so its areas read `vmalloc user` (with vpages: 1013 page
  pointers do not fit a page).
- arm64 stacks are 16 KiB (THREAD_SIZE 16384 in arch/arm64/include/asm/thread_info.h of that era, read in a
  vendor tree) and not vmalloc'd: CONFIG_VMAP_STACK reached arm64 in 4.14. The tree has no kernel config, as
  such board images often lack one, so a reader that defaults to VMAP_STACK on aarch64 is wrong here.
- zoneinfo: the 4.0/4.1 layout (see the router tree), unchanged in 4.4; on arm64 of that time ZONE_DMA covers
  the first 4 GiB, so a 4 GB board has one populated zone, and zones without memory are not printed before 4.13.
- meminfo: AnonHugePages (THP), CmaTotal/CmaFree (CONFIG_CMA), HugePages_*; no HardwareCorrupted, no DirectMap
  lines on arm64. VmallocTotal 258867136 kB is what arm64 kernels with 39-bit VA print (seen in genuine arm64
  outputs; unverified for this exact build). vmemmap is allocated per 1 GiB section (16 MiB each).
- The framebuffer's CMA pages are remapped by dma_common_contiguous_remap with a NULL caller in 4.4's arm64
  __dma_alloc, which vmallocinfo prints as an area with no caller and the `user` flag (modeled).
""",
        "suspect": """
Small and ordinary: 5,664 kB of CMA pages taken by drivers (= CmaTotal − CmaFree, the framebuffer and the video
decoder), Mali GPU pages, large kmalloc. No suspect needed at 0.3%.
""",
        "facts": lambda b: [
            f"vmalloc pages= add up to {b['truth']['vmalloc']} kB (issue 11's \"46 MB of vmallocinfo pages\"): "
            f"{caller_kb(b, 'vb2_vmalloc_alloc')} kB of camera buffers, {caller_kb(b, 'module_alloc')} kB of modules, "
            "the rest fd tables, tty buffers and BPF.",
        ],
    },
    "rhel8-4.18-hyperv": {
        "imitates": """
A RHEL 8.2 application server (kernel 4.18.0-193.6.3.el8_2.x86_64) in a Hyper-V Generation 2 VM with Dynamic
Memory: 8 GiB of startup RAM, 2 vCPUs, XFS on LVM, a Tomcat JVM. The host has taken 5.1 GiB back through the
hv_balloon driver. Booted with `crashkernel=256M`.
""",
        "sources": """
- meminfo: the 4.18 layout with KReclaimable, which RHEL 8 backported (a genuine CentOS 8.2 meminfo of
  4.18.0-193 in giampaolo/psutil#1915 shows KReclaimable before Slab). VmallocUsed printed as 0 as in mainline
  4.4–5.2 (unverified whether RHEL 8.2 restored it). Percpu and Hugetlb (4.16).
- hv_balloon takes ballooned pages with alloc_pages(); before the upstream change "hv_balloon: do
  adjust_managed_page_count() when ballooning/un-ballooning" (Vitaly Kuznetsov, 2020, read on the mailing list)
  they stay inside MemTotal and show in no counter, the "memory used but no process uses it" of
  canonical/multipass#2182. RHEL 8.2's kernel predates the change; whether a later RHEL 8 kernel backported it
  is unverified. hv_balloon does not use the balloon core, so vmstat balloon_inflate stays 0. Newer kernels add
  /sys/kernel/debug/hv-balloon (pages_ballooned…, genuine sample in performancecopilot/pcp
  qa/linux/sysfs-hv-balloon-001) and NR_BALLOON_PAGES (2025).
- vmstat and zoneinfo: the 4.8+ node/zone split (per-node stats under the first populated zone; every zone slot
  printed since 4.13; no `boost` (5.0) or `cma` (5.12) lines); names from a 4.14-era mm/vmstat.c found by search,
  plus `nr_kernel_misc_reclaimable` to match the KReclaimable backport (unverified).
- Stacks: CONFIG_VMAP_STACK=y, 16 KiB, vmalloc'd under `_do_fork` (the idle tasks' under `fork_idle`), two freed
  stacks cached. 64-bit NUMA kernels of 4.18 still set hashdist, so the large system hashes are vmalloc'd.
- crashkernel=256M is reserved from memblock below 896 MiB, inside Σ present and outside managed;
  /sys/kernel/kexec_crash_size = 268435456.
""",
        "suspect": """
**5,349,376 kB of it is memory ballooned out by hv_balloon** (Hyper-V Dynamic Memory: the host took 1,337,344
pages back), the rest 6,144 kB of ordinary driver memory. The evidence in the tree is hv_balloon (with hv_vmbus,
hv_utils, hv_netvsc, hv_storvsc) in /proc/modules; nothing in meminfo or vmstat counts the balloon on 4.18.
A person confirms it in Hyper-V Manager ("Assigned Memory" of the VM), with `dmesg | grep hv_balloon`, or on
6.x kernels in /sys/kernel/debug/hv-balloon. Σ RSS of all processes (1.3 GiB) is far below "used".
""",
        "facts": lambda b: [
            "Boot reservations of DMA32 (present − managed = 90624 pages): crash kernel 65536, swiotlb 16384, "
            "kernel image 7680, other 1024; of Normal (34396 pages): struct page arrays 32768, percpu and early "
            f"allocations 1628. Installed 8 GiB = Σ System RAM {firmware_ram_kb(b)} kB + "
            f"{8388608 - firmware_ram_kb(b)} kB of firmware holes.",
            f"vmalloc: {b['truth']['vmalloc']} kB of pages= = {b['truth']['stack_vmalloc']} kB of stacks "
            f"({b['truth']['stacks']} live + 2 cached) + {caller_kb(b, 'alloc_large_system_hash')} kB of system hashes "
            "+ modules, swap maps, BPF.",
        ],
    },
    "debian11-5.10-x86_64": {
        "imitates": """
A Debian 11 desktop (5.10.0-26-amd64), 8 CPU threads, 16 GiB, GNOME on Xorg with an AMD Radeon RX 580 (amdgpu,
8 GiB of VRAM), Firefox ESR, ext4 on NVMe, a 1 GB swap partition.
""",
        "sources": """
- meminfo 5.10: KReclaimable (4.20), Percpu (4.16), FileHugePages/FilePmdMapped (5.4), NFS_Unstable still printed
  as 0. vmstat/zoneinfo 5.10 from mm/vmstat.c: nr_kernel_stack is a node counter since 5.9 (in KiB), nr_page_table_pages
  still a zone counter (node from 5.11), the `boost` line (5.0) but no `cma` line (added in 5.12 by David
  Hildenbrand's "mm/vmstat: show cma pages in zoneinfo", read on the mailing list), `nr_unstable` at the end of
  vmstat (kept for compatibility since 5.8); /proc/swaps in its wide form (unverified since when).
- amdgpu's GTT buffers are TTM pages in system RAM that no meminfo line counts (GPUActive/GPUReclaim are only a
  2025 proposal); /sys/class/drm/card0/device/mem_info_gtt_used gives the exact amount (amdgpu sysfs).
- slabinfo 5.10 names (kmalloc-8k, kmalloc-rcl-*, lsm_inode_cache 5.1+); large kmalloc pages are counted in
  SUnreclaim but listed in no cache (on 6.18 Σ slabinfo < Slab, docs/linux.md §9.1).
- Single NUMA node: hashdist is off, the system hashes come from memblock (outside MemTotal), no
  alloc_large_system_hash areas; vmallocinfo has `unpurged vm_area` lines (5.x).
""",
        "suspect": """
**amdgpu**: 421,888 kB = mem_info_gtt_used (432,013,312 bytes) of GTT buffers, plus a 24,576 kB TTM page pool
and 9,216 kB of ordinary driver memory. Evidence: amdgpu (with ttm, gpu_sched) in /proc/modules,
/sys/class/drm/card0/device/uevent DRIVER=amdgpu, mem_info_gtt_used. A correct tool names amdgpu with the
exact GTT figure; what stays unattributed after that is 33,792 kB (0.2%).
""",
        "facts": lambda b: [
            "Installed 16 GiB; the memory blocks say 129 × 128 MiB because the last block is partial (RAM ends at "
            f"{hex(max(e for _, e in b['spec']['ram']) * 4096)}), Σ System RAM = {firmware_ram_kb(b)} kB; "
            f"Σ present − Σ managed = {(b['truth']['present'] - b['truth']['managed']) // 4} pages: swiotlb 16384, "
            "struct page arrays 65536, dentry and inode hashes 6144, kernel image 5632, percpu first chunk 512, "
            "other early allocations.",
        ],
    },
    "centos9-5.14-x86_64": {
        "imitates": """
A CentOS Stream 9 KVM guest (5.14.0-80.el9) running PostgreSQL with huge_pages=on (booted with hugepages=512,
a 512 × 2 MiB pool) and a Java service, 4 vCPUs, 8 GiB at boot. The host has inflated virtio-balloon to 2 GiB.
The crash kernel is reserved by RHEL 9's default formula (256 MiB for 4–64 GiB).
""",
        "sources": """
- virtio_balloon without VIRTIO_BALLOON_F_DEFLATE_ON_OOM calls adjust_managed_page_count(page, −1) for each page it
  takes (drivers/virtio/virtio_balloon.c), so ballooned pages leave MemTotal and the zone's `managed`; the balloon
  core counts them in vmstat balloon_inflate/balloon_deflate (CONFIG_MEMORY_BALLOON): 786,432 − 262,144 =
  524,288 pages = 2 GiB in the balloon now.
- meminfo 5.14 (HugePages_* and Hugetlb), zoneinfo with `boost` and `cma` (5.12+), node counters
  nr_page_table_pages (5.11) and nr_swapcached (5.14). RHEL 9's later backports (Zswap lines and others) are not
  in this early 9.0-era kernel (unverified).
- The crash kernel comes from memblock below 4 GiB (DMA32), /sys/kernel/kexec_crash_size = 268435456.
- No /sys/kernel/mm/hugepages and no /proc/sysvipc/shm in the tree: not captured, not absent from the kernel.
""",
        "suspect": """
Nothing to name (0.05%). The 2 GiB balloon is not in MemTotal at all: it belongs in the gap between installed RAM
(8 GiB) and MemTotal, where a correct tool names it from balloon_inflate − balloon_deflate (524,288 pages) and
virtio_balloon in /proc/modules, instead of calling it boot reservations.
""",
        "facts": lambda b: [
            f"Installed 8 GiB − MemTotal {b['truth']['memtotal']} kB = {8388608 - b['truth']['memtotal']} kB: virtio "
            f"balloon 2097152 kB, crash kernel 262144 kB, swiotlb 65536 kB, struct page arrays 131072 kB, kernel image, "
            f"hashes and other {b['truth']['present'] - b['truth']['managed'] - 2097152 - 262144 - 65536 - 131072} kB, "
            f"firmware holes {8388608 - firmware_ram_kb(b)} kB.",
            "Hugepages: 512 × 2 MiB = 1,048,576 kB, 40 free of which 36 reserved (HugePages_Rsvd), so 472 in use "
            "(the postmaster maps 966,656 kB: HugetlbPages in its status).",
        ],
    },
    "zfs-arc": {
        "imitates": """
An Ubuntu 22.04 file server (5.15.0-91-generic), 8 CPU threads, 16 GiB, root on ZFS and a data pool (OpenZFS 2.1),
Samba and NFS. The ARC holds 6.5 GiB.
""",
        "sources": """
- /proc/spl/kstat/zfs/arcstats: the layout (kstat header line, `name type data`, the row order of OpenZFS 2.x
  arc_stats) of a genuine arcstats kept as a test string in a Go collector (found by search); there
  `size` = hdr + data + metadata + dbuf + dnode + bonus + abd_chunk_waste exactly, and so here. Values are this
  machine's; memory_all_bytes/memory_free_bytes agree with meminfo.
- Where the ARC lives: data and metadata buffers are ABD scatter chunks, pages taken from the page allocator one by
  one and counted in no meminfo line (the ARC is not the page cache, so not in Cached); headers, dbufs, dnodes and
  bonus buffers are objects of SPL kmem caches backed by Linux slab caches (arc_buf_hdr_t_full, dmu_buf_impl_t,
  dnode_t, zio_buf_comb_512 here). OpenZFS 2.1 creates them without SLAB_RECLAIM_ACCOUNT, so they are in
  SUnreclaim (unverified; later OpenZFS marks some reclaimable). Large SPL slabs are vmalloc'd (spl_kvmalloc).
- The module taints: (PO) for the CDDL modules, (O) for spl/zzstd/zlua as Ubuntu's packaging shows (unverified).
""",
        "suspect": """
**The ZFS ARC**: 5,973,448 kB = arcstats data_size + metadata_size + abd_chunk_waste_size (6,116,810,752 bytes),
plus 8,192 kB of ordinary driver memory. Another 830,038,016 bytes of the ARC (hdr + dbuf + dnode + bonus) are
inside SUnreclaim, in the caches named above. Evidence: /proc/spl/kstat/zfs/arcstats, zfs and spl in
/proc/modules, zfs mounts in /proc/mounts. The ARC gives memory back under pressure down to c_min, so most of it
is reclaimable in practice, like page cache.
""",
        "facts": lambda b: [],
    },
    "nvidia-gpu": {
        "imitates": """
An Ubuntu 22.04 laptop (5.15.0-97-generic), 12 CPU threads, 16 GiB, Intel UHD graphics (i915) driving the panel
and an NVIDIA GeForce RTX 2060 (driver 535.154.05) running a PyTorch training job; a 2 GiB swap file.
""",
        "sources": """
- /proc/driver/nvidia/version, gpus/0000:01:00.0/information and params: the text the NVIDIA driver prints
  there (field names as the open kernel modules print them; exact spacing unverified — the tool only checks
  that /proc/driver/nvidia exists).
- nvidia.ko takes system memory for the GPU with its own page allocations (raw pages in no counter), vmallocs
  large bookkeeping (os_alloc_mem, with pages=), and ioremaps its BARs; the module itself is about 56 MB.
- i915 GEM objects are shmem, inside Shmem; the scanout buffers the display pins are marked unevictable and sit
  on the Unevictable list without being Mlocked.
- meminfo/vmstat/zoneinfo 5.15 as the zfs-arc tree.
""",
        "suspect": """
**nvidia**: 626,688 kB of system memory the NVIDIA driver took for the GPU, plus 10,240 kB of ordinary driver
memory. Evidence: nvidia, nvidia_uvm, nvidia_modeset and nvidia_drm in /proc/modules, /proc/driver/nvidia,
/sys/class/drm/card1 with DRIVER=nvidia. A person confirms it with `nvidia-smi` (which processes use the GPU) or
by stopping the job and watching "used" fall. i915 is loaded too, but its memory is accounted (Shmem, of which
16,384 kB pinned on the Unevictable list): not a suspect.
""",
        "facts": lambda b: [
            "Unevictable 16384 kB with Mlocked 0: all of it i915 scanout buffers (shmem), so the anonymous LRU holds "
            "Shmem − 16,384 kB; the app bucket is AnonPages exactly (2 GiB of it transparent hugepages).",
        ],
    },
}


def lxcfs_truth(b):
    m, host = b["m"], b["m"]
    lx = b["lxcfs"]
    t = b["truth"]
    zones_present = t["present"]
    return f"""
There is no consistent ledger in this tree, and a correct tool must not draw one as if there were. It should flag,
naming the files:

1. Σ present in /proc/zoneinfo = {zones_present} kB (32 GiB; Σ managed = {t['managed']} kB) against MemTotal
   {lx['limit']} kB in /proc/meminfo.
2. vmstat nr_free_pages × 4 = {host['MemFree']} kB against MemFree {lx['limit'] - lx['usage']} kB.
3. Slab, SReclaimable and SUnreclaim are 0 while KReclaimable is {host['KReclaimable']} kB: KReclaimable −
   SReclaimable would be "other reclaimable kernel memory", but here it is the host's slab. KernelStack
   ({host['KernelStack']} kB), PageTables ({host['PageTables']} kB), VmallocUsed ({host['VmallocUsed']} kB), Percpu
   ({host['Percpu']} kB), Mlocked, CommitLimit and Committed_AS are the host's too.
4. /proc/mounts shows `lxcfs /proc/meminfo fuse.lxcfs`: the likely cause, which a tool should name.
5. The container sees no kernel threads and only its own processes (another PID namespace): Σ threads × 16 KiB
   does not match the host's KernelStack.

What it can say truthfully is the container's memory cgroup: memory.max {LXCFS_CONTAINER['limit_bytes']} bytes,
memory.current {lx['usage'] * 1024} bytes = anon {lx['stat']['anon'] * 1024} + file {lx['stat']['file'] * 1024}
+ kernel {LXCFS_CONTAINER['kernel_kb'] * 1024} + sock {lx['stat']['sock'] * 1024} (memory.stat), with the LXCFS
meminfo consistent with it (MemFree = max − current, MemAvailable = MemFree + file, AnonPages = anon,
Cached = file). The host (from zoneinfo): 32 GiB, 8 CPUs.
"""


TEXTS["contradictory-lxcfs"] = {
    "imitates": """
The inside of an unprivileged LXD container (web1: MariaDB, nginx, PHP-FPM, Redis) on an Ubuntu 22.04 host
(5.15.0-105-generic) with 32 GiB and 8 CPUs; the container's memory limit is 3.6 GiB. LXCFS mounts its own
/proc/meminfo, /proc/swaps, /proc/uptime (and cpuinfo, stat, loadavg, diskstats, slabinfo) over the container's
/proc; /proc/zoneinfo and /proc/vmstat are the host kernel's, unchanged.
""",
    "sources": """
- lxcfs src/proc_fs.c proc_meminfo_read (lxc/lxcfs, read through the code search): MemTotal = the cgroup limit,
  MemFree = limit − usage, MemAvailable = MemFree + total_cache; Buffers, SwapCached, Slab, SReclaimable,
  SUnreclaim, ShmemHugePages and ShmemPmdMapped printed as 0; Cached, Active/Inactive and their anon/file parts,
  Unevictable, Dirty, Writeback, AnonPages (active + inactive anon − shmem), Mapped, Shmem and AnonHugePages from
  memory.stat; every other line passes through from the host. proc_swaps_read prints one `none … virtual` line
  (exact spacing unverified).
- Root in a user namespace cannot read the host's root-only files (vmallocinfo, slabinfo, /dev/kmsg; reference
  §10), and sysfs firmware files are masked; the tree has none of them.
- The host machine is built like the other 5.15 trees; its numbers appear where LXCFS passes them through.
""",
    "truth": lxcfs_truth,
}

# What the tool of this commit (82b5c91, before any issue-11 fix) prints on each tree. Commands:
# wired --root TREE --interval 0; wired --root TREE --json --interval 0; wired top --root TREE;
# wired owners --root TREE. All four exit 0 on every tree (no trap).
TODAY_HEAD = ("All four commands (`wired --root TREE --interval 0`, the same with `--json`, `wired top --root TREE`, "
              "`wired owners --root TREE`) exit 0; no trap. What they get wrong:\n")
TODAY = {
    "ubuntu-3.2-x86_64": TODAY_HEAD + """
- Ledger: unexplained 9.8 MiB (0.2%), close to the truth only because two errors cancel: vmalloc is VmallocUsed
  (17.8 MiB of address space) rather than Σ pages= (16.5 MiB), and the 1,644 kB on per-CPU lists is lost because
  every zone is rejected ("lacks managed; zone ignored" for DMA, DMA32 and Normal).
- Available 2.75 GiB, estimated without watermarks (the zones were dropped); the 3.14 formula on this zoneinfo
  gives 2,592,868 kB (2.47 GiB): overstated by 11%.
- "sys/kernel/mm/hugepages: not present: this kernel has no HugeTLB support" although meminfo prints HugePages_*
  (not captured is not absent); "/proc/sysvipc/shm: no SysV IPC in this kernel" likewise.
- `wired top`: stacks assumed 16 KiB — "kernel stacks 944 KiB (59 threads × 16.0 KiB)" plus "40 kernel threads …
  640 KiB" = 1.55 MiB against KernelStack 800 kB (100 × 8 KiB); anon/file/shm shown as 0/0/0 for every process
  (no RssAnon before 4.5: unknown, not zero); PSS/USS "-" with "no smaps_rollup (kernel before 4.14)" (right).
- `wired owners`: Kernel stacks 800 KiB with a child "tasks not listed −784 KiB" (negative); shmem_inode_cache,
  hugetlbfs_inode_cache and mqueue_inode_cache counted reclaimable by name, so "not in /proc/slabinfo −1.34 MiB"
  under reclaimable slab and an invented "large kmalloc 1.34 MiB" under unreclaimable (3.2 puts none in Slab).
""",
    "android-3.4-armv7": TODAY_HEAD + """
- Ledger: unexplained 20.2 MiB (1.1%) against the truth 47.6 MiB (2.57%): VmallocUsed (32.8 MiB of binder and
  vmap address space) is taken as vmalloc RAM (2.8 MiB), hiding 30 MiB of GPU and ION memory.
- Both zones rejected (no `managed`): the 2,696 kB on per-CPU lists is lost, "Installed RAM is unknown: no source
  could be read" although Σ present is there, Available 1.24 GiB against 1,242,100 kB by the formula (+4.7%).
- "Wired 570 MiB (30.7%) = kernel 99.8 MiB + … app and shared memory with no swap to go to 470 MiB" (issue 11 §1).
- `wired top`: 8 KiB stacks (right for armv7l); anon/file/shm 0/0/0 for every process; PSS unknown (no
  smaps_rollup, said so). `wired owners`: vmalloc 32.8 MiB with no callers named although vmallocinfo is there.
""",
    "router-4.1-mips": TODAY_HEAD + """
- Ledger: "vmalloc 258 MiB 201.9%" (VmallocUsed, address space) and "Unexplained −254 MiB −198.8%" of installed
  (−209.4% of MemTotal in `--json`); the truth is vmalloc 1.1 MiB and +2.8 MiB unexplained.
- "Wired 276 MiB (215.5%)" and pressure "warning: wired memory 215% of RAM ≥ 75%: most RAM cannot be paged out".
- Installed 128 MiB from Σ present (right). `wired top`: 8 KiB stacks (right for mips); anon/file/shm 0/0/0.
""",
    "armboard-4.4-aarch64": TODAY_HEAD + """
- Ledger: unexplained 55.3 MiB (1.4%) = the 44.4 MiB of vmallocinfo pages (VmallocUsed is 0; the note says
  "vmalloc memory is inside unexplained") + the true 10.9 MiB. `wired owners` names no vmalloc caller at all
  (vmalloc is listed among the zero buckets), so the camera buffers stay anonymous.
- CONFIG_VMAP_STACK is assumed ("default for aarch64") on a 4.4 kernel that cannot have it; harmless here only
  because VmallocUsed is 0.
- Slab by name: shmem_inode_cache reclaimable, ext4_extent_status and mbcache not — "not in /proc/slabinfo
  −1004 KiB" under reclaimable and an invented "large kmalloc 1004 KiB" under unreclaimable.
- "no HugeTLB support" (meminfo prints HugePages_*), "no SysV IPC". `wired top`: 16 KiB stacks (right).
""",
    "rhel8-4.18-hyperv": TODAY_HEAD + """
- Ledger: **unexplained 5.13 GiB (5,248.6 MiB; 68.1% of MemTotal, 64.1% of installed)** with only "most likely
  kernel or driver memory that is wired too"; hv_balloon in /proc/modules is not looked at. It also holds the
  18.6 MiB of vmallocinfo pages other than the stacks (VmallocUsed is 0).
- Reserved at boot names the crash kernel (256 MiB from /sys/kernel/kexec_crash_size) correctly.
- "no HugeTLB support", "no SysV IPC". Slab: shmem_inode_cache counted reclaimable by name — −2.83 MiB under
  reclaimable, an invented 2.83 MiB of large kmalloc (none in Slab on 4.18).
- `wired top`: Σ PSS only (no Pss_Anon before 5.3), stacks 16 KiB (right).
""",
    "debian11-5.10-x86_64": TODAY_HEAD + """
- Ledger: unexplained 445 MiB (2.8%) with no suspect, although `wired owners` does find it: "likely GPU/driver:
  amdgpu card0 … 412 MiB (mem_info_gtt_used)" under Unexplained.
- "App and shared memory beyond free swap 2.71 GiB wired·noswap", so Wired 2.91 GiB for a desktop whose kernel
  pins 196 MiB (issue 11 §1).
- `wired owners`: App memory 573 MiB with children firefox-esr 1.37 GiB (245%), Web Content 598 MiB … and "not
  attributed −2.71 GiB (−485%)" (owners outweigh their parent, issue 11 §2).
- Slab by name: lsm_inode_cache, shmem_inode_cache, hugetlbfs/mqueue inodes reclaimable, ext4_extent_status,
  mbcache and bdev_cache not — −12.9 MiB under reclaimable, 18.9 MiB of "large kmalloc" (the truth is 6,144 kB).
- "no HugeTLB support", "no SysV IPC". Installed 16.1 GiB (129 memory blocks; the last one is partial).
""",
    "centos9-5.14-x86_64": TODAY_HEAD + """
- Ledger: unexplained 3.0 MiB (0.1%), right.
- Reserved at boot 2.49 GiB: crash kernel 256 MiB (right) and "Kernel image and other boot reservations 2.24 GiB"
  — 2 GiB of it is the virtio balloon (balloon_inflate − balloon_deflate = 524,288 pages in vmstat), not named.
- Hugepages from meminfo (944 MiB in use, 80 MiB free): right, but also "no HugeTLB support" for the missing
  /sys/kernel/mm/hugepages, and "no SysV IPC" (PostgreSQL).
- Slab by name as in the Debian tree: −16.7 MiB under reclaimable, 20.7 MiB invented large kmalloc (truth 4,096 kB).
""",
    "zfs-arc": TODAY_HEAD + """
- Ledger: **unexplained 5.70 GiB (36.6%)** as "kernel or driver memory"; /proc/spl/kstat/zfs/arcstats and the zfs
  modules are not looked at. `wired owners` lists arc_buf_hdr_t_full and zfs_znode_cache among the slab caches,
  nothing under Unexplained.
- Slab by name: −16.7 MiB under reclaimable, 24.7 MiB of invented large kmalloc (truth 8,192 kB).
- "no HugeTLB support", "no SysV IPC".
""",
    "nvidia-gpu": TODAY_HEAD + """
- Ledger: unexplained 622 MiB (4.1%) with no suspect; `wired owners` says only "NVIDIA memory per process is not
  known for a captured tree".
- "Unevictable (ramfs, SHM_LOCK, pinned by drivers) 16.0 MiB" is right, but App memory starts from
  Active(anon) + Inactive(anon) − Shmem − SwapCached = AnonPages − 16 MiB (the pinned shmem is taken out of App
  rather than out of Shared), and "App and shared memory beyond free swap
  4.65 GiB" makes Wired 4.95 GiB (issue 11 §1).
- Slab by name: −12.9 MiB under reclaimable, 24.9 MiB of invented large kmalloc (truth 12,288 kB).
""",
    "contradictory-lxcfs": TODAY_HEAD + """
- Ledger drawn as if consistent: Installed 32.0 GiB (Σ present) against MemTotal 3.60 GiB gives "reserved at boot
  28.4 GiB (88.7%)"; the host's KReclaimable shows as "Other reclaimable kernel memory 1.19 GiB" and the
  unexplained line is −1.19 GiB (−33.1% of MemTotal). No contradiction is flagged; the lxcfs mounts in
  /proc/mounts are not looked at.
- "no HugeTLB support", "no SysV IPC", "vmalloc callers are not named: /proc/vmallocinfo is not present" (fine).
- `wired top`: 16 processes, stacks "800 KiB (50 threads × 16.0 KiB)" against a KernelStack that is the host's.
""",
}


# ---------------------------------------------------------------------------------------------------

TREES = [ubuntu_3_2, android_3_4, router_4_1, armboard_4_4, rhel8_hyperv, debian11_amdgpu, centos9_kvm, zfs_arc,
         nvidia_gpu, lxcfs_container]


def write_tree(name, files):
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    for path, text in sorted(files.items()):
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)


def main():
    for make in TREES:
        spec = make()
        b = build(spec)
        files = files_of(b)
        if spec["name"] == "contradictory-lxcfs":
            lxcfs_finish(b, files)
        files["README.md"] = readme(b, TEXTS[spec["name"]])
        write_tree(spec["name"], files)
        size = sum(len(t) for t in files.values())
        print(f"{spec['name']:<24} {len(files):>4} files {size // 1024:>5} KiB  MemTotal {b['m']['MemTotal']:>9} kB  "
              f"unexplained {b['truth']['remainder_kb']:>8} kB ({pct(b['truth']['remainder_kb'], b['truth']['memtotal'])})")


if __name__ == "__main__":
    main()
