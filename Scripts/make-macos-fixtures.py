#!/usr/bin/env python3
"""Writes the hand-made macOS fixtures in Tests/WiredDarwinTests/Fixtures.

The genuine samples in ../shared/fixtures/macos lack a zprint wired-memory section, a multi-process
footprint, a pre-10.6 vm_stat, a 10.8-era top header, vm_stat's interval mode (and its repeated header),
interactive top screens (recorded with `script`, and copied from a terminal), a file of top's PhysMem line
alone, a vm_stat with the memory-tagging rows of recent Macs, and a consistent set of outputs from one Mac
taken twice. These files are made here in the formats docs/macos.md §6 documents
(system_cmds printf formats: vm_stat `%-30s %16llu.` since 10.9 and `%-25s %10u.` before 10.6; zprint's
right-aligned wired columns; footprint's block layout as published outputs show it). Every number is
chosen so tests can check the arithmetic by hand; the README beside them says so.

Usage: Scripts/make-macos-fixtures.py (run from anywhere; rewrites the folder's hand-made files).
"""
import os
import re

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "WiredDarwinTests", "Fixtures")
PAGE = 16384  # Apple silicon


def vm_stat(rows, page=PAGE):
    out = [f"Mach Virtual Memory Statistics: (page size of {page} bytes)"]
    for label, value in rows:
        out.append(f"{label + ':':<30}{value:>16}.")
    return "\n".join(out) + "\n"


def modern_rows(free, active, inactive, speculative, wired, purgeable, file_backed, anonymous, stored, occupied):
    assert active + inactive + speculative == file_backed + anonymous, "vm_stat's own invariant"
    return [
        ("Pages free", free), ("Pages active", active), ("Pages inactive", inactive),
        ("Pages speculative", speculative), ("Pages throttled", 0), ("Pages wired down", wired),
        ("Pages purgeable", purgeable), ('"Translation faults"', 812345678), ("Pages copy-on-write", 23456789),
        ("Pages zero filled", 345678901), ("Pages reactivated", 1234567), ("Pages purged", 456789),
        ("File-backed pages", file_backed), ("Anonymous pages", anonymous),
        ("Pages stored in compressor", stored), ("Pages occupied by compressor", occupied),
        ("Decompressions", 2345678), ("Compressions", 3456789), ("Pageins", 4567890), ("Pageouts", 56789),
        ("Swapins", 0), ("Swapouts", 0),
    ]


def zprint(sites, zones_kib, unattributed_kib, zones):
    h1 = "                            elem         cur         max        cur         max         cur  alloc  alloc    "
    h2 = "zone name                   size        size        size      #elts       #elts       inuse   size  count    "
    lines = [h1, h2, "-" * 109]
    for name, elem, cur_k, max_k, inuse, flags in zones:
        lines.append(
            f"{name:<25}{elem:>7}{str(cur_k) + 'K':>12}{str(max_k) + 'K':>12}{cur_k * 1024 // elem:>11}"
            f"{max_k * 1024 // elem:>12}{inuse:>12}{'16K':>7}{16:>7}  {flags}".rstrip()
        )
    w1 = "                                                              kmod          vm        peak               cur"
    w2 = "wired memory                                                     id         tag        size  waste       size"
    words = [(m.group(), m.end()) for m in re.finditer(r"\S+", w2)]
    id_end, tag_end, peak_end, waste_end, cur_end = (end for _, end in words[2:])
    lines += ["", w1, w2, "-" * cur_end]
    for name, kmod, tag, peak_k, waste_k, cur_k in sites:
        row = list(name.ljust(cur_end))
        for text, end in ((kmod, id_end), (tag, tag_end), (peak_k and f"{peak_k}K", peak_end),
                          (waste_k and f"{waste_k}K", waste_end), (f"{cur_k}K", cur_end)):
            if text is not None:
                text = str(text)
                row[end - len(text):end] = list(text)
        lines.append("".join(row))
    zone_row = list("zones".ljust(cur_end))
    zone_row[cur_end - len(f"{zones_kib}K"):cur_end] = list(f"{zones_kib}K")
    lines.append("".join(zone_row))
    attributed = sum(site[5] for site in sites)
    total = attributed + zones_kib + unattributed_kib
    lines.append(f"{'total':<60}{attributed / 1024:>27.2f}M of {total / 1024:>9.2f}M")
    lines += [
        "", "                                                   largest        peak         cur",
        "maps                                       free       free        size        size", "-" * 83,
        f"{'VM_KERN_COUNT_MANAGED':<70}{'33554432K':>13}", f"{'VM_KERN_COUNT_WIRED':<70}{str(total) + 'K':>13}",
        f"{'VM_KERN_COUNT_WIRED_BOOT':<70}{'204800K':>13}", "",
    ]
    return "\n".join(lines), total


