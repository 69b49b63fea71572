import WiredFuzzEntries

/// libFuzzer's entry point: one input for the `history-chain` target (``FuzzTarget/historyChain``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.historyChain.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
