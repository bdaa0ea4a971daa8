/// The built-in formats, in detection order: when two formats read a sample equally well, the earlier wins,
/// so more specific layouts come first.
public enum LogFormats {
    public static let builtIn: [any LogFormat] = [
        // Structured
        JournaldFormat(), MongoDBFormat(), JSONLinesFormat(), LogfmtFormat(),
        // Text
        UvicornFormat(), GunicornFormat(), NginxErrorFormat(), ApacheErrorFormat(), AccessLogFormat(), GinFormat(), NestFormat(),
        Syslog5424Format(), SyslogFormat(), KlogFormat(), RedisFormat(), RubyLoggerFormat(), DotnetConsoleFormat(),
        JavaLogFormat(), GoLogFormat(), JavaUtilLoggingFormat(),
        LoguruFormat(), StructlogConsoleFormat(), ZerologConsoleFormat(),
        PythonLoggingFormat(),
        // The shapes many stacks share, after every specific layout.
        LeveledTextFormat(), TimestampedTextFormat(),
    ]

    /// The built-in format with this name.
    public static func named(_ name: String) -> (any LogFormat)? {
        builtIn.first(where: { $0.name == name })
    }
}
