import Testing

@testable import WiredServe

@Suite("wired serve: the connection cap leaves descriptors for sampling")
struct DescriptorLimitTests {
    @Test(
        "limit − open − a reserve of a quarter (32 to 256); when under 4 are left, half of what is free",
        arguments: [
            // (limit, open at listen, cap): worked by hand from the rule.
            (64, 18, 14),  // 64 − 18 − 32
            (40, 18, 11),  // 40 − 18 − 32 < 4: (40 − 18) / 2
            (24, 18, 3),  // (24 − 18) / 2
            (200, 20, 130),  // reserve 200 / 4 = 50
            (1024, 20, 748),  // reserve 256
            (65_536, 20, 4096),  // at most 4,096
            (10, 10, 1),  // never 0: one connection still gets in
            (10, 30, 1),
        ]
    )
    func cap(limit: Int, open: Int, cap: Int) {
        #expect(DescriptorLimit.connections(limit: limit, open: open) == cap)
    }

    @Test("This process's open descriptors are counted from /proc/self/fd")
    func counted() throws {
        #if os(Linux)
        let count = try #require(DescriptorLimit.openDescriptors())
        // At least standard input, output and error.
        #expect(count >= 3)
        #endif
    }
}
