import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `macos-sysctl` target (``FuzzTarget/macosSysctl``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.macosSysctl.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
