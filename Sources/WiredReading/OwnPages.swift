import CLinuxSyscalls

/// This process's own pages, for the commands that run for long (docs/linux.md §12.5).
public enum OwnPages {
    /// Unmaps our pages of the executable's code and constants: what start-up alone touched stops counting.
    ///
    /// The page cache keeps them; the next touch maps them back. Returns the bytes of address space advised, 0
    /// where nothing was (off Linux).
    @discardableResult
    public static func releaseStartupPages() -> Int { Int(wired_release_text_pages()) }

    /// Has every thread allocate from one malloc arena, for commands whose threads take turns.
    ///
    /// `watch` and `record`: an arena per thread keeps freed memory of its own. Called before those threads start.
    public static func useOneMallocArena() { _ = wired_one_malloc_arena() }
}
