import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `linux-system` target (``FuzzTarget/linuxSystem``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.linuxSystem.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
