/// Plain-language explanations of memory classes and ledger buckets, for `wired explain`.
public enum Glossary {
    /// One explained term.
    public struct Entry: Sendable {
        /// The word a user types (`wired explain wired`).
        public var term: String
        /// Other words that find this entry, including ledger bucket ids.
        public var aliases: [String]
        /// One line.
        public var summary: String
        /// A short paragraph.
        public var detail: String
    }

    /// Finds the entry for `term` (case-insensitive; bucket ids and aliases work too).
    public static func entry(for term: String) -> Entry? {
        let key = term.lowercased()
        return entries.first { $0.term == key || $0.aliases.contains(key) }
    }

    /// Every entry, classes first, then buckets, then the words other tools use.
    public static let entries: [Entry] = [
        Entry(
            term: "wired",
            aliases: ["wired-kernel", "wired-user", "pinned"],
            summary: "Memory the kernel has pinned: it can never be paged out until its owner lets go of it.",
            detail: """
                macOS calls it wired; Linux has no single counter for it. wired adds up kernel memory (unreclaimable \
                slab, page tables, kernel stacks, vmalloc, per-CPU data, balloon, driver and GPU memory) and user \
                memory that is pinned (mlock, SHM_LOCK, hugepage pools, pages pinned by drivers). App memory that \
                stays in RAM only because there is no free swap is not wired: it is unswappable (`wired explain \
                unswappable`). Wired memory is not a problem by itself: it is a problem when it keeps growing or \
                leaves too little for everything else. `wired owners` names who holds it.
                """
        ),
        Entry(
            term: "unswappable",
            aliases: ["no-swap", "noswap", "wired-noswap", "anon-beyond-swap", "no swap"],
            summary: "App and shared memory that cannot leave RAM only because there is no free swap: not wired.",
            detail: """
                Anonymous memory (heap, stacks) and shared memory (tmpfs, SysV, memfd) can be paged out only to swap. \
                With no swap configured, or swap full, it stays in RAM until its owner frees it, yet nothing pins it: \
                add swap (a swap file, or zram) and it becomes reclaimable again. With swap partly free, as much as \
                free swap can take stays reclaimable and only the excess is unswappable ("App and shared memory \
                beyond free swap"). wired keeps it apart from wired memory, so a program allocating memory never \
                moves the Wired figure. `wired top` shows which processes hold it.
                """
        ),
        Entry(
            term: "free",
            aliases: ["free-percpu", "memfree"],
            summary: "Memory nobody uses right now.",
            detail: """
                Free memory is wasted memory: Linux and macOS fill it with file cache and give that back at once \
                when a program needs it. A small free number on a healthy machine is normal. Look at available \
                memory and at pressure instead. The per-CPU lists hold a few free pages per CPU for fast allocation \
                and are not counted in MemFree.
                """
        ),
        Entry(
            term: "reclaimable",
            aliases: [],
            summary: "In use, but the kernel can take it back when it needs to.",
            detail: """
                Clean file cache is dropped at once; dirty file cache is written to disk first; reclaimable kernel \
                caches (dentries, inodes) are shrunk; anonymous memory is written to swap when there is swap. \
                Taking it back costs time later (re-reading files, swapping in), which is why the kernel keeps \
                it as long as memory is not needed.
                """
        ),
        Entry(
            term: "compressed",
            aliases: ["zswap", "zram", "compressor"],
            summary: "RAM that holds swapped-out pages in compressed form (zswap, zram; the macOS compressor).",
            detail: """
                Instead of writing pages to disk, the kernel compresses them and keeps them in RAM, usually at 2–4× \
                less space. The number shown is the RAM the compressed data really occupies, not the size before \
                compression. A growing compressed pool means memory is tight.
                """
        ),
        Entry(
            term: "reserved",
            aliases: [
                "firmware", "memmap-boot", "kernel-boot", "percpu-first-chunk", "crash-kernel", "offline-memory",
                "balloon-returned",
            ],
            summary:
                "Installed RAM the operating system never gets to manage: firmware, holes, page metadata, kernel image.",
            detail: """
                Installed RAM minus MemTotal. Firmware keeps some ranges (ACPI, graphics carve-outs), the kernel takes \
                its own image and an array that describes every page (64 bytes per 4 KiB page, about 1.6% of RAM) \
                at boot, and a crash kernel may be set aside (/sys/kernel/kexec_crash_size, or crashkernel= on the \
                kernel command line). A virtio or VMware balloon that took pages out of MemTotal shows here too \
                (balloon_inflate − balloon_deflate in /proc/vmstat). This is why no tool shows the full size of \
                your DIMMs.
                """
        ),
        Entry(
            term: "unexplained",
            aliases: ["suspects", "suspect"],
            summary: "What the kernel reports in no counter: usually driver, GPU, balloon or ZFS memory.",
            detail: """
                The ledger adds up every counter the kernel offers; what is left over is shown as unexplained, never \
                hidden. It is small (under 1%) on most servers. When it is larger, wired names the likely owner \
                from the evidence a person would look at, with the file and line and a command to confirm it: a \
                balloon driver in /proc/modules (hv_balloon, virtio_balloon and vmw_balloon with balloon_inflate − \
                balloon_deflate in /proc/vmstat), a GPU driver (amdgpu with mem_info_gtt_used, nvidia with \
                /proc/driver/nvidia, nouveau, radeon, xe), the ZFS ARC (/proc/spl/kstat/zfs/arcstats, outside the \
                page cache), or a container whose /proc/meminfo LXCFS writes. Where a file states the size, it is \
                shown as part of the line, which keeps adding up. A negative value means something was counted \
                twice. `wired explain unexplained` shows the suspects of this machine (or of --root/--from).
                """
        ),
        Entry(
            term: "used",
            aliases: ["htop", "psutil", "btop"],
            summary:
                "Tools disagree: free(1) shows MemTotal − MemAvailable; htop and psutil's used field subtract the caches instead.",
            detail: """
                free (procps-ng 4.0.1 and later) and btop say used = MemTotal − MemAvailable; psutil's percent is \
                that share of MemTotal too. htop 3 and psutil's used field (psutil 4.4 to at least 7.0.1, \
                _pslinux.py virtual_memory) say used = MemTotal − MemFree − Buffers − Cached − SReclaimable, \
                falling back to MemTotal − MemFree when that is negative; some distributions (openSUSE) patch \
                psutil's used to MemTotal − MemAvailable. Shared memory (tmpfs) and unreclaimable kernel memory \
                count differently in the two. wired prints both so you can see why they differ.
                """
        ),
        Entry(
            term: "available",
            aliases: ["memavailable"],
            summary:
                "The kernel's estimate of how much could be handed out without swapping: free plus easily reclaimed cache.",
            detail: """
                MemAvailable (Linux 3.14 and later) is free memory plus the part of file cache and reclaimable kernel \
                caches the kernel expects to be able to drop, minus reserves it keeps. It ignores swap and shared \
                memory. When it gets small, the machine starts to struggle.
                """
        ),
        Entry(
            term: "cache",
            aliases: [
                "file-clean", "file-dirty", "file cache", "cached", "buffers", "inactive", "file-cache", "cached files",
            ],
            summary: "Copies of files kept in RAM so they need not be read again. Not a problem: given back on demand.",
            detail: """
                Linux keeps every file it reads in RAM for as long as nothing else needs the memory; that is why a \
                machine that has been up a while shows little free memory. Inactive pages are the ones used least \
                recently and go first. Dirty pages must be written to disk before they can be dropped. Dropping the \
                cache by hand (`wired purge`) only makes the next reads slower.
                """
        ),
        Entry(
            term: "app",
            aliases: ["anonymous", "anon", "app memory"],
            summary: "Memory programs allocated for themselves (heap, stacks): anonymous memory.",
            detail: """
                Anonymous memory has no file behind it, so the kernel can free it only by writing it to swap. With \
                no swap (or a full one) it cannot be paged out at all: wired then classes it unswappable, not \
                wired, because nothing pins it. `wired top` shows which processes hold it (PSS).
                """
        ),
        Entry(
            term: "shmem",
            aliases: ["shared", "tmpfs", "shm"],
            summary: "Files in RAM (tmpfs, /dev/shm), SysV and POSIX shared memory, memfd: it stays until deleted.",
            detail: """
                Shared memory counts as cache in free's output but cannot be dropped: a file in /tmp on tmpfs lives \
                in RAM until someone deletes it, even when no process is running. Only swap can move it out. \
                `wired owners` lists the mounts and segments that hold it.
                """
        ),
        Entry(
            term: "swap-cache",
            aliases: ["swapcached"],
            summary: "Pages that are both in RAM and in swap, so they can be dropped without writing.",
            detail: """
                After a page is swapped back in, the kernel keeps its copy in swap until the page changes, so it can be \
                evicted again for free.
                """
        ),
        Entry(
            term: "mlocked",
            aliases: ["mlock", "locked"],
            summary: "Pages a program locked into RAM with mlock(): wired user memory.",
            detail: """
                Databases, audio software, security tools and some hypervisors lock memory so it is never paged out. \
                It is freed when the program unlocks it or exits. `wired top --sort wired` shows who locked it.
                """
        ),
        Entry(
            term: "unevictable",
            aliases: ["ramfs"],
            summary: "Pages that cannot be evicted for other reasons: ramfs, SHM_LOCK segments, pages drivers pinned.",
            detail: """
                The kernel keeps these on a separate list because reclaim cannot touch them. mlocked pages are shown \
                on their own line; this line holds the rest.
                """
        ),
        Entry(
            term: "slab",
            aliases: ["slab-reclaimable", "slab-unreclaimable", "kernel caches", "sunreclaim", "sreclaimable"],
            summary: "Small kernel objects: file-name and inode caches (reclaimable) and everything else (wired).",
            detail: """
                The kernel allocates its small objects (inodes, dentries, network buffers, process structures) from \
                slab caches. Reclaimable slab is mostly caches of file metadata, shrunk under pressure. Unreclaimable \
                slab is in use by the kernel; when it grows for days without reason, it is usually a kernel or \
                driver leak, and `wired owners` names the cache. A cache is reclaimable when the kernel creates it \
                with SLAB_RECLAIM_ACCOUNT: wired reads the flag in /sys/kernel/slab/NAME/reclaim_account, or, where \
                that is missing, takes it from a table of the kernel's own calls (dentry, inode caches of file \
                systems, radix tree nodes, buffer heads, ext4 and jbd2 caches; not shmem, hugetlbfs, mqueue or LSM \
                inodes). From 5.5, kmalloc allocations too large for a cache are in SUnreclaim but in no cache.
                """
        ),
        Entry(
            term: "kernel-reclaimable",
            aliases: ["kreclaimable"],
            summary: "Reclaimable kernel memory outside slab (KReclaimable − SReclaimable).",
            detail: """
                A few kernel subsystems keep caches with their own shrinkers outside the slab allocator. It is \
                almost always zero.
                """
        ),
        Entry(
            term: "page-tables",
            aliases: ["pagetables", "sec-page-tables", "secpagetables"],
            summary: "The maps from each process's addresses to physical RAM: wired kernel memory caused by processes.",
            detail: """
                Every process needs page tables in proportion to the memory it maps; many processes sharing a large \
                mapping each pay for their own tables. Secondary page tables map virtual machines' memory (KVM) \
                and devices (IOMMU).
                """
        ),
        Entry(
            term: "kernel-stacks",
            aliases: ["kernelstack", "stacks", "threads"],
            summary: "One kernel stack per thread (8 or 16 KiB): wired memory caused by threads.",
            detail: """
                Each thread in the system, user or kernel, has a kernel stack while it exists. A program with 10,000 \
                threads wires about 160 MiB this way with 16 KiB stacks (x86_64 since 3.15, arm64), 80 MiB with \
                8 KiB ones (x86_64 before 3.15, 32-bit machines). wired derives the size from KernelStack ÷ the \
                number of stacks (nr_kernel_stack before 4.8, else the threads it read or /proc/loadavg), and falls \
                back to the architecture's. With CONFIG_VMAP_STACK (x86_64 from 4.9, arm64 from 4.14) the stacks \
                are allocated with vmalloc, so they are shown apart from the rest of vmalloc.
                """
        ),
        Entry(
            term: "vmalloc",
            aliases: ["vmallocused"],
            summary: "Kernel memory mapped page by page: module code, BPF programs, large kernel tables.",
            detail: """
                vmalloc memory is wired. Root can see its callers in /proc/vmallocinfo. VmallocUsed in /proc/meminfo \
                is the RAM only from 5.3: before 4.4 it counts address space (ioremaps and guard pages included, \
                more than the RAM on some routers), and 4.4 to 5.2 print 0. There wired sums the pages= of \
                /proc/vmallocinfo instead, which only root can read; without it vmalloc stays inside unexplained, \
                with the reason.
                """
        ),
        Entry(
            term: "percpu",
            aliases: ["per-cpu"],
            summary: "Kernel data kept once per CPU (counters, statistics): wired.",
            detail: """
                Grows with the number of CPUs and of cgroups. The first chunk is allocated at boot outside MemTotal \
                and is shown with the reserved memory.
                """
        ),
        Entry(
            term: "hugepages",
            aliases: ["hugepages-used", "hugepages-free", "hugetlb"],
            summary: "Pools of 2 MiB or 1 GiB pages set aside for programs that ask for them: wired, even when free.",
            detail: """
                An administrator (or a database or hypervisor setup) reserves hugepages in advance. Free hugepages \
                cannot be used for anything else, so a large unused pool is memory lost to everything else. \
                Transparent huge pages (THP) are different: they are ordinary app memory.
                """
        ),
        Entry(
            term: "balloon",
            aliases: ["unaccepted"],
            summary: "Memory this virtual machine has handed back to its host, or not yet accepted from it.",
            detail: """
                A balloon driver takes pages away from the guest and gives them to the hypervisor. Kernels from 6.15 \
                count them (Balloon); before, virtio_balloon without deflate-on-OOM takes them out of MemTotal \
                (shown with the reserved memory), and hv_balloon leaves them inside it, uncounted: the unexplained \
                line then names it as a suspect. Confidential VMs (TDX, SEV-SNP) accept memory lazily; until then \
                it is counted as unaccepted.
                """
        ),
        Entry(
            term: "memtotal",
            aliases: ["installed", "ram"],
            summary: "MemTotal is the RAM the kernel manages: installed RAM minus firmware and boot reservations.",
            detail: """
                Installed RAM is read from the DIMMs' DMI records when root can read them; otherwise it is estimated \
                from memory blocks and labelled an estimate. The difference to MemTotal is shown as reserved.
                """
        ),
        Entry(
            term: "hw-corrupted",
            aliases: ["hardwarecorrupted", "poisoned"],
            summary: "RAM the kernel found faulty (memory errors) and took out of use.",
            detail: """
                When ECC reports an uncorrectable error, the kernel marks the page poisoned and never uses it again. \
                Any amount here means a DIMM is failing: check the machine's error log (rasdaemon, mcelog).
                """
        ),
        Entry(
            term: "isolated",
            aliases: [],
            summary: "Pages taken off their lists for a moment while the kernel moves or reclaims them.",
            detail: """
                Normally zero or a few pages; they return to their lists at once.
                """
        ),
        Entry(
            term: "purgeable",
            aliases: ["purgeable memory"],
            summary: "macOS: caches apps have marked as discardable; the kernel drops them without writing anything.",
            detail: """
                An app (a browser's image cache, say) marks memory volatile; under pressure the kernel empties it \
                instead of compressing it. Activity Monitor counts it in Cached Files, not in App Memory.
                """
        ),
        Entry(
            term: "speculative",
            aliases: ["read-ahead"],
            summary: "macOS: file pages read ahead of use; counted as free by the kernel, as file cache by vm_stat.",
            detail: """
                The kernel's free count includes them; vm_stat prints them apart (Pages speculative) and its Pages \
                free excludes them. They are part of the file-backed pages.
                """
        ),
        Entry(
            term: "active",
            aliases: ["active pages", "page queues"],
            summary: "macOS before 10.9: pages used recently (Active) or not (Inactive), app and file pages alike.",
            detail: """
                Before the compressor (10.9) Activity Monitor showed Free, Wired, Active and Inactive, and Used = \
                Wired + Active + Inactive. Inactive pages are reclaimed first. From 10.9 the anonymous and \
                file-backed counts split the same pages into app memory and cached files.
                """
        ),
        Entry(
            term: "outside-vm",
            aliases: ["memsize_usable", "hw.memsize_usable", "outside pool", "usable"],
            summary: "macOS: RAM the kernel's VM never manages (hw.memsize − hw.memsize_usable).",
            detail: """
                Firmware, the boot-time kernel and carve-outs for other processors. On Apple silicon it is about 2% \
                of RAM, which is why Activity Monitor's figures never add up to Physical Memory.
                """
        ),
        Entry(
            term: "footprint",
            aliases: ["phys_footprint", "memory column"],
            summary: "macOS: the memory a process is charged with, Activity Monitor's Memory column.",
            detail: """
                phys_footprint counts the process's dirty memory, including what has been compressed and what it \
                maps from IOKit (GPU buffers), but not clean file pages. Shared memory counts in every process \
                that holds it, so footprints do not add up to RAM; `footprint` of several processes prints a \
                summary that counts it once.
                """
        ),
        Entry(
            term: "memory-pressure",
            aliases: ["pressure", "memorystatus", "memorystatus_level", "psi", "verdict"],
            summary: "Whether memory is actually a problem: tasks waiting for it, pages read back soon after eviction.",
            detail: """
                Linux measures it with PSI (/proc/pressure/memory): the share of time some or all tasks were \
                stalled waiting for memory. `wired` adds swap-in, refault and direct-reclaim rates between two \
                samples, OOM kills, and the available share of RAM; the README lists every threshold. macOS \
                reports a level itself (kern.memorystatus_vm_pressure_level: 1 normal, 2 warning, 4 critical) \
                and a free percentage (kern.memorystatus_level). Low free memory alone is not pressure. With no \
                evidence at all (a macOS capture of top alone) the verdict is unknown, never ok.
                """
        ),
        Entry(
            term: "oom-kill",
            aliases: ["oom", "oom killer", "oom_kill", "memory.events", "memory.oom_control", "cgroup oom"],
            summary:
                "A process the kernel killed for memory: for a cgroup's own limit, or because the machine ran out.",
            detail: """
                oom_kill in /proc/vmstat counts both kinds. A kill inside a memory-limited cgroup (a container, a \
                systemd unit with MemoryMax) says the cgroup hit its limit, not that the machine is short: `wired` \
                gives that cgroup its own verdict, with its limit and the process killed, and judges the machine \
                on its own kills only. It tells them apart from the kernel log ("Memory cgroup out of memory", \
                constraint=CONSTRAINT_MEMCG) and from each cgroup's counters (v2 memory.events oom and oom_kill; \
                v1 memory.oom_control and memory.failcnt); a kill nothing places is reported as such.
                """
        ),
        Entry(
            term: "tag-storage",
            aliases: ["mte", "memory tagging", "pages tagged", "tagged pages", "tag storage"],
            summary: "macOS on Macs with memory tagging (MTE): RAM set aside to hold the tags of tagged memory.",
            detail: """
                vm_stat prints its rows on Macs that support MTE. The region is counted inside the other rows, not \
                beside them: pages holding tags and pages lent to wired use are in Wired, pages lent to ordinary \
                use in app memory or cached files, free ones in Free. Activity Monitor on macOS 26 is reported to \
                add the whole region to Memory Used, so wired shows Memory Used with and without it.
                """
        ),
        Entry(
            term: "refaults",
            aliases: ["refault", "thrashing", "workingset"],
            summary: "Pages read back soon after the kernel evicted them: the sign of thrashing.",
            detail: """
                workingset_refault_anon and workingset_refault_file in /proc/vmstat count evicted pages that were \
                needed again while still remembered as recently used. A steady stream means the working set does \
                not fit: the machine does the same I/O over and over.
                """
        ),
        Entry(
            term: "purge",
            aliases: ["drop_caches", "drop-caches", "free memory", "clean up"],
            summary: "Dropping the kernel's caches by hand: almost never useful.",
            detail: """
                `wired purge` (root) writes /proc/sys/vm/drop_caches after sync, or runs macOS's purge. It frees \
                clean cache the kernel would have given back anyway the moment memory was needed, and the \
                dropped files are read from disk again when next used. It never frees wired memory, dirty pages, \
                tmpfs or app memory. Tools that "free memory" on a schedule make machines slower.
                """
        ),
        Entry(
            term: "zprint",
            aliases: ["zones", "wired sites", "kext"],
            summary: "macOS: the kernel's zones and its wired memory by kext and tag (needs root).",
            detail: """
                `sudo zprint` lists the zone allocator's zones and, from 10.11, wired memory by site: a kext's \
                bundle id or a kernel tag such as VM_KERN_MEMORY_IOKIT, with a total line whose remainder no site \
                claims. Two captures of it are the best way to see which driver's wired memory grew.
                """
        ),
        Entry(
            term: "gpu",
            aliases: ["gpu-active", "gpu-reclaim"],
            summary: "System RAM held by GPU drivers for graphics buffers.",
            detail: """
                Newer kernels report it as GPUActive and GPUReclaim; on older ones it is part of unexplained, and \
                `wired owners` tries to find it through the driver's own counters. amdgpu says how much in \
                mem_info_gtt_used, and the unexplained line names it with that figure; NVIDIA's driver says \
                nothing, so it is named without a size. i915 keeps its buffers in shared memory (Shmem).
                """
        ),
        Entry(
            term: "container",
            aliases: ["lxcfs", "inconsistent", "contradiction"],
            summary:
                "A /proc/meminfo that is not the kernel's (LXCFS in a container): flagged and read as the container's.",
            detail: """
                LXCFS mounts its own /proc/meminfo in LXD and other containers, written from the container's memory \
                cgroup: MemTotal is its limit. /proc/zoneinfo and /proc/vmstat still describe the host, so the files \
                contradict each other (MemTotal far below the zones' managed pages, MemFree below nr_free_pages, Slab \
                0). wired flags each contradiction as inconsistent, draws the container's ledger from the lines \
                LXCFS computes, and leaves the host's lines and installed RAM out. The container's kernel memory is \
                in no line LXCFS writes, so it is the unexplained line.
                """
        ),
    ]
}
