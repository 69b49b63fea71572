import Testing

/// Every suite that changes the machine (mlock, tmpfs, threads, cgroups, fork churn) is nested here, so they
/// run one at a time: a test measuring 256 MiB of mlock must not see another test's 64 MiB.
@Suite("Live tests that change the machine", .serialized)
struct Live {}
