import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `macos-vm-stat` target (``FuzzTarget/macosVMStat``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.macosVMStat.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