def human(pages):
    """A page count as top's humanize_number prints it (base 1024, at most 5 characters)."""
    mib = pages * PAGE / 1048576
    return f"{round(mib / 1024)}G" if mib >= 10000 else f"{round(mib)}M"


def top(processes_line, physmem, rows):
    header = "PID    COMMAND          %CPU TIME     #TH   #PORTS MEM    PURG   CMPRS  UID  USER"
    out = [processes_line, "2026/11/20 10:15:00", "Load Avg: 2.10, 2.00, 1.95",
           "CPU usage: 10.00% user, 5.00% sys, 85.00% idle",
           "SharedLibs: 512M resident, 96M data, 40M linkedit.",
           "MemRegions: 120000 total, 5000M resident, 400M private, 4000M shared.",
           physmem, "VM: 200T vsize, 5000M framework vsize, 0(0) swapins, 0(0) swapouts.",
           "Networks: packets: 1000/1M in, 900/1M out.", "Disks: 1000/10G read, 900/9G written.", "", header]
    for pid, name, threads, ports, mem, purg, cmprs, uid, user in rows:
        out.append(f"{pid:<7}{name[:16]:<17}{'0.0':<5}{'00:01.00':<9}{threads:<6}{ports:<7}{mem:<7}{purg:<7}{cmprs:<7}{uid:<5}{user}")
    return "\n".join(out) + "\n"


def footprint(processes, summary):
    rule = "=" * 70
    out = []
    for name, pid, fp, peak in processes:
        out += [rule, f"{name} [{pid}]: 64-bit    Footprint: {fp} B ({PAGE} bytes per page)", rule, "",
                "Auxiliary data:", f"    phys_footprint: {fp} B", f"    phys_footprint_peak: {peak} B", ""]
    out += [rule, f"Summary Footprint: {summary} B", rule]
    return "\n".join(out) + "\n"


