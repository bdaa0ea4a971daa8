/// Maps paths as logs and stack traces write them onto the files of the tree, the way error trackers' code
/// mappings do: the tree file sharing the longest suffix of path components wins.
///
/// Accepted forms: absolute paths from any machine (`/srv/shop/backend/shop/payments/client.py`,
/// `C:\Users\dev\app\backend\api\x.py`, `/app/backend/api/x.py`), relative ones (`shop/api/checkout.py`),
/// with a trailing `:line` or `:line:column`, `file://` URLs, Python modules (`shop.payments.client`), Java
/// classes (`com.shop.PaymentClient`) and loguru locations (`shop.payments.client:charge:88`).
struct SourcePathMapper: Sendable {
    /// Each file's path components, by file index.
    private var components: [[String]] = []
    /// File name → files with it.
    private var byName: [String: [Int32]] = [:]
    /// Module name → files it can denote: the name without extension, or the package directory of an
    /// `__init__.py` / `index.js`.
    private var byModule: [String: [Int32]] = [:]

    /// Directories that hold installed dependencies, not the project's own code: paths through them map to
    /// nothing, and the tree walker does not enter them.
    static let dependencyDirectories: Set<String> = [
        "site-packages", "dist-packages", "__pypackages__", "venv", ".venv", ".tox", "node_modules", "bower_components",
        "jspm_packages", "vendor", "Pods", "Carthage", ".m2",
    ]

    private static let packageFiles: Set<String> = [
        "__init__.py", "index.js", "index.ts", "index.mjs", "index.cjs", "index.jsx", "index.tsx", "mod.rs",
    ]

    init(files: [String]) {
        for (index, path) in files.enumerated() {
            let parts = path.split(separator: "/").map(String.init)
            components.append(parts)
            guard let name = parts.last else { continue }
            byName[name, default: []].append(Int32(index))
            if Self.packageFiles.contains(name), parts.count >= 2 {
                byModule[parts[parts.count - 2], default: []].append(Int32(index))
            } else if let dot = name.lastIndex(of: "."), dot != name.startIndex {
                byModule[String(name[..<dot]), default: []].append(Int32(index))
            }
        }
    }

    /// The index of the file `path` denotes, or nil when none does, when it is a dependency's, or when two
    /// files fit equally well.
    func map(_ path: String) -> Int? {
        var text = CodeEvidence.trimmed(Substring(path))
        if let scheme = text.firstRange(of: "://") {
            text = text[scheme.upperBound...]
        }
        let normalised = text.replacing("\\", with: "/")
        var value = Substring(normalised)
        let hasSlash = value.contains("/")
        if !hasSlash, let colon = value.firstIndex(of: ":") {
            // loguru `module:function:line`, or `file.py:88`
            value = value[..<colon]
        }
        // `:88`, `:88:12`
        while let colon = value.lastIndex(of: ":"), colon != value.startIndex,
            value[value.index(after: colon)...].allSatisfy(\.isNumber), value.index(after: colon) != value.endIndex
        {
            value = value[..<colon]
        }
        var parts = value.split(separator: "/").filter { $0 != "." && $0 != ".." && !$0.isEmpty }.map(String.init)
        // A path cut on the left to fit a column (`...s/billing/invoice.go`, `…/api/x.py`): its first component is
        // the end of a directory name, or nothing.
        var cutHead: String?
        if parts.count >= 2, let first = parts.first, let rest = Self.afterEllipsis(first) {
            parts.removeFirst()
            if !rest.isEmpty { cutHead = rest }
        }
        guard let last = parts.last else { return nil }
        if Self.isDependency(parts) { return nil }

        if !hasSlash, SourceLanguage(fileName: last[...]) == nil, CodeEvidence.sourceExtensions.allSatisfy({ !last.hasSuffix("." + $0) }) {
            // a dotted module or class name
            let names = last.split(separator: ".").map(String.init)
            guard let leaf = names.last, !leaf.isEmpty else { return nil }
            return best(byModule[leaf] ?? [], names, module: true)
        }
        parts[parts.count - 1] = last
        // A full path from another machine names its directories: sharing only the file name with a tree file
        // (`…/grpc@v1.60.0/server.go`) is a coincidence, unless that file sits at the tree's root.
        let absolute = value.hasPrefix("/") || (value.count >= 2 && value.dropFirst().first == ":")
        return best(
            byName[last] ?? [], parts, module: false, minimum: absolute && parts.count >= 3 ? 2 : 1, cutHead: cutHead)
    }

    /// The rest of a component that starts with an ellipsis (`...s` → `s`, `…` → ``), nil for any other.
    private static func afterEllipsis(_ component: String) -> String? {
        if component.hasPrefix("...") { return String(component.dropFirst(3)) }
        if component.hasPrefix("…") { return String(component.dropFirst()) }
        return nil
    }

    /// Installed packages and standard libraries: `…/site-packages/…`, Go's module cache `…/pkg/mod/…` and
    /// `GOROOT/src/net/http/…` (a GOPATH project's `go/src/github.com/…` is not), Ruby gems
    /// `…/gems/rack-3.0.8/…`, `/usr/lib/python3.12/…`, `/usr/lib/ruby/3.2.0/…`.
    private static func isDependency(_ parts: [String]) -> Bool {
        if parts.contains(where: { dependencyDirectories.contains($0) }) { return true }
        for (i, part) in parts.enumerated().dropLast() {
            let next = parts[i + 1]
            switch part {
            case "pkg" where next == "mod": return true
            case "go" where next == "src" && i + 2 < parts.count - 1 && !parts[i + 2].contains("."): return true
            case "gems" where next.contains(where: \.isNumber) && next.contains("-"): return true
            case "lib" where next.hasPrefix("python") || next == "ruby": return true
            default: continue
            }
        }
        return false
    }

    /// The candidate sharing the most trailing components with `wanted`, at least `minimum` or its whole path;
    /// among equals, the one whose whole path is matched (the tree's `shop/api/x.py` over
    /// `legacy/shop/api/x.py` for `shop/api/x.py`).
    /// `cutHead` is the visible end of the directory before `wanted` in a left-cut path: a candidate whose next
    /// directory ends with it shares one more component.
    private func best(
        _ candidates: [Int32], _ wanted: [String], module: Bool, minimum: Int = 1, cutHead: String? = nil
    ) -> Int? {
        var bestCount = 0
        var winners: [(file: Int32, length: Int)] = []
        for candidate in candidates {
            var mine = components[Int(candidate)]
            if module, let name = mine.last {
                if Self.packageFiles.contains(name) {
                    mine.removeLast()
                } else if let dot = name.lastIndex(of: ".") {
                    mine[mine.count - 1] = String(name[..<dot])
                }
            }
            var shared = 0
            while shared < mine.count, shared < wanted.count, mine[mine.count - 1 - shared] == wanted[wanted.count - 1 - shared] {
                shared += 1
            }
            if shared == wanted.count, shared < mine.count, let cutHead, mine[mine.count - 1 - shared].hasSuffix(cutHead) {
                shared += 1
            }
            guard shared >= minimum || (shared > 0 && shared == mine.count) else { continue }
            if shared > bestCount {
                bestCount = shared
                winners = [(candidate, mine.count)]
            } else if shared == bestCount {
                winners.append((candidate, mine.count))
            }
        }
        if winners.count == 1 { return Int(winners[0].file) }
        // a module's package and plain file (`payments/__init__.py` and `payments.py`) or two copies: only a
        // candidate matched over its whole path stands out
        let whole = winners.filter { $0.length == bestCount }
        return whole.count == 1 ? Int(whole[0].file) : nil
    }
}
