public import WiredCore

/// The ledger bar's pieces, for views that draw it cell by cell (`wired watch`).
public enum LedgerBar {
    /// `parts` (class, bytes) split into `width` cells by largest remainder, as the ledger's bar splits them; a
    /// non-zero part gets at least one cell.
    public static func cells(_ parts: [(MemoryClass, Int64)], width: Int) -> [(MemoryClass, Int)] {
        Layout.cells(parts, width: width)
    }

    /// The letter a class uses in a bar drawn without colour ("." free, "W" wired, …).
    public static func letter(_ memoryClass: MemoryClass) -> Character { Style.letter(memoryClass) }
}