KEXTS = """Executing: /usr/bin/kmutil showloaded
No variant specified, falling back to release
Index Refs Address            Size       Wired      Name (Version) UUID <Linked Against>
    1  142 0                  0          0          com.apple.kpi.bsd (23.4.0) 11111111-2222-3333-4444-555555555555 <>
  134    3 0xfffffe0007a10000 0x1f4000   0x1f4000   com.apple.iokit.IOGPUFamily (129.2.10) 22222222-3333-4444-5555-666666666666 <8 7 6 5 3 1>
  135    1 0xfffffe0007c20000 0x2a0000   0x2a0000   com.apple.AGXG13X (325.34.1) 33333333-4444-5555-6666-777777777777 <134 8 7 6 5 3 1>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def capture(folder, gpu_kib, kalloc_kib, windowserver):
    """One Mac (32 GiB M2, 16 KiB pages) at one moment; `after` differs by the GPU driver, a zone and
    WindowServer, and the VM counters move by the same amounts."""
    sites = [
        ("VM_KERN_MEMORY_OSFMK", None, 1, 180224, None, 174080),
        ("VM_KERN_MEMORY_IOKIT", None, 3, 450560, None, 421888),
        ("VM_KERN_MEMORY_STACK", None, 8, 49152, None, 45056),
        ("VM_KERN_MEMORY_PTE", None, 11, 262144, None, 245760),
        ("VM_KERN_MEMORY_MLOCK", None, 24, 65536, None, 65536),
        ("com.apple.iokit.IOGPUFamily", 134, 45, gpu_kib + 77824, 12, gpu_kib),
        ("com.apple.AGXG13X", 135, 46, 204800, 4, 196608),
        ("(unloaded kmod)", None, 60, 1024, None, 512),
    ]
    zones = [
        ("data.kalloc.1024", 1024, kalloc_kib, 4194304, kalloc_kib, "C"),
        ("vm.pages", 48, 122880, 131072, 2600000, ""),
        ("ipc.ports", 144, 30720, 49152, 210000, "C"),
    ]
    zones_kib = sum(zone[2] for zone in zones)
    text, wired_kib = zprint(sites, zones_kib, 204800, zones)
    wired = wired_kib * 1024 // PAGE
    # 32 GiB = 2,097,152 pages; memsize_usable leaves 40,960 pages (640 MiB) outside the VM's pool.
    usable_pages = 2_097_152 - 40_960
    occupied, anonymous, purgeable, speculative = 300_000, 700_000 + windowserver // PAGE, 20_000, 10_000
    free = 5_000
    file_backed = usable_pages - free - wired - occupied - anonymous - 12  # 12 pages unexplained
    active = anonymous + file_backed - speculative - 500_000
    inactive = 500_000
    write(f"{folder}/vm_stat.txt", vm_stat(modern_rows(free, active, inactive, speculative, wired, purgeable,
                                                       file_backed, anonymous, 900_000, occupied)))
    # kern.memorystatus_level as the kernel computes it (docs/macos.md §4.3).
    level = round((active + inactive + free + speculative) * 100 / usable_pages)
    write(f"{folder}/zprint.txt", text)
    write(f"{folder}/sysctl.txt", "\n".join([
        "kern.hostname: handmade-m2", "kern.osrelease: 23.4.0", "kern.boottime: { sec = 1763600000, usec = 0 } Thu Nov 20 00:53:20 2025",
        "hw.machine: arm64", "hw.memsize: 34359738368", f"hw.memsize_usable: {usable_pages * PAGE}", "hw.pagesize: 16384",
        "vm.pagesize: 16384", "vm.swapusage: total = 2048.00M  used = 512.25M  free = 1535.75M  (encrypted)",
        "kern.memorystatus_vm_pressure_level: 1", f"kern.memorystatus_level: {level}", ""]))
    write(f"{folder}/top.txt", top(
        "Processes: 512 total, 3 running, 509 sleeping, 2345 threads",
        f"PhysMem: {human(wired + active + inactive + occupied)} used ({human(wired)} wired, {human(occupied)} compressor),"
        f" {human(free + speculative)} unused.",
        [(400, "WindowServer", 23, 2400, f"{windowserver >> 20}M", "0B", "120M", 88, "_windowserver"),
         (812, "Safari", 12, 900, "640M", "12M", "50M", 501, "me"),
         (813, "Safari Web Content (Cached)", 6, 200, "210M", "0B", "30M", 501, "me"),
         (1, "launchd", 4, 3000, "12M", "0B", "2048K", 0, "root")]))
    write(f"{folder}/footprint.txt", footprint(
        [("Safari", 812, 671_088_640, 805_306_368), ("Safari Web Content (Cached)", 813, 220_200_960, 262_144_000)],
        838_860_800))
    write(f"{folder}/kextstat.txt", KEXTS)


ESC = "\x1b"


def interactive_header(processes_line, time, physmem, vm_line, width=150):
    """top's header as an interactive session lays it out on a wide terminal: the time at the end of the
    Processes line, and two or three items to a line where they fit (as screens copied from terminals show)."""
    items = [["Load Avg: 2.10, 2.00, 1.95", "CPU usage: 10.00% user, 5.00% sys, 85.00% idle",
              "SharedLibs: 512M resident, 96M data, 40M linkedit."],
             ["MemRegions: 120000 total, 5000M resident, 400M private, 4000M shared.", physmem],
             [vm_line, "Networks: packets: 1000/1M in, 900/1M out."],
             ["Disks: 1000/10G read, 900/9G written."]]
    return [processes_line.ljust(width - len(time)) + time] + [" ".join(line) for line in items]


INTERACTIVE_COLUMNS = "PID    COMMAND          %CPU TIME     #TH   #WQ  #POR MEM    PURG   CMPRS  PGRP  PPID  STATE"


def interactive_rows(rows):
    return [f"{pid:<7}{name[:16]:<17}{'0.0':<5}{'00:01.00':<9}{threads:<6}{'2':<5}{ports:<5}{mem:<7}{purg:<7}"
            f"{cmprs:<7}{pid:<6}{'1':<6}sleeping" for pid, name, threads, ports, mem, purg, cmprs in rows]


def script_recording(first, second_changes):
    """An interactive top session as `script` records it: the alternate screen, a full first frame (clear,
    home, each line ended by erase-to-end-of-line, the column header in reverse video), then a second frame
    that rewrites only what changed at cursor positions (as curses does), then `q`: the alternate screen
    is left and the shell prompt comes back. Line ends are \\r\\n, as the terminal's output processing makes them."""
    out = [f"$ top\r\n{ESC}[?1049h{ESC}[22;0;0t{ESC}[1;24r{ESC}(B{ESC}[m{ESC}[4l{ESC}[?7h{ESC}[H{ESC}[2J"]
    for number, line in enumerate(first):
        text = f"{ESC}[7m{line}{ESC}[27m" if line.startswith("PID") else line
        out.append(f"{ESC}[{number + 1};1H{text}{ESC}[K")
    for row, column, text in second_changes:
        out.append(f"{ESC}[{row};{column}H{text}{ESC}[K")
    out.append(f"{ESC}[24;1H{ESC}[?1049l{ESC}[23;0;0t\r{ESC}[?1l{ESC}>$ exit\r\n")
    return "".join(out)


