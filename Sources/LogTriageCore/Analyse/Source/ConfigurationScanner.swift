/// A configuration read found in a file, before it is tied to its function.
struct FoundRead {
    var name: String
    var source: ConfigurationRead.Source
    var defaultValue: String?
    var line: Int32
}

/// Finds where code reads its configuration: environment variables (`os.getenv("X", "d")`,
/// `os.environ["X"]`, `process.env.X ?? "d"`, `os.Getenv("X")`, `System.getenv("X")`,
/// `ProcessInfo.processInfo.environment["X"]`, `ENV.fetch("X", "d")`, Rust's `env::var("X")` and `env!("X")`,
/// PHP's `env('X', 'd')` and `$_ENV['X']`, and any `…env…("NAME")` helper) and settings (`settings.x`,
/// `self.config.x`, `cfg.Timeout`, `viper.GetString("x")`, `@Value("${x:d}")`, `System.getProperty("x", "d")`,
/// PHP's `config('a.b', 'd')`). Defaults are kept as written in the source. It also collects the fields
/// of Python settings classes (`class Settings(BaseSettings)`) with their defaults, so a later
/// `settings.payment_timeout` can say what it defaults to.
struct ConfigurationScanner {
    let stream: TokenStream
    private(set) var reads: [FoundRead] = []
    /// Field name → default, from settings classes.
    private(set) var declarations: [String: String] = [:]
    /// Setting name → the environment read it is assigned from (`CONSUMPTION_DIR = get_path("APP_CONSUMPTION_DIR",
    /// …)` in a settings module), so a later `settings.CONSUMPTION_DIR` can name the variable that sets it.
    private(set) var environmentOf: [String: FoundRead] = [:]

    static func scan(_ stream: TokenStream) -> (reads: [FoundRead], declarations: [String: String], environmentOf: [String: FoundRead]) {
        var scanner = ConfigurationScanner(stream: stream)
        scanner.run()
        return (scanner.reads, scanner.declarations, scanner.environmentOf)
    }

    private init(stream: TokenStream) { self.stream = stream }

    private static let settingRoots: Set<NameKey> = [
        NameKey("settings"), NameKey("config"), NameKey("conf"), NameKey("cfg"), NameKey("configuration"),
        NameKey("SETTINGS"), NameKey("CONFIG"), NameKey("Settings"), NameKey("app_config"), NameKey("appConfig"),
        NameKey("AppConfig"), NameKey("app_settings"), NameKey("appSettings"),
    ]

    private static let wellKnownEnvCalls: Set<NameKey> = [
        NameKey("getenv"), NameKey("Getenv"), NameKey("LookupEnv"), NameKey("getEnv"), NameKey("GetEnv"),
    ]

    /// PHP's `$_SERVER` also holds the request (CGI variables): those are not configuration.
    private static let requestVariablePrefixes = [
        "HTTP", "REQUEST_", "REMOTE_", "SERVER_", "SCRIPT_", "QUERY_", "DOCUMENT_", "CONTENT_", "PHP_", "PATH_",
        "GATEWAY_", "ORIG_", "REDIRECT_",
    ]

    /// PHP's config facade reads: `Config::get('a.b')`, `Config::string('a.b')`.
    private static let phpConfigGetters: Set<String> = ["get", "string", "integer", "boolean", "float", "array"]

