extension Set<String> {
    /// Whether the set of lower-case keys holds `key` in any ASCII case; allocates only for a key with capitals.
    func containsLowercased(_ key: String) -> Bool {
        if key.utf8.contains(where: \.isASCIIUpper) { return contains(key.lowercased()) }
        return contains(key)
    }
}
