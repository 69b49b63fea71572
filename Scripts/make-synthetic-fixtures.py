#!/usr/bin/env python3
"""Writes Tests/WiredLinuxTests/Fixtures/synthetic-owners-v2: a hand-made tree for the owners this machine
does not have (cgroup v2 with the memory controller, a QEMU virtual machine, amdgpu and i915 GPUs with DRM
clients, a zram device). Every number is chosen here, so tests can assert exact values; the tree's README
lists them. Run it again after changing a number, and update the tests.
"""
import os
import shutil

ROOT = os.path.join(os.path.dirname(__file__), '..', 'Tests', 'WiredLinuxTests', 'Fixtures', 'synthetic-owners-v2')
KB = 1024


def write(path, text):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'w') as f:
        f.write(text)


shutil.rmtree(ROOT, ignore_errors=True)

# The machine: 8,000,000 kB, no swap. App memory = anon LRU 2,000,000 − Shmem 400,000 = 1,600,000 kB.
meminfo = {
    'MemTotal': 8240000, 'MemFree': 3000000, 'MemAvailable': 4500000, 'Buffers': 100000, 'Cached': 2600000,
    'SwapCached': 0, 'Active': 2500000, 'Inactive': 1800000, 'Active(anon)': 1500000, 'Inactive(anon)': 500000,
    'Active(file)': 1000000, 'Inactive(file)': 1300000, 'Unevictable': 100000, 'Mlocked': 80000,
    'SwapTotal': 0, 'SwapFree': 0, 'Dirty': 20000, 'Writeback': 0, 'AnonPages': 1700000, 'Mapped': 300000,
    'Shmem': 400000, 'KReclaimable': 200000, 'Slab': 300000, 'SReclaimable': 200000, 'SUnreclaim': 100000,
    'KernelStack': 20000, 'PageTables': 30000, 'SecPageTables': 40000, 'VmallocUsed': 60000, 'Percpu': 5000,
}
write('proc/meminfo', ''.join(f'{k}:{v:>16} kB\n' for k, v in meminfo.items()) +
      'HugePages_Total:       0\nHugePages_Free:        0\nHugePages_Rsvd:        0\nHugePages_Surp:        0\n'
      'Hugepagesize:       2048 kB\nHugetlb:               0 kB\n')
write('proc/vmstat', 'nr_free_pages 750000\nnr_zspages 12800\nnr_isolated_anon 0\nnr_isolated_file 0\n'
      'nr_iommu_pages 2560\nnr_memmap_boot_pages 32000\n')
write('proc/zoneinfo', 'Node 0, zone   Normal\n  pages free     750000\n        min      10000\n        low      12500\n'
      '        high     15000\n        spanned  2097152\n        present  2100000\n        managed  2000000\n'
      '        protection: (0, 0, 0, 0, 0)\n  pagesets\n    cpu: 0\n              count: 250\n')