def mte_vm_stat():
    """vm_stat of a Mac with memory tagging (macOS 26): the rows of a published M5 Pro (48 GB) output, re-typed
    in vm_stat's current format (system_cmds vm_stat.c: `%-35s %16llu.`, the tag rows after Swapouts)."""
    rows = [("Pages free", 167743), ("Pages active", 1176672), ("Pages inactive", 1196954),
            ("Pages speculative", 4951), ("Pages throttled", 0), ("Pages wired down", 291583),
            ("Pages purgeable", 14563), ('"Translation faults"', 15158843396), ("Pages copy-on-write", 714577916),
            ("Pages zero filled", 20984078555), ("Pages reactivated", 3460436586), ("Pages purged", 71552954),
            ("File-backed pages", 431704), ("Anonymous pages", 1946873), ("Pages stored in compressor", 832981),
            ("Pages occupied by compressor", 244173), ("Decompressions", 1165390929),
            ("Compressions", 1477783831), ("Pageins", 7587084119), ("Pageouts", 11028569),
            ("Swapins", 44078599), ("Swapouts", 77484917), ("Pages tagged", 198076),
            ("Pages tagged resident", 184375), ("Pages tagged compressed", 13701), ("Pages tag-storage", 98304),
            ("Pages tag-storage holding tags", 15209), ("Pages tag-storage free", 3707),
            ("Pages tag-storage non-tag pageable", 79380), ("Pages tag-storage non-tag wired", 8),
            ("Bytes of compressed tags", 1935104), ("Tagged compressions", 11080934),
            ("Tagged decompressions", 10256491)]
    out = [f"Mach Virtual Memory Statistics: (page size of {PAGE} bytes)"]
    out += [f"{label + ':':<35} {value:>16}." for label, value in rows]
    return "\n".join(out) + "\n"


def interval_with_repeat():
    """`vm_stat 1` left running: 21 rows, the banner and column header again (vm_stat repeats them and zeroes
    its previous sample, so the next row holds totals since boot), then one more row."""
    header = ("    free   active   specul inactive throttle    wired  prgable   faults     copy    0fill reactive"
              "   purged file-backed anonymous cmprssed cmprssor  dcomprs   comprs  pageins  pageout  swapins swapouts")
    widths = [8] * 12 + [11, 9] + [8] * 8
    banner = f"Mach Virtual Memory Statistics: (page size of {PAGE} bytes)"

    def row(free, counters):
        gauges = [free, 1000000, 10000, 500000, 0, 200000, 20000]
        faults, copy, zero, react, purged, dcomp, comp, pin, pout, sin, sout = counters
        values = gauges + [faults, copy, zero, react, purged, 700000, 800000, 900000, 300000, dcomp, comp, pin, pout,
                           sin, sout]
        text = [f"{v // 1000}K" if len(str(v)) > w else str(v) for v, w in zip(values, widths)]
        return "".join(f"{t:>{w + 1}}" for t, w in zip(text, widths))

    totals = (123456789, 2345, 34567, 120, 5, 4000, 6000, 70000, 800, 9000, 10000)
    lines = [banner, header, row(5000, totals)]
    for n in range(1, 21):
        # 16 KiB pages: 64 swap-outs and 32 swap-ins a row (1 MiB and 512 KiB), 100 pageins.
        lines.append(row(5000 + n, (1000 + n, 10, 20, 0, 0, 3, 5, 100, 2, 32, 64)))
    grown = tuple(t + 20 * d for t, d in zip(totals, (1010, 10, 20, 0, 0, 3, 5, 100, 2, 32, 64)))
    lines += [banner, header, row(5021, grown)]
    return "\n".join(lines) + "\n"


