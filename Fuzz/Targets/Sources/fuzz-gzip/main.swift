import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `gzip` target (``FuzzTarget/gzip``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.gzip.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
