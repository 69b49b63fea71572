import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `macos-top` target (``FuzzTarget/macosTop``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.macosTop.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