def main():
    capture(f"{HERE}/handmade-m2-before", gpu_kib=1_048_576, kalloc_kib=524_288, windowserver=800 << 20)
    capture(f"{HERE}/handmade-m2-after", gpu_kib=3_145_728, kalloc_kib=1_048_576, windowserver=2048 << 20)
    # Before 10.6: no speculative row; `%-25s %10u.`; the Object cache line.
    rows = [("Pages free", 40000), ("Pages active", 120000), ("Pages inactive", 60000), ("Pages wired down", 42144),
            ('"Translation faults"', 9876543), ("Pages copy-on-write", 123456), ("Pages zero filled", 2345678),
            ("Pages reactivated", 3456), ("Pageins", 45678), ("Pageouts", 567)]
    write(f"{HERE}/vm_stat-10.5-handmade.txt",
          "Mach Virtual Memory Statistics: (page size of 4096 bytes)\n"
          + "".join(f"{label + ':':<25} {value:>10}.\n" for label, value in rows)
          + "Object cache: 45 hits of 12345 lookups (0% hit rate)\n")
    # 10.8-era top header: PhysMem with wired, active, inactive, used, free.
    write(f"{HERE}/top-10.8-handmade.txt", top(
        "Processes: 120 total, 2 running, 118 sleeping, 500 threads",
        "PhysMem: 1530M wired, 3610M active, 740M inactive, 5880M used, 10G free.",
        [(100, "Finder", 6, 300, "120M", "0B", "0B", 501, "me")]))
    # The 16 GiB the 10.7-era sample was taken on (SOURCES.md), as sysctl would print it.
    write(f"{HERE}/sysctl-16GB-handmade.txt", "hw.memsize: 17179869184\nhw.pagesize: 4096\nkern.hostname: lion-mac\n")
    # Interval mode: banner, column header, three rows (K = 1000 in this mode).
    header = ("    free   active   specul inactive throttle    wired  prgable   faults     copy    0fill reactive"
              "   purged file-backed anonymous cmprssed cmprssor  dcomprs   comprs  pageins  pageout  swapins swapouts")
    def interval_row(values):
        widths = [8] * 12 + [11, 9] + [8] * 8
        return "".join(f"{v:>{w + 1}}" for v, w in zip(values, widths))
    # top's PhysMem line alone (`top -l 1 -n 0 | grep PhysMem`), from the "before" Mac.
    physmem = "PhysMem: 31G used (3008M wired, 4688M compressor), 234M unused."
    write(f"{HERE}/top-physmem-only-handmade.txt", physmem + "\n")
    # Interactive top on the "before" Mac: recorded with `script`, and the same screen copied from a terminal.
    rows = [(400, "WindowServer", 23, 2400, "800M", "0B", "120M"), (812, "Safari", 12, 900, "640M", "12M", "50M"),
            (1, "launchd", 4, 3000, "12M", "0B", "2048K")]
    first = interactive_header("Processes: 512 total, 3 running, 509 sleeping, 2345 threads", "10:15:00",
                               physmem, "VM: 200T vsize, 5000M framework vsize, 0(0) swapins, 0(0) swapouts.")
    first += ["", INTERACTIVE_COLUMNS] + interactive_rows(rows)
    # One second later: the time, PhysMem, VM and WindowServer's MEM change; curses rewrites only those.
    second_physmem = "PhysMem: 31G used (3010M wired, 4690M compressor), 230M unused."
    second = [(1, 143, "10:15:01"), (3, first[2].index("PhysMem:") + 1, second_physmem),
              (4, 1, "VM: 200T vsize, 5000M framework vsize, 0(0) swapins, 12(12) swapouts. "
                     "Networks: packets: 1000/1M in, 900/1M out."),
              (8, INTERACTIVE_COLUMNS.index("MEM") + 1, "801M+  0B     120M   400   1     sleeping")]
    write(f"{HERE}/top-interactive-script-handmade.txt", script_recording(first, second))
    copied = [line + " " * (150 - len(line)) for line in first]  # terminals pad copied lines with spaces
    write(f"{HERE}/top-interactive-copied-handmade.txt", "\r\n".join(copied) + "\r\n")
    # A Mac with memory tagging: vm_stat's tag-storage rows, and its RAM size.
    write(f"{HERE}/vm_stat-mte-handmade.txt", mte_vm_stat())
    write(f"{HERE}/sysctl-48GB-mte-handmade.txt",
          "hw.memsize: 51539607552\nhw.pagesize: 16384\nhw.optional.arm.FEAT_MTE2: 1\nkern.hostname: m5-pro\n")
    write(f"{HERE}/vm_stat-interval-repeat-handmade.txt", interval_with_repeat())
    write(f"{HERE}/vm_stat-interval-handmade.txt", "\n".join([
        "Mach Virtual Memory Statistics: (page size of 16384 bytes)", header,
        interval_row(["5000", "1000K", "10000", "500000", "0", "200000", "20000", "1234K", "2345", "3456", "12", "0",
                      "700000", "800000", "900000", "300000", "1", "2", "3", "0", "0", "0"]),
        interval_row(["5100", "1000K", "10000", "500000", "0", "200500", "20000", "12", "1", "2", "0", "0",
                      "700000", "800500", "900000", "300000", "0", "0", "0", "0", "0", "0"]), ""]))


if __name__ == "__main__":
    main()
