import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `tar` target (``FuzzTarget/tar``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.tar.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
