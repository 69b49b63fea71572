import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `macos-footprint` target (``FuzzTarget/macosFootprint``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.macosFootprint.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