write('proc/swaps', 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n')
write('proc/sys/kernel/hostname', 'synthetic\n')
write('proc/sys/kernel/osrelease', '6.8.0-synthetic\n')
write('proc/sys/kernel/arch', 'x86_64\n')
write('proc/stat', 'cpu  1 2 3 4\nbtime 1795000000\n')
write('proc/mounts', 'sysfs /sys sysfs rw 0 0\ntmpfs /dev/shm tmpfs rw,size=4000000k 0 0\n'
      'tmpfs /run tmpfs rw,size=800000k 0 0\ncgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n')
write('wired-statfs.txt', '/dev/shm\t104857600\t4096000000\n/run\t2097152\t819200000\n')
write('sys/devices/system/cpu/possible', '0-3\n')
write('boot/config-6.8.0-synthetic', 'CONFIG_VMAP_STACK=y\n')
write('etc/passwd', 'root:x:0:0::/:\nwww-data:x:33:33::/:\nalice:x:1000:1000::/:\n')
write('wired-capture.txt', 'page_size=4096\narch=x86_64\ncaptured_at=1795000600\nkernel=6.8.0-synthetic\n'
      'captured_as_uid=0\nclock_ticks=100\nnote=synthetic: see README.md\n')
# zram0 holding 200 MiB in 50 MiB of RAM (nr_zspages 12,800 × 4 KiB = 50 MiB).
write('sys/block/zram0/mm_stat', f'{200 << 20} {48 << 20} {50 << 20} 0 {50 << 20} 10 0 0 0\n')
write('sys/block/zram0/disksize', f'{1 << 30}\n')

# Processes: pid → (name, uid, cgroup, Pss_Anon kB, threads, VmPTE kB, extra cmdline or None).
processes = {
    501: ('nginx', 0, '/system.slice/nginx.service', 100000, 1, 400, None),
    502: ('nginx', 33, '/system.slice/nginx.service', 300000, 4, 900, None),
    601: ('node', 1000, '/system.slice/docker-3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a.scope', 400000, 10, 1200, None),
    701: ('qemu-system-x86', 0, '/machine.slice/machine-qemu\\x2d1\\x2dweb1.scope', 600000, 6, 2500,
          '/usr/bin/qemu-system-x86_64\0-name\0guest=web1,debug-threads=on\0-m\0600\0'),
    801: ('firefox', 1000, '/user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox.scope', 100000, 40, 3000, None),
    802: ('Xorg', 0, '/', 0, 2, 300, None),
}
for pid, (name, uid, cgroup, anon, threads, pte, cmdline) in processes.items():
    base = f'proc/{pid}'
    write(f'{base}/stat', f'{pid} ({name}) S 1 {pid} {pid} 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 {threads} 0 1000 0 0\n')
    write(f'{base}/status', f'Name:\t{name}\nState:\tS (sleeping)\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\nKthread:\t0\n'
          f'VmLck:\t       0 kB\nVmPin:\t       0 kB\nVmRSS:\t{anon + 20000:>8} kB\nRssAnon:\t{anon:>8} kB\n'
          f'RssFile:\t   20000 kB\nRssShmem:\t       0 kB\nVmPTE:\t{pte:>8} kB\nVmSwap:\t       0 kB\n'
          f'HugetlbPages:\t       0 kB\nThreads:\t{threads}\n')
    write(f'{base}/smaps_rollup', f'00400000-7fff0000 ---p 00000000 00:00 0 [rollup]\nRss:{anon + 20000:>15} kB\n'
          f'Pss:{anon + 5000:>15} kB\nPss_Anon:{anon:>10} kB\nPss_File:{5000:>10} kB\nPss_Shmem:{0:>9} kB\n'
          f'Private_Clean:{0:>5} kB\nPrivate_Dirty:{anon:>5} kB\nSwap:{0:>14} kB\nSwapPss:{0:>11} kB\nLocked:{0:>12} kB\n')
    write(f'{base}/cgroup', f'0::{cgroup}\n')
    if cmdline:
        write(f'{base}/cmdline', cmdline)

# DRM clients. firefox holds one amdgpu client on two descriptors (fd 5 and its dup, fd 9): counted once.
amdgpu = ('pos:\t0\nflags:\t02100002\nmnt_id:\t24\nino:\t1201\ndrm-driver:\tamdgpu\ndrm-client-id:\t10\n'
          'drm-pdev:\t0000:03:00.0\npasid:\t32771\ndrm-total-cpu:\t0\ndrm-resident-cpu:\t0\n'
          'drm-total-gtt:\t204800 KiB\ndrm-shared-gtt:\t0\ndrm-resident-gtt:\t204800 KiB\n'
          'drm-total-vram:\t1048576 KiB\ndrm-resident-vram:\t1048576 KiB\namd-evicted-vram:\t0 KiB\n'
          'drm-engine-gfx:\t123456789 ns\n')
write('proc/801/fdinfo/5', amdgpu)
write('proc/801/fdinfo/9', amdgpu)
# Xorg: an i915 client whose buffers are shmem, and a legacy amdgpu client (drm-memory-*).
write('proc/802/fdinfo/12', 'pos:\t0\nflags:\t02100002\ndrm-driver:\ti915\ndrm-client-id:\t42\ndrm-pdev:\t0000:00:02.0\n'
      'drm-total-system0:\t131072 KiB\ndrm-shared-system0:\t0\ndrm-resident-system0:\t122880 KiB\n'
      'drm-total-stolen-system0:\t0\ndrm-resident-stolen-system0:\t0\ndrm-engine-render:\t5 ns\n')
write('proc/802/fdinfo/13', 'pos:\t0\ndrm-driver:\tamdgpu\ndrm-client-id:\t11\ndrm-pdev:\t0000:03:00.0\n'
      'drm-memory-vram:\t 262144 KiB\ndrm-memory-gtt: \t 51200 KiB\ndrm-memory-cpu: \t 0 KiB\n')
# GPUs: amdgpu with 300 MiB of GTT in use (system RAM), 1.5 GiB of 8 GiB VRAM; an Intel iGPU.
write('sys/class/drm/card0/device/uevent', 'DRIVER=amdgpu\nPCI_SLOT_NAME=0000:03:00.0\n')
write('sys/class/drm/card0/device/mem_info_vram_total', f'{8 << 30}\n')
write('sys/class/drm/card0/device/mem_info_vram_used', f'{1536 << 20}\n')
write('sys/class/drm/card0/device/mem_info_gtt_total', f'{4 << 30}\n')
write('sys/class/drm/card0/device/mem_info_gtt_used', f'{300 << 20}\n')
write('sys/class/drm/card1/device/uevent', 'DRIVER=i915\nPCI_SLOT_NAME=0000:00:02.0\n')

# cgroup v2: memory.stat values include descendants. Leaves first, then their sums upward.
leaves = {
    '/system.slice/nginx.service': dict(anon=400000, file=500000, shmem=0, file_dirty=10000, kernel=50000, sock=2000, unevictable=0, procs=[501, 502]),
    '/system.slice/docker-3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a.scope':
        dict(anon=400000, file=200000, shmem=100000, file_dirty=0, kernel=20000, sock=1000, unevictable=0, procs=[601]),
    '/machine.slice/machine-qemu\\x2d1\\x2dweb1.scope': dict(anon=600000, file=50000, shmem=0, file_dirty=0, kernel=30000, sock=0, unevictable=0, procs=[701]),
    '/user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox.scope':
        dict(anon=100000, file=300000, shmem=50000, file_dirty=5000, kernel=10000, sock=500, unevictable=0, procs=[801]),
}
root_own = dict(anon=0, file=200000, shmem=0, file_dirty=1000, kernel=40000, sock=0, unevictable=0, procs=[802])
keys = ['anon', 'file', 'shmem', 'file_dirty', 'kernel', 'sock', 'unevictable']
groups = {'/': {k: root_own[k] for k in keys}}
for path, values in leaves.items():
    parts = path.strip('/').split('/')
    for depth in range(len(parts) + 1):
        ancestor = '/' + '/'.join(parts[:depth]) if depth else '/'
        groups.setdefault(ancestor, {k: 0 for k in keys})
        for k in keys:
            groups[ancestor][k] += values[k]
write('sys/fs/cgroup/cgroup.controllers', 'cpuset cpu io memory pids\n')
for path, values in groups.items():
    directory = 'sys/fs/cgroup' + ('' if path == '/' else path)
    write(f'{directory}/memory.stat', ''.join(f'{k} {values[k] * KB}\n' for k in keys) + 'file_writeback 0\n')
    procs = leaves.get(path, root_own if path == '/' else {}).get('procs', [])
    write(f'{directory}/cgroup.procs', ''.join(f'{p}\n' for p in procs))
    if path != '/':
        write(f'{directory}/memory.current', f'{(values["anon"] + values["file"] + values["kernel"] + values["sock"]) * KB}\n')

write('README.md', '''# synthetic-owners-v2

A **hand-made** tree, written by `Scripts/make-synthetic-fixtures.py`, for owners this machine does not
have: a cgroup v2 hierarchy with the memory controller, a QEMU virtual machine, amdgpu and i915 GPUs with DRM
clients, a zram device. Every number is chosen by that script and asserted by the tests.

- 8,240,000 kB of MemTotal (about 350,000 kB of it in no counter, the GPU's 300 MiB of GTT among it), no swap; app memory 1,600,000 kB; shmem 400,000 kB; file cache 2,300,000 kB
  (20,000 kB dirty); SecPageTables 40,000 kB of which IOMMU 10,240 kB (nr_iommu_pages 2,560).
- Processes (Pss_Anon kB): nginx 501 (100,000) and 502 (300,000) in nginx.service; node 601 (400,000) in a
  docker scope; qemu-system-x86 701 (600,000, `-name guest=web1`) in a machine scope; firefox 801 (100,000);
  Xorg 802 (0) in the root cgroup.
- cgroup v2 `memory.stat` is hierarchical: leaves as listed in the script, parents their sums, the root adds
  its own 200,000 kB of file cache and 1,000 kB dirty.
- DRM: firefox has one amdgpu client (id 10: 200 MiB GTT, 1 GiB VRAM) on two descriptors; Xorg has an i915
  client (120 MiB resident in system0, which is shmem) and a legacy amdgpu client (id 11: drm-memory-* keys,
  256 MiB VRAM, 50 MiB GTT). amdgpu reports 300 MiB of GTT in use and 1.5 GiB of 8 GiB VRAM.
- zram0 holds 200 MiB in 50 MiB of RAM (nr_zspages 12,800).
''')
print('wrote', ROOT)
