extension ProcessScan {
    private enum ScanKeys: String, CodingKey {
        case processes, gone, hidden, ticksPerSecond, bootTime, asRoot, hidepid, hidepidGroup, unlisted, userNames
        case problems
    }

    /// Encodes the scan with ``userNames`` in uid order.
    ///
    /// A dictionary keyed by `UInt32` encodes as `[uid, name, uid, name, …]` in hash order, which changes from
    /// run to run; sorted, the same facts give the same bytes. Decoding is the synthesized one.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ScanKeys.self)
        try c.encode(processes, forKey: .processes)
        try c.encode(gone, forKey: .gone)
        try c.encode(hidden, forKey: .hidden)
        try c.encode(ticksPerSecond, forKey: .ticksPerSecond)
        try c.encodeIfPresent(bootTime, forKey: .bootTime)
        try c.encode(asRoot, forKey: .asRoot)
        try c.encodeIfPresent(hidepid, forKey: .hidepid)
        try c.encodeIfPresent(hidepidGroup, forKey: .hidepidGroup)
        try c.encodeIfPresent(unlisted, forKey: .unlisted)
        var names = c.nestedUnkeyedContainer(forKey: .userNames)
        for (uid, name) in userNames.sorted(by: { $0.key < $1.key }) {
            try names.encode(uid)
            try names.encode(name)
        }
        try c.encode(problems, forKey: .problems)
    }
}
