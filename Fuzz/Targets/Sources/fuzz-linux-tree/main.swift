import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `linux-tree` target (``FuzzTarget/linuxTree``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.linuxTree.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
