import Testing
import WiredCore
import WiredLinux

@Suite("Parsers of owner files")
struct OwnerParserTests {
    @Test("slabinfo: bytes are slabs × pages per slab × page size; a bad line is reported, not trusted")
    func slabinfo() {
        let text = """
            slabinfo - version: 2.1
            # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
            dentry             71400  76128    192   21    1 : tunables    0    0    0 : slabdata   3625   3625      0
            task_struct          262    264   5888    5    8 : tunables    0    0    0 : slabdata     53     53      0
            broken 1 2 3

            """
        let parsed = withBytes(of: text) { OwnerParsers.slabinfo($0, pageSize: 4096, path: "/proc/slabinfo") }
        #expect(parsed.value.map(\.name) == ["dentry", "task_struct"])
        #expect(parsed.value.first?.bytes == Int64(3_625 * 4096))
        #expect(parsed.value.last?.bytes == Int64(53 * 8 * 4096))
        #expect(parsed.value.last?.objectSize == 5_888)
        #expect(parsed.problems.first?.field == "broken")
    }

    @Test("sysvipc/shm: sizes in bytes; SHM_LOCKED (02000) in perms marks a locked segment")
    func sysv() {
        let text = """
                   key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
                     0          1  1600              67108864 22837 22837      1     0     0     0     0 1795565551          0 1795565551              67108864                     0
              12345678          2  3666               4194304   100   200      0  1000  1000  1000  1000 0 0 0               2097152               1048576

            """
        let parsed = withBytes(of: text) { OwnerParsers.sysvShm($0, path: "/proc/sysvipc/shm") }
        #expect(parsed.problems.isEmpty)
        #expect(parsed.value.count == 2)
        #expect(parsed.value[0].rss == 67_108_864)
        #expect(parsed.value[0].locked == false)
        #expect(parsed.value[1].locked == true)
        #expect(parsed.value[1].swap == 1_048_576)
        #expect(parsed.value[1].uid == 1000)
    }

    @Test("DRM fdinfo: units, tabs and spaces, legacy drm-memory keys; other fdinfo is not DRM")
    func drm() throws {
        let modern =
            "pos:\t0\ndrm-driver:\txe\ndrm-client-id:\t7\ndrm-pdev:\t0000:00:02.0\ndrm-total-system:\t2 MiB\ndrm-resident-system:\t1024 KiB\ndrm-total-vram0:\t 3000\n"
        let client = try #require(withBytes(of: modern) { OwnerParsers.drmFdinfo($0, pid: 9) })
        #expect(client.driver == "xe")
        #expect(client.clientID == 7)
        #expect(client.regions.map(\.name) == ["system", "vram0"])
        #expect(client.regions[0].total == 2 << 20)
        #expect(client.regions[0].resident == 1 << 20)
        #expect(client.regions[0].isSystemMemory)
        #expect(client.regions[1].total == 3000)
        #expect(client.regions[1].isDeviceMemory)
        let legacy =
            "drm-driver:\tamdgpu\ndrm-client-id:\t3\ndrm-pdev:\t0000:03:00.0\ndrm-memory-vram:\t 1024 KiB\ndrm-memory-gtt: \t 512 KiB\n"
        let old = try #require(withBytes(of: legacy) { OwnerParsers.drmFdinfo($0, pid: 9) })
        #expect(old.regions.map(\.resident) == [1 << 20, 512 << 10])
        #expect(withBytes(of: "pos:\t0\nflags:\t02\nmnt_id:\t1\n") { OwnerParsers.drmFdinfo($0, pid: 1) } == nil)
        let badUnit = try #require(
            withBytes(of: "drm-driver:\ti915\ndrm-total-system0:\t5 parsecs\n") { OwnerParsers.drmFdinfo($0, pid: 1) }
        )
        #expect(badUnit.regions.isEmpty)
    }

    @Test("vmallocinfo: grouped by caller, areas without pages ignored")
    func vmalloc() {
        let text = """
            0x0-0x0   20480 load_module+0x123/0x456 pages=4 vmalloc N0=4
            0x0-0x0   12288 load_module+0x123/0x456 pages=2 vmalloc N0=2
            0x0-0x0    8192 acpi_os_map_iomem+0x1/0x2 ioremap
            0x0-0x0   16384 kernel_clone+0x9/0x10 pages=4 vmalloc
            0x0-0x0  4096 unpurged vm_area

            """
        let callers = withBytes(of: text) { OwnerParsers.vmallocCallers($0, pageSize: 4096) }
        #expect(callers.map(\.caller) == ["load_module", "kernel_clone"])
        #expect(callers[0].bytes == 6 * 4096)
        #expect(callers[0].areas == 2)
    }

    @Test("nvidia-smi CSV in MiB; mounts with escaped spaces")
    func nvidiaAndMounts() {
        let apps = OwnerParsers.nvidiaApps("1234, 512\n 99 , 2048\n[N/A], 5\n")
        #expect(apps.map(\.pid) == [1234, 99])
        #expect(apps.last?.usedBytes == 2048 << 20)
        let mounts = withBytes(of: "tmpfs /mnt/my\\040disk tmpfs rw 0 0\nproc /proc proc rw 0 0\n") {
            OwnerParsers.mounts($0)
        }
        #expect(mounts.first?.mountPoint == "/mnt/my disk")
        #expect(mounts.last?.type == "proc")
    }
}
