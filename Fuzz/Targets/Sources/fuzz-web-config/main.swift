import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `web-config` target (``FuzzTarget/webConfig``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.webConfig.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
