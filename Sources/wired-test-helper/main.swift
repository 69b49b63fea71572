// wired-test-helper: creates real memory conditions for live tests and fixture captures.
//
//   wired-test-helper [--anon MB] [--mlock MB] [--threads N] [--hugetlb MB] [--shm MB] [--shm-lock]
//                     [--memfd MB] [--memfd-name NAME] [--mlock-memfd] [--touch] [--read FILE]
//                     [--churn PER_SECOND] [--zombie] [--name NAME] [--seconds N] [--leak MBPS]
//                     [--rename-on-input NAME]
//
// --rename-on-input renames the process (its comm) to NAME on each line read from standard input.
// --touch keeps writing one byte of every page of the --anon memory, round after round, on a thread of its
// own (under a memory limit with swap: steady swapping). --read reads FILE over and over in 1 MiB pieces
// (under a limit smaller than the file: page-cache thrashing, refaults).
// --memfd fills a memfd named "wired-test" (or --memfd-name), holds it on two descriptors and shares it with a
// child ("memfd child", which dies with this process): two processes, three descriptors, one file; with
// --mlock-memfd this process's mapping of it is mlocked (the child's is not: mlock is not inherited).
// --shm-lock locks the --shm segment with shmctl(SHM_LOCK) before its pages are touched, so they go straight
// to the unevictable list (pages touched before SHM_LOCK move there only when reclaim meets them). --name
// renames the process (its comm); names may hold any bytes but NUL, escape sequences included, as an attacker's
// would.
//
// --leak allocates and touches MBPS MiB of anonymous memory more every second, in tenths, on a thread of its
// own, and never frees it: a steady leak for `wired grew`.
// The --terminal and --render-bench modes (TerminalMode.swift, RenderBench.swift) run a WiredTerminal session
// for the pseudo-terminal tests and measure the renderer.
//
// Allocates what it is asked for, prints "ready <pid>" on stdout, then waits until stdin closes,
// SIGTERM arrives or --seconds pass. Memory is filled with pseudo-random, half-compressible bytes so
// zswap and zram see realistic pages (not zero pages, which they store for free).
import CLinuxSyscalls

#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var anonMB = 0
    var mlockMB = 0
    var threads = 0
    var hugetlbMB = 0
    var shmMB = 0
    var memfdMB = 0
    var touch = false
    var readPath: String?
    var churnPerSecond = 0
    var zombie = false
    var seconds = 0
    var name: String?
    var renameOnInput: String?
    var memfdName = "wired-test"
    var mlockMemfd = false
    var shmLock = false
    var leakMBPS = 0
}

