import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `macos-memory-pressure` target (``FuzzTarget/macosMemoryPressure``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.macosMemoryPressure.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
