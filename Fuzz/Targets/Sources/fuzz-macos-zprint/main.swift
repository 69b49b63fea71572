import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `macos-zprint` target (``FuzzTarget/macosZprint``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.macosZprint.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