func fail(_ message: String) -> Never {
    let bytes = Array("wired-test-helper: \(message)\n".utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    exit(2)
}

func parse(_ arguments: [String]) -> Options {
    var options = Options()
    var index = 0
    func next() -> String {
        index += 1
        guard index < arguments.count else { fail("\(arguments[index - 1]) needs a value") }
        return arguments[index]
    }
    func number() -> Int {
        guard let value = Int(next()), value >= 0 else { fail("\(arguments[index - 1]) needs a number") }
        return value
    }
    while index < arguments.count {
        switch arguments[index] {
        case "--anon": options.anonMB = number()
        case "--mlock": options.mlockMB = number()
        case "--threads": options.threads = number()
        case "--hugetlb": options.hugetlbMB = number()
        case "--shm": options.shmMB = number()
        case "--memfd": options.memfdMB = number()
        case "--touch": options.touch = true
        case "--leak": options.leakMBPS = number()
        case "--read": options.readPath = next()
        case "--churn": options.churnPerSecond = number()
        case "--zombie": options.zombie = true
        case "--seconds": options.seconds = number()
        case "--name": options.name = next()
        case "--rename-on-input": options.renameOnInput = next()
        case "--memfd-name": options.memfdName = next()
        case "--mlock-memfd": options.mlockMemfd = true
        case "--shm-lock": options.shmLock = true
        default: fail("unknown argument \(arguments[index])")
        }
        index += 1
    }
    return options
}

/// Fills memory with bytes that compress about 2:1.
func fill(_ pointer: UnsafeMutableRawPointer, _ count: Int) {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(UInt(bitPattern: pointer))
    let words = pointer.bindMemory(to: UInt64.self, capacity: count / 8)
    for i in 0..<(count / 8) {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        words[i] = i % 2 == 0 ? state : 0x0101_0101_0101_0101
    }
}

func allocate(_ megabytes: Int, flags: Int32 = MAP_PRIVATE | MAP_ANONYMOUS) -> UnsafeMutableRawPointer {
    let size = megabytes << 20
    guard let pointer = mmap(nil, size, PROT_READ | PROT_WRITE, flags, -1, 0), pointer != MAP_FAILED else {
        fail("mmap of \(megabytes) MiB failed: \(String(cString: strerror(errno)))")
    }
    fill(pointer, size)
    return pointer
}

/// A thread body that only waits; top-level code in main.swift is main-actor isolated, so this is not.
nonisolated func blockForever(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    while true { pause() }
}

/// Renames the calling thread (what /proc/PID/comm shows) by writing /proc/self/comm.
func rename(_ name: String) {
    let fd = open("/proc/self/comm", O_WRONLY)
    guard fd >= 0 else { return }
    let bytes = Array(name.utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

switch CommandLine.arguments.dropFirst().first {
case "--terminal": runTerminalMode(Array(CommandLine.arguments.dropFirst(2)))
case "--render-bench": runRenderBench(Array(CommandLine.arguments.dropFirst(2)))
default: break
}
let options = parse(Array(CommandLine.arguments.dropFirst()))
if let name = options.name {
    rename(name)
}
/// The memory --touch walks, and its size.
nonisolated(unsafe) var touched: (pointer: UnsafeMutableRawPointer, count: Int)?
/// The file --read reads.
nonisolated(unsafe) var readPath: String?

/// Writes one byte per page of `touched`, forever.
nonisolated func touchForever(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let (pointer, count) = touched else { return nil }
    var round: UInt8 = 0
    while true {
        round &+= 1
        var offset = 0
        while offset < count {
            pointer.storeBytes(of: round, toByteOffset: offset, as: UInt8.self)
            offset += 4096
        }
    }
}

/// MiB per second the leak thread adds.
nonisolated(unsafe) var leakMBPS = 0

/// Allocates and fills a tenth of `leakMBPS` MiB every 100 ms, forever, keeping all of it.
nonisolated func leakForever(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let step = (leakMBPS << 20) / 10
    while true {
        guard let pointer = mmap(nil, step, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            pointer != MAP_FAILED
        else { return nil }
        fill(pointer, step)
        usleep(100_000)
    }
}

/// Reads `readPath` from start to end, forever.
nonisolated func readForever(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let path = readPath else { return nil }
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 4096)
    while true {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        while read(fd, buffer, 1 << 20) > 0 {}
        close(fd)
    }
}

if options.anonMB > 0 {
    let pointer = allocate(options.anonMB)
    if options.touch { touched = (pointer, options.anonMB << 20) }
}
if options.mlockMB > 0 {
    let pointer = allocate(options.mlockMB)
    guard mlock(pointer, options.mlockMB << 20) == 0 else {
        fail("mlock of \(options.mlockMB) MiB failed: \(String(cString: strerror(errno)))")
    }
}
if options.hugetlbMB > 0 {
    _ = allocate(options.hugetlbMB, flags: MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB)
}
if options.shmMB > 0 {
    let id = shmget(IPC_PRIVATE, options.shmMB << 20, IPC_CREAT | 0o600)
    guard id >= 0, let pointer = shmat(id, nil, 0), pointer != UnsafeMutableRawPointer(bitPattern: -1) else {
        fail("shmget of \(options.shmMB) MiB failed: \(String(cString: strerror(errno)))")
    }
    if options.shmLock, shmctl(id, SHM_LOCK, nil) != 0 {
        fail("shmctl(SHM_LOCK) of \(options.shmMB) MiB failed: \(String(cString: strerror(errno)))")
    }
    fill(pointer, options.shmMB << 20)
    // Mark for removal: the segment goes away when this process detaches or exits.
    _ = shmctl(id, IPC_RMID, nil)
}
if options.memfdMB > 0 {
    let fd = wired_memfd_create(options.memfdName)
    let size = options.memfdMB << 20
    guard fd >= 0, ftruncate(fd, off_t(size)) == 0,
        let pointer = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), pointer != MAP_FAILED
    else {
        fail("memfd of \(options.memfdMB) MiB failed: \(String(cString: strerror(errno)))")
    }
    fill(pointer, size)
    if options.mlockMemfd, mlock(pointer, size) != 0 {
        fail("mlock of the \(options.memfdMB) MiB memfd failed: \(String(cString: strerror(errno)))")
    }
    _ = dup(fd)
    let child = fork()
    if child == 0 {
        rename("memfd child")
        while getppid() != 1 { usleep(100_000) }
        _exit(0)
    }
}
for _ in 0..<options.threads {
    var thread = pthread_t()
    let created = pthread_create(&thread, nil, blockForever, nil)
    guard created == 0 else { fail("pthread_create failed: \(created)") }
}
if options.touch || options.readPath != nil {
    readPath = options.readPath
    var thread = pthread_t()
    let created = pthread_create(&thread, nil, options.touch ? touchForever : readForever, nil)
    guard created == 0 else { fail("pthread_create failed: \(created)") }
}
if options.leakMBPS > 0 {
    leakMBPS = options.leakMBPS
    var thread = pthread_t()
    let created = pthread_create(&thread, nil, leakForever, nil)
    guard created == 0 else { fail("pthread_create failed: \(created)") }
}
if options.churnPerSecond > 0 {
    // A child that forks and reaps short-lived processes, so the parent stays ready to be read.
    let churner = fork()
    if churner == 0 {
        let interval = useconds_t(1_000_000 / options.churnPerSecond)
        while true {
            let child = fork()
            if child == 0 {
                rename("churn child")
                // 20 ms: long enough that a reading on a loaded machine still meets some, short enough to vanish
                // mid-read.
                usleep(20_000)
                _exit(0)
            }
            var status: Int32 = 0
            while waitpid(-1, &status, WNOHANG) > 0 {}
            if getppid() == 1 { _exit(0) }
            usleep(interval)
        }
    }
}

if options.zombie {
    // A child that exits at once and is never waited for: a zombie until this process exits.
    let child = fork()
    if child == 0 {
        rename("zombie child")
        _exit(0)
    }
}

let ready = Array("ready \(getpid())\n".utf8)
_ = ready.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
if options.seconds > 0 {
    sleep(UInt32(options.seconds))
} else {
    var byte: UInt8 = 0
    while read(STDIN_FILENO, &byte, 1) > 0 {
        // A line on standard input renames it (--rename-on-input), with nothing else of it changed.
        if byte == UInt8(ascii: "\n"), let name = options.renameOnInput { rename(name) }
    }
}
exit(0)
