/// The version of `wired`, written into every snapshot.
public enum WiredVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
