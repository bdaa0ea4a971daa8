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

    /// Path components that mark code that is not the project's own.
    static let dependencyDirectories: Set<String> = [
        "site-packages", "dist-packages", "node_modules", ".venv", "venv", "vendor", "__pypackages__",
        "bower_components", ".tox",
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
        var text = Substring(path).trimmingWhitespace()
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
        guard let last = parts.last else { return nil }
        if parts.contains(where: { Self.dependencyDirectories.contains($0) }) { return nil }
        // `/usr/lib/python3.12/logging/__init__.py`: the standard library
        if let lib = parts.firstIndex(of: "lib"), lib + 1 < parts.count, parts[lib + 1].hasPrefix("python") { return nil }

        if !hasSlash, SourceLanguage(fileName: last[...]) == nil, CodeEvidence.sourceExtensions.allSatisfy({ !last.hasSuffix("." + $0) }) {
            // a dotted module or class name
            let names = last.split(separator: ".").map(String.init)
            guard let leaf = names.last, !leaf.isEmpty else { return nil }
            return best(byModule[leaf] ?? [], names, module: true)
        }
        parts[parts.count - 1] = last
        return best(byName[last] ?? [], parts, module: false)
    }

    /// The candidate sharing the most trailing components with `wanted`; among equals, the one whose whole
    /// path is matched (the tree's `shop/api/x.py` over `legacy/shop/api/x.py` for `shop/api/x.py`).
    private func best(_ candidates: [Int32], _ wanted: [String], module: Bool) -> Int? {
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
            guard shared > 0 else { continue }
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

extension Substring {
    func trimmingWhitespace() -> Substring {
        let start = drop { $0.isWhitespace }
        return start[..<(start.lastIndex { !$0.isWhitespace }.map { start.index(after: $0) } ?? start.startIndex)]
    }
}
