import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `macos-kextstat` target (``FuzzTarget/macosKextstat``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.macosKextstat.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
