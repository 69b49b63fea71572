/// The one arithmetic helper: sums, differences and products of figures that cannot trap.
///
/// Swift traps on `Int64` overflow ("Illegal instruction"). Numbers come from files anyone may have
/// edited, so every operation on figures goes through here. The reporting forms give `nil` on overflow
/// (like `addingReportingOverflow`), for code that turns an overflow into a problem; the saturating
/// forms stop at `Int64.min` / `Int64.max`, which ``ByteFormat`` shows as "overflow" and the ledger marks
/// untrusted, so an overflow is never shown as a number.
public enum Checked {
    /// `a + b`, or `nil` when it does not fit.
    public static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : result
    }

    /// `a − b`, or `nil` when it does not fit.
    public static func subtract(_ a: Int64, _ b: Int64) -> Int64? {
        let (result, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? nil : result
    }

    /// `a × b`, or `nil` when it does not fit.
    public static func multiply(_ a: Int64, _ b: Int64) -> Int64? {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : result
    }

    /// Σ `values`, or `nil` when any partial sum does not fit.
    public static func sum<Values: Sequence<Int64>>(_ values: Values) -> Int64? {
        var total: Int64 = 0
        for value in values {
            guard let next = add(total, value) else { return nil }
            total = next
        }
        return total
    }

    /// `a + b`, stopped at `Int64.min` or `Int64.max`; a saturated operand stays saturated.
    public static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        if let saturated = saturatedOperand(a, b) { return saturated }
        return add(a, b) ?? (b > 0 ? .max : .min)
    }

    /// `a − b`, stopped at `Int64.min` or `Int64.max`; a saturated operand stays saturated.
    public static func saturatingSubtract(_ a: Int64, _ b: Int64) -> Int64 {
        if isSaturated(a) { return a }
        if isSaturated(b) { return b == .max ? .min : .max }
        return subtract(a, b) ?? (b < 0 ? .max : .min)
    }

    /// `a × b`, stopped at `Int64.min` or `Int64.max`.
    public static func saturatingMultiply(_ a: Int64, _ b: Int64) -> Int64 {
        if a == 0 || b == 0 { return 0 }
        let negative = (a < 0) != (b < 0)
        if isSaturated(a) || isSaturated(b) { return negative ? .min : .max }
        return multiply(a, b) ?? (negative ? .min : .max)
    }

    /// Σ `values`, stopped at `Int64.min` or `Int64.max`.
    public static func saturatingSum<Values: Sequence<Int64>>(_ values: Values) -> Int64 {
        values.reduce(0, saturatingAdd)
    }

    /// True for `Int64.min` and `Int64.max`: the result of an overflow, never a measured figure.
    public static func isSaturated(_ value: Int64) -> Bool {
        value == .max || value == .min
    }

    /// `value` rounded toward zero as an `Int64`, or `nil` when it is NaN, infinite or does not fit.
    public static func integer(_ value: Double) -> Int64? {
        // 2^63 is exactly representable; every double below it converts without trapping.
        guard value.isFinite, value > -9_223_372_036_854_775_808.0, value < 9_223_372_036_854_775_808.0 else {
            return nil
        }
        return Int64(value)
    }

    /// `value` as an `Int64`, saturated when it does not fit; NaN gives 0.
    public static func saturatingInteger(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        return integer(value) ?? (value > 0 ? .max : .min)
    }

    private static func saturatedOperand(_ a: Int64, _ b: Int64) -> Int64? {
        if isSaturated(a) { return a }
        if isSaturated(b) { return b }
        return nil
    }
}