    private mutating func run() {
        let tokens = stream.tokens
        var lineKeyword = SourceKeyword.none
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token.firstOnLine { lineKeyword = token.keyword }
            defer { i += 1 }
            if token.isPunct(0x40), stream.isIdentifier(i + 1, "Value"), stream.isPunct(i + 2, 0x28) {
                springValue(i + 3, line: token.line)
                continue
            }
            guard token.kind == .identifier, lineKeyword != .import, lineKeyword != .from else { continue }
            if stream.language == .python, token.keyword == .class, token.firstOnLine {
                settingsClass(i)
                continue
            }
            // `env::var`: a path segment is a name, whatever other families make of the word
            guard token.keyword == .none || token.keyword == .selfKeyword || stream.isPunct(i - 1, 0x3A, 0x3A) else { continue }
            if stream.isPunct(i + 1, 0x28) {
                call(i)
            } else if stream.isPunct(i + 1, 0x5B), stream.isString(i + 2), stream.isPunct(i + 3, 0x5D) {
                subscriptRead(i)
            } else if stream.isPunct(i + 1, 0x2E), stream.isIdentifier(i + 2), !stream.language.dotConcatenates {
                attribute(i)
            } else if stream.language == .rust, stream.isPunct(i + 1, 0x21), stream.isPunct(i + 2, 0x28) {
                rustMacro(i)
            }
        }
    }

    private mutating func add(_ name: String, _ source: ConfigurationRead.Source, _ defaultValue: String?, line: Int32) {
        guard !name.isEmpty else { return }
        if let last = reads.last, last.name == name, last.line == line { return }
        let read = FoundRead(name: name, source: source, defaultValue: defaultValue, line: line)
        reads.append(read)
        if source == .environment, let target = assignmentTarget(line: line), environmentOf[target] == nil { environmentOf[target] = read }
    }

    /// `NAME` when the statement on `line` starts with `NAME =` at the start of a line (module level: no indent).
    private func assignmentTarget(line: Int32) -> String? {
        // tokens are in line order: the first one of `line` by bisection
        let tokens = stream.tokens
        var (low, high) = (0, tokens.count)
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].line < line { low = middle + 1 } else { high = middle }
        }
        let first = low
        guard first < tokens.count, tokens[first].line == line, tokens[first].column == 0,
            stream.isIdentifier(first), stream.isPunct(first + 1, 0x3D), !stream.isPunct(first + 2, 0x3D)
        else { return nil }
        return stream.text(first)
    }

    // MARK: - Forms

    private mutating func call(_ i: Int) {
        guard let key = stream.key(i) else { return }
        let chain = receivers(before: i)
        let receiver = chain.last.map { stream.text($0) }
        let arguments = self.arguments(i + 1)
        let firstName = arguments.first.flatMap { $0.count == 1 ? stream.plainString($0.lowerBound) : nil }
        let line = stream.tokens[chain.first ?? i].line
        let name = stream.text(i)
        func positional(_ n: Int) -> String? {
            guard n < arguments.count, !arguments[n].isEmpty else { return nil }
            return stream.source(arguments[n].lowerBound, through: arguments[n].upperBound - 1)
        }
        let close = stream.after(i + 1)

        let environmentReceiver = receiver == "environ" || receiver == "env" || receiver == "Environment"
        switch name {
        case "get" where environmentReceiver, "setdefault" where environmentReceiver:
            if let firstName { add(firstName, .environment, positional(1) ?? trailingDefault(close), line: line) }
            return
        case "fetch" where receiver == "ENV":
            guard let firstName else { return }
            var value = positional(1)
            if value == nil, stream.isPunct(close, 0x7B), stream.after(close) - 2 >= close + 1 {
                value = stream.source(close + 1, through: stream.after(close) - 2)  // ENV.fetch("X") { "d" }
            }
            add(firstName, .environment, value, line: line)
            return
        case "getProperty", "getRequiredProperty":
            if let firstName { add(firstName, .setting, positional(1) ?? trailingDefault(close), line: line) }
            return
        case "getattr" where arguments.count >= 2:
            // getattr(settings, "X", default)
            guard let rootKey = stream.key(arguments[0].lowerBound), arguments[0].count == 1,
                Self.settingRoots.contains(rootKey), let attribute = stream.plainString(arguments[1].lowerBound)
            else { return }
            add(stream.text(arguments[0].lowerBound) + "." + attribute, .setting, positional(2), line: line)
            return
        case "Field" where stream.language == .python:
            for argument in arguments where argument.count >= 3 {
                if stream.isIdentifier(argument.lowerBound, "env"), stream.isPunct(argument.lowerBound + 1, 0x3D),
                    let env = stream.plainString(argument.lowerBound + 2)
                {
                    var value = positional(0)
                    if value == "..." { value = nil }
                    if let named = arguments.first(where: { stream.isIdentifier($0.lowerBound, "default") && $0.count > 2 }) {
                        value = stream.source(named.lowerBound + 2, through: named.upperBound - 1)
                    }
                    add(env, .environment, value, line: line)
                }
            }
            return
        default:
            break
        }
        if stream.language == .rust, name == "var" || name == "var_os", let receiver, receiver.lowercased().contains("env"),
            let firstName
        {
            // `env::var("X")`, `std::env::var_os("X")`, `dotenv::var("X")`
            add(firstName, .environment, rustDefault(close), line: line)
            return
        }
        if stream.language == .php, let firstName,
            (name == "config" && chain.isEmpty) || (receiver == "Config" && Self.phpConfigGetters.contains(name))
        {
            add(firstName, .setting, positional(1), line: line)
            return
        }
        if chain.contains(where: { stream.isIdentifier($0, "viper") }), name.hasPrefix("Get") || name == "IsSet", let firstName {
            add(firstName, .setting, nil, line: line)
            return
        }
        if let root = chain.first, let rootKey = stream.key(root), Self.settingRoots.contains(rootKey), chain.count == 1,
            name == "get" || name == "getString" || name == "getInt" || name == "getBoolean", let firstName
        {
            add(stream.text(root) + "." + firstName, .setting, positional(1) ?? trailingDefault(close), line: line)
            return
        }
        guard let firstName else { return }
        let lower = name.lowercased()
        // a project's own getter over the environment: `__get_path("APP_DATA_DIR", …)`, `get_int("APP_WORKERS", 1)`
        let getter = lower.drop { $0 == "_" }.hasPrefix("get") && firstName.contains("_")
        if Self.wellKnownEnvCalls.contains(key) || ((lower.contains("env") || getter) && Self.isEnvironmentName(firstName)) {
            add(firstName, .environment, positional(1) ?? trailingDefault(close), line: line)
        }
    }

    /// `os.environ["X"]`, `ENV["X"]`, `process.env["X"]`, `ProcessInfo.processInfo.environment["X"]`,
    /// `app.config["X"]`.
    private mutating func subscriptRead(_ i: Int) {
        guard let name = stream.plainString(i + 2) else { return }
        let chain = receivers(before: i) + [i]
        let line = stream.tokens[chain.first ?? i].line
        let end = i + 4
        if stream.isIdentifier(i, "environ") || stream.isIdentifier(i, "ENV") || stream.isIdentifier(i, "environment")
            || (stream.isIdentifier(i, "env") && chain.count >= 2) || stream.isIdentifier(i, "$_ENV")
            || (stream.isIdentifier(i, "$_SERVER") && !Self.requestVariablePrefixes.contains { name.hasPrefix($0) })
        {
            add(name, .environment, trailingDefault(end), line: line)
        } else if let key = stream.key(i), Self.settingRoots.contains(key) {
            add(stream.text(i) + "[\"" + name + "\"]", .setting, trailingDefault(end), line: line)
        }
    }

    /// `process.env.X`, `import.meta.env.X`, `settings.payment_timeout`, `self.config.retries.max`.
    private mutating func attribute(_ i: Int) {
        let line = stream.tokens[i].line
        if stream.isIdentifier(i, "env"), stream.isPunct(i - 1, 0x2E),
            stream.isIdentifier(i - 2, "process") || stream.isIdentifier(i - 2, "meta")
        {
            add(stream.text(i + 2), .environment, trailingDefault(i + 3), line: stream.tokens[i - 2].line)
            return
        }
        guard let key = stream.key(i), Self.settingRoots.contains(key) else { return }
        // not `foo.settings` of some other object's method call chain: `x.settings.y` is still a read
        var name = stream.text(i)
        var k = i + 1
        while stream.isPunct(k, 0x2E), stream.isIdentifier(k + 1), !stream.isPunct(k + 2, 0x28) {
            name += "." + stream.text(k + 1)
            k += 2
        }
        // Rust reaches settings through getters: `CONFIG.smtp_host()`
        if stream.language == .rust, stream.isPunct(k, 0x2E), stream.isIdentifier(k + 1), stream.isPunct(k + 2, 0x28),
            stream.isPunct(k + 3, 0x29)
        {
            name += "." + stream.text(k + 1)
            k += 4
        }
        guard k > i + 1 else { return }
        // an assignment (`settings.x = 5`, `config.y += 1`) writes, it does not read
        if stream.isPunct(k, 0x3D) || stream.isPunct(k, 0x2B, 0x3D) || stream.isPunct(k, 0x2D, 0x3D) { return }
        add(name, .setting, trailingDefault(k), line: line)
    }

    /// Rust's `env!("X")` and `option_env!("X")`, read when the program is built.
    private mutating func rustMacro(_ i: Int) {
        guard stream.isIdentifier(i, "env") || stream.isIdentifier(i, "option_env"), let name = stream.plainString(i + 3) else {
            return
        }
        let close = stream.after(i + 2)
        add(name, .environment, rustDefault(close), line: stream.tokens[i].line)
    }

    /// Spring's `@Value("${payment.timeout:30}")`.
    private mutating func springValue(_ i: Int, line: Int32) {
        guard let text = stream.plainString(i), text.hasPrefix("${"), text.hasSuffix("}") else { return }
        let inner = text.dropFirst(2).dropLast()
        if let colon = inner.firstIndex(of: ":") {
            add(String(inner[..<colon]), .setting, String(inner[inner.index(after: colon)...]), line: line)
        } else {
            add(String(inner), .setting, nil, line: line)
        }
    }

    // MARK: - Settings classes

    /// `class Settings(BaseSettings):` and its `name: type = default` fields.
    private mutating func settingsClass(_ i: Int) {
        guard stream.isIdentifier(i + 1), stream.isPunct(i + 2, 0x28) else { return }
        let close = stream.after(i + 2)
        let bases = (i + 3..<max(i + 3, close - 1)).contains { k in
            stream.isIdentifier(k) && (stream.text(k).hasSuffix("Settings") || stream.text(k) == "BaseConfig")
        }
        guard bases else { return }
        let indent = stream.tokens[i].column
        var k = close
        var bodyIndent: Int32?
        while k < stream.count {
            let token = stream.tokens[k]
            if token.firstOnLine, k > close {
                if token.column <= indent { break }
                if bodyIndent == nil { bodyIndent = token.column }
                if token.column == bodyIndent, stream.isIdentifier(k), stream.isPunct(k + 1, 0x3A) {
                    // name: type = default
                    var e = k + 2
                    while e < stream.count, !stream.tokens[e].firstOnLine, !stream.isPunct(e, 0x3D) {
                        e = stream.isPunct(e, 0x5B) || stream.isPunct(e, 0x28) ? stream.after(e) : e + 1
                    }
                    if stream.isPunct(e, 0x3D) {
                        var end = e + 1
                        while end < stream.count, !stream.tokens[end].firstOnLine {
                            end = stream.isPunct(end, 0x28) || stream.isPunct(end, 0x5B) || stream.isPunct(end, 0x7B)
                                ? stream.after(end) : end + 1
                        }
                        if end > e + 1 {
                            let field = stream.text(k)
                            var value = stream.source(e + 1, through: end - 1)
                            if stream.isIdentifier(e + 1, "Field"), stream.isPunct(e + 2, 0x28) {
                                let arguments = self.arguments(e + 2)
                                value = arguments.first.map { stream.source($0.lowerBound, through: $0.upperBound - 1) } ?? ""
                                if let named = arguments.first(where: { stream.isIdentifier($0.lowerBound, "default") && $0.count > 2 }) {
                                    value = stream.source(named.lowerBound + 2, through: named.upperBound - 1)
                                }
                            }
                            if !value.isEmpty, value != "...", declarations[field] == nil { declarations[field] = value }
                        }
                        k = end
                        continue
                    }
                }
            }
            k += 1
        }
    }

    // MARK: - Helpers

    /// Receiver identifiers before the name at `i`, outermost first (`os.environ.get` → [os, environ]).
    private func receivers(before i: Int) -> [Int] {
        var chain: [Int] = []
        var k = i - 1
        while chain.count < 6, stream.isMemberAccess(k), stream.isIdentifier(k - 1) {
            chain.append(k - 1)
            k -= 2
        }
        return chain.reversed()
    }

    /// The argument token ranges of the call whose `(` is at `open`.
    private func arguments(_ open: Int) -> [Range<Int>] {
        let close = stream.after(open) - 1
        var result: [Range<Int>] = []
        var k = open + 1
        var start = k
        while k < close {
            if stream.isPunct(k, 0x2C) {
                result.append(start..<k)
                k += 1
                start = k
                continue
            }
            k = stream.isPunct(k, 0x28) || stream.isPunct(k, 0x5B) || stream.isPunct(k, 0x7B) ? stream.after(k) : k + 1
        }
        if close > start { result.append(start..<min(close, stream.count)) }
        return result
    }

    /// A fallback written after the read: `?? "d"`, `|| "d"`, `?: "d"`, `or "d"`.
    private func trailingDefault(_ k: Int) -> String? {
        guard stream.isPunct(k, 0x3F, 0x3F) || stream.isPunct(k, 0x7C, 0x7C) || stream.isPunct(k, 0x3F, 0x3A)
            || stream.keyword(k) == .or, k + 1 < stream.count
        else { return nil }
        var end = k + 2
        let first = stream.tokens[k + 1]
        switch first.kind {
        case .string, .number, .identifier:
            while stream.isPunct(end, 0x2E), stream.isIdentifier(end + 1) { end += 2 }
            if stream.isPunct(end, 0x28) || stream.isPunct(end, 0x5B) { end = stream.after(end) }
        case .punctuation where first.isPunct(0x5B) || first.isPunct(0x7B) || first.isPunct(0x28):
            end = stream.after(k + 1)
        default:
            return nil
        }
        return stream.source(k + 1, through: min(end, stream.count) - 1)
    }

    /// Rust's fallback after a read at `k`: `.unwrap_or("d")`, `.unwrap_or_else(|_| "d".into())`.
    private func rustDefault(_ k: Int) -> String? {
        guard stream.isPunct(k, 0x2E), stream.isPunct(k + 2, 0x28) else { return nil }
        let close = stream.after(k + 2) - 1
        var first = k + 3
        if stream.isIdentifier(k + 1, "unwrap_or_else") {
            // skip the closure's parameters: `||` or `|_|`
            if stream.isPunct(first, 0x7C, 0x7C) {
                first += 1
            } else if stream.isPunct(first, 0x7C) {
                first += 1
                while first < close, !stream.isPunct(first, 0x7C) { first += 1 }
                first += 1
            }
        } else if !stream.isIdentifier(k + 1, "unwrap_or") {
            return nil
        }
        guard first < close else { return nil }
        return stream.source(first, through: close - 1)
    }

    /// `SMTP_PASSWORD`, `PORT`: the shape of an environment variable's name.
    static func isEnvironmentName(_ text: String) -> Bool {
        guard let first = text.utf8.first, first >= 0x41, first <= 0x5A, text.utf8.count >= 2 else { return false }
        return text.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }
}
