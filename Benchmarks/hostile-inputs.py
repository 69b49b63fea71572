#!/usr/bin/env python3
"""Makes the inputs of Benchmarks/bounded.sh: a large realistic snapshot and hostile files.

  hostile-inputs.py snapshot BASE.wired N OUT.wired   N processes made from BASE's (pids, numbers and sizes varied)
  hostile-inputs.py bomb KIND GIB OUT.wired            a snapshot file whose JSON inflates to GIB GiB:
                                                       KIND zeros (not JSON at all), spaces (valid JSON, then
                                                       blanks), string (a process name that never ends)
  hostile-inputs.py config GIB OUT.gz                  a config.gz inflating to GIB GiB of zeros (no newline)
  hostile-inputs.py targz GIB OUT.tar.gz VMSTAT        a tar.gz: one GIB GiB entry of zeros, then VMSTAT
  hostile-inputs.py tar GIB OUT.tar VMSTAT             the same as a plain tar (sparse on disk)

Large inflated sizes are made as repeated gzip members of 1 GiB each (gzip readers join members), so a
4 GiB bomb takes seconds to make, not minutes.
"""
import gzip
import json
import random
import sys
import tarfile
import zlib

GIB = 1 << 30

# Command lines of the kinds a busy server runs (the fixtures' trees hold no command lines).
COMMANDS = [
    "/usr/sbin/nginx -g daemon off; worker process {n}",
    "/usr/bin/python3 /opt/app/worker.py --queue jobs-{n} --concurrency 4 --log-level info",
    "/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xms512m -Xmx2g -XX:+UseG1GC -Dapp.instance={n} "
    "-cp /opt/app/lib/app.jar:/opt/app/lib/deps/* com.example.service.Main --port {port}",
    "postgres: 15/main: app appdb 10.0.{n}.7(53412) idle",
    "/usr/bin/node /srv/web/server.js --port {port} --session {hex}",
    "/usr/lib/systemd/systemd --user",
    "/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id {hex}{hex}{hex}{hex} -address /run/containerd/containerd.sock",
    "sshd: deploy@pts/{n}",
    "/bin/bash /opt/jobs/nightly.sh --shard {n}",
    "/usr/local/bin/redis-server 127.0.0.1:{port}",
]


def member(pattern: bytes, size: int) -> bytes:
    """One gzip member of `size` bytes repeating `pattern`."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = (pattern * ((1 << 20) // len(pattern) + 1))[: 1 << 20]
    out = []
    for _ in range(size // len(block)):
        out.append(deflate.compress(block))
    out.append(deflate.compress(block[: size % len(block)]))
    out.append(deflate.flush())
    return b"".join(out)


def repeated(pattern: bytes, gib: float) -> bytes:
    whole, part = int(gib), int((gib - int(gib)) * GIB)
    one = member(pattern, GIB) if whole else b""
    return one * whole + (member(pattern, part) if part else b"")


def snapshot(base: str, count: int, out: str) -> None:
    data = open(base, "rb").read()
    header, body = data.split(b"\n", 1)
    envelope = json.loads(gzip.decompress(body))
    seeds = envelope["processes"]
    users = [p for p in seeds if p["kind"] == "user"] or seeds
    rng = random.Random(5000)
    processes = []
    for index in range(count):
        seed = dict(rng.choice(users if index % 10 else seeds))
        seed["pid"] = 1000 + index
        seed["parentPID"] = 1 if index % 7 else 1000 + index // 7
        seed["startTime"] = 10_000 + index * 13
        for key in ("rss", "rssAnon", "rssFile", "rssShmem", "pageTables", "vmSwap"):
            if key in seed:
                seed[key] = int(seed[key] * rng.uniform(0.5, 2.0)) // 4096 * 4096
        if "smaps" in seed:
            smaps = dict(seed["smaps"])
            for key in smaps:
                smaps[key] = int(smaps[key] * rng.uniform(0.5, 2.0)) // 1024 * 1024
            seed["smaps"] = smaps
        if seed["kind"] == "user":
            template = COMMANDS[index % len(COMMANDS)]
            seed["command"] = template.format(n=index, hex=f"{rng.getrandbits(64):016x}", port=8000 + index % 1000)
            seed["cgroup"] = f"/system.slice/app-{index % 150}.service"
        processes.append(seed)
    envelope["processes"] = processes
    envelope["snapshot"]["processes"]["processes"] = []
    text = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()
    with open(out, "wb") as f:
        f.write(header + b"\n" + gzip.compress(text, 3))
    print(f"{out}: {count} processes, {len(text)} bytes of JSON")


def bomb(kind: str, gib: float, out: str) -> None:
    prefix = {
        "zeros": b"",
        "spaces": b'{"formatVersion":1,"snapshot":',
        "string": b'{"formatVersion":1,"processes":[{"pid":1,"name":"',
    }[kind]
    pattern = {"zeros": b"\0", "spaces": b" ", "string": b"a"}[kind]
    with open(out, "wb") as f:
        f.write(b"wired snapshot format 1\n" + gzip.compress(prefix) + repeated(pattern, gib))


def config(gib: float, out: str) -> None:
    with open(out, "wb") as f:
        f.write(repeated(b"\0", gib))


def tar_entries(gib: float, vmstat: str):
    big = tarfile.TarInfo("sysdiagnose/logs/huge.log")
    big.size = int(gib * GIB)
    small = tarfile.TarInfo("sysdiagnose/vm_stat.txt")
    small.size = len(open(vmstat, "rb").read())
    return big, small


def targz(gib: float, out: str, vmstat: str) -> None:
    big, small = tar_entries(gib, vmstat)
    tail = small.tobuf(tarfile.USTAR_FORMAT) + pad(open(vmstat, "rb").read()) + b"\0" * 1024
    with open(out, "wb") as f:
        f.write(gzip.compress(big.tobuf(tarfile.USTAR_FORMAT)))
        f.write(repeated(b"\0", gib))  # the entry's bytes (a multiple of 512: no padding)
        f.write(gzip.compress(tail))


def plain_tar(gib: float, out: str, vmstat: str) -> None:
    big, small = tar_entries(gib, vmstat)
    with open(out, "wb") as f:
        f.write(big.tobuf(tarfile.USTAR_FORMAT))
        f.seek(big.size, 1)  # a hole: the file is sparse on disk
        f.write(small.tobuf(tarfile.USTAR_FORMAT) + pad(open(vmstat, "rb").read()) + b"\0" * 1024)


def pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 512)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "snapshot":
        snapshot(args[0], int(args[1]), args[2])
    elif command == "bomb":
        bomb(args[0], float(args[1]), args[2])
    elif command == "config":
        config(float(args[0]), args[1])
    elif command == "targz":
        targz(float(args[0]), args[1], args[2])
    elif command == "tar":
        plain_tar(float(args[0]), args[1], args[2])
    else:
        sys.exit(__doc__)
