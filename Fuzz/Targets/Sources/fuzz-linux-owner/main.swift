import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `linux-owner` target (``FuzzTarget/linuxOwner``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.linuxOwner.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
