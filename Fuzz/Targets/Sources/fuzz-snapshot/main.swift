import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `snapshot` target (``FuzzTarget/snapshot``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.snapshot.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
