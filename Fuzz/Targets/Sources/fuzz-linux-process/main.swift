import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `linux-process` target (``FuzzTarget/linuxProcess``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.linuxProcess.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
