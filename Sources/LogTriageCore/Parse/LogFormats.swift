/// The built-in formats, in detection order: when two formats read a sample equally well, the earlier wins,
/// so more specific layouts come first.
public enum LogFormats {
    public static let builtIn: [any LogFormat] = [
        // Structured
        // Text
        PythonLoggingFormat(),
        LoguruFormat(),
    ]

    /// The built-in format with this name.
    public static func named(_ name: String) -> (any LogFormat)? {
        builtIn.first(where: { $0.name == name })
    }
}
