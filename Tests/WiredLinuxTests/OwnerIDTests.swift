import Testing
import WiredCore
import WiredTestSupport

/// Owner ids: what joins the owners of two readings.
@Suite("Owner ids")
struct OwnerIDTests {
    static func tree(_ fixture: String) throws -> OwnerNode {
        let snapshot = Fixtures.fullSnapshot(fixture)
        return OwnerTree.build(snapshot, ledger: try Ledger.of(snapshot)).tree
    }

    @Test("A process has one id in every bucket, made of its pid and start time")
    func processes() throws {
        let tree = try Self.tree("vm-6.18-owners")
        // locker, pid 26280: field 22 of proc/26280/stat is 393996.
        let nodes = ["app/pid/26280", "mlocked/pid/26280", "page-tables/pid/26280", "kernel-stacks/pid/26280"]
        for id in nodes {
            let node = try #require(tree.find(id), "no node \(id)")
            #expect(node.ownerID.description == "process:26280@393996", "\(id)")
        }
    }

    @Test("Other owners are named by kind and what the kernel calls them")
    func others() throws {
        let tree = try Self.tree("vm-6.18-owners")
        let expected = [
            "slab-reclaimable/dentry": "cache:dentry",
            "shmem/mount/tmp/wired-fixture-tmpfs": "mount:/tmp/wired-fixture-tmpfs",
            "shmem/sysv/1": "segment:1",
            "hugepages-free/2097152": "pool:2097152",
            "zram/zram0": "device:zram0",
            "vmalloc/htab_map_alloc": "kernel:htab_map_alloc",
            "file-clean/cgroup/process_api/1cc345fa0fa8087e06bcaa08b962cc4d":
                "service:/process_api/1cc345fa0fa8087e06bcaa08b962cc4d",
            "reserved/firmware": "bucket:firmware",
            "slab-unreclaimable": "bucket:slab-unreclaimable",
            "app/rest": "unexplained:app/rest",
        ]
        for (node, owner) in expected {
            #expect(try #require(tree.find(node), "no node \(node)").ownerID.description == owner)
        }
    }

    @Test(
        "The text form reads back",
        arguments: ["process:26280@393996", "process:7", "cache:kmalloc-2k", "service:/a/b"]
    )
    func textForm(text: String) throws {
        let id = try #require(OwnerID(text))
        #expect(id.description == text)
    }

    @Test("Text with a kind this version does not know is refused")
    func unknownKind() {
        #expect(OwnerID("planet:mars") == nil)
        #expect(OwnerID("no colon") == nil)
        #expect(OwnerID.process(5, startTime: 9) == OwnerID("process:5@9"))
    }
}
