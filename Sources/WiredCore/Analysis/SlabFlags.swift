/// Which slab caches the kernel counts in SReclaimable, for when `/sys/kernel/slab/NAME/reclaim_account`
/// cannot be read (no sysfs in the capture, SLAB instead of SLUB, a merged cache listed under another name).
///
/// A cache is reclaimable when the kernel creates it with `SLAB_RECLAIM_ACCOUNT` (or `SLAB_TEMPORARY`, which
/// is the same flag): read in torvalds/linux at the `kmem_cache_create` / `KMEM_CACHE` call of each cache
/// named below. Every other cache (kmalloc-*, per-task and per-process objects, sockets, shmem, hugetlbfs,
/// mqueue and LSM inodes, kernfs nodes, ZFS's SPL caches) is not.
public enum SlabFlags {
    /// Caches created with `SLAB_RECLAIM_ACCOUNT`, and the file that creates each.
    static let reclaimable: Set<String> = [
        "dentry",  // fs/dcache.c
        "inode_cache",  // fs/inode.c
        "radix_tree_node",  // lib/radix-tree.c (xarray nodes too)
        "buffer_head",  // fs/buffer.c
        "bdev_cache",  // block/bdev.c (fs/block_dev.c before 5.15)
        "proc_inode_cache",  // fs/proc/inode.c
        "sock_inode_cache",  // net/socket.c
        "debugfs_inode_cache", "tracefs_inode_cache",  // fs/debugfs, fs/tracefs
        "pidfs_attr_cache",  // fs/pidfs.c
        "dax_cache",  // drivers/dax/super.c
        "fscrypt_inode_info", "fscrypt_info",  // fs/crypto/keysetup.c
        "mbcache", "mb_cache_entry",  // fs/mbcache.c (4.6+; before, one cache per user such as ext4_xattr)
        "ext2_xattr", "ext4_xattr",  // fs/mbcache.c before 4.6
        "ext4_inode_cache", "ext4_extent_status", "extent_status",  // fs/ext4 (extent status: 3.8+)
        "ext4_io_end", "ext4_allocation_context", "ext4_prealloc_space", "ext4_free_data",
        "ext4_pending_reservation", "pending_reservation", "bio_post_read_ctx", "ext4_io_page",
        "jbd2_journal_head", "jbd2_journal_handle", "jbd2_revoke_record_s", "jbd2_revoke_table_s",  // SLAB_TEMPORARY
        "xfs_inode",  // fs/xfs/xfs_super.c
        "btrfs_inode", "ovl_inode", "fuse_inode", "squashfs_inode_cache", "erofs_inode", "nfs_inode_cache",
        "isofs_inode_cache", "fat_inode_cache", "f2fs_inode_cache", "cifs_inode_cache", "ceph_inode_info",
    ]

    /// Caches whose names look like file-system inode caches but hold objects that cannot be reclaimed:
    /// tmpfs, hugetlbfs and POSIX message-queue inodes and LSM blobs (mm/shmem.c, fs/hugetlbfs/inode.c,
    /// ipc/mqueue.c, security/security.c create them without the flag).
    static let unreclaimableInodes: Set<String> = [
        "shmem_inode_cache", "hugetlbfs_inode_cache", "mqueue_inode_cache", "lsm_inode_cache", "kernfs_iattrs_cache",
        "jbd2_inode",  // KMEM_CACHE(jbd2_inode, 0)
    ]

    /// Whether the kernel counts cache `name` in SReclaimable, on the kernel `release`.
    ///
    /// Beyond the table: `kmalloc-rcl-*` (4.20+), xfs_ili from 5.7 ("xfs: correctly acount for reclaimable
    /// slabs"), and the inode cache of any other file system (`*_inode_cache`, `*_inode`, `*_icache`), which
    /// every file system in fs/ creates with the flag.
    public static func isReclaimable(_ name: String, release: String) -> Bool {
        if reclaimable.contains(name) || name.hasPrefix("kmalloc-rcl-") || name.hasPrefix("ext4_groupinfo_") {
            return true
        }
        if name == "xfs_ili" {
            return KernelVersion(release: release).map { $0 >= KernelVersion(5, 7) } ?? true
        }
        if unreclaimableInodes.contains(name) { return false }
        return name.hasSuffix("_inode_cache") || name.hasSuffix("_inode") || name.hasSuffix("_icache")
    }

    /// Whether large kmalloc allocations are in SUnreclaim; `nil` when the release cannot be read.
    ///
    /// Allocations above the biggest kmalloc cache go straight to the page allocator; from 5.5 ("mm, sl[ou]b:
    /// improve memory accounting") they are counted in SUnreclaim though no cache lists them.
    public static func largeKmallocInSlab(release: String) -> Bool? {
        KernelVersion(release: release).map { $0 >= KernelVersion(5, 5) }
    }
}
