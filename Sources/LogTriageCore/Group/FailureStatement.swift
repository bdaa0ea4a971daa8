extension LogRecord {
    /// Whether a record that states no level says in its own words that something failed (`tar: write error: No space
    /// left on device`, `export FAILED (exit 2)`, `container exited with code 139`). Plain stderr, shell scripts
    /// and tools' own lines print no level; their failures are problems all the same. A record with a level keeps
    /// the level it prints: it said what it meant.
    ///
    /// Only the first line speaks for the record: a banner or a listing under it (a worker's task names) says
    /// nothing about failure.
    public var statesFailure: Bool {
        guard level == nil else { return false }
        if let found = message.utf8.withContiguousStorageIfAvailable({ FailureStatement.inFirstLine($0) }) { return found }
        var copy = message
        return copy.withUTF8 { FailureStatement.inFirstLine($0) }
    }
}

/// The words every stack uses to say an operation failed, matched at the start of a word, ignoring case.
enum FailureStatement {
    private static let stems: [[UInt8]] = [
        "error", "fail", "fatal", "denied", "refused", "unable", "cannot", "can't", "could not", "exception", "panic",
        "abort", "killed", "timed out", "no space", "segmentation fault",
    ].map { Array($0.utf8) }

    /// `exited with code N` (N not 0), `exit status N`, `(exit N)`: a process that ended badly.
    private static let exitPhrases: [[UInt8]] = ["exited with code ", "exit status ", "exit code ", "(exit "].map { Array($0.utf8) }

    static func inFirstLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = bytes.firstIndex(of: 0x0A) ?? bytes.count
        return inText(UnsafeBufferPointer(rebasing: bytes[..<end]))
    }

    static func inText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in bytes.indices where index == 0 || !bytes[index - 1].isASCIILetter {
            let byte = bytes[index].isASCIIUpper ? bytes[index] | 0x20 : bytes[index]
            for stem in stems where stem[0] == byte && matchesFolded(bytes, index, stem) { return true }
            if exit(bytes, at: index, byte) { return true }
        }
        return false
    }

    /// A process that ended badly, as the one that watched it says (`exited: worker (exit status 1; not expected)`):
    /// the supervisor's level is its own, the exit the child's failure.
    static func reportsNonzeroExit(_ message: String) -> Bool {
        var copy = message
        return copy.withUTF8 { bytes in
            let end = bytes.firstIndex(of: 0x0A) ?? bytes.count
            for index in 0..<end where index == 0 || !bytes[index - 1].isASCIILetter {
                let byte = bytes[index].isASCIIUpper ? bytes[index] | 0x20 : bytes[index]
                if exit(UnsafeBufferPointer(rebasing: bytes[..<end]), at: index, byte) { return true }
            }
            return false
        }
    }

    private static func exit(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ byte: UInt8) -> Bool {
        for phrase in exitPhrases where phrase[0] == byte && matchesFolded(bytes, index, phrase) {
            let digit = index + phrase.count
            if digit < bytes.count, bytes[digit] >= UInt8(ascii: "1"), bytes[digit] <= UInt8(ascii: "9") { return true }
        }
        return false
    }

    private static func matchesFolded(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ literal: [UInt8]) -> Bool {
        guard start + literal.count <= bytes.count else { return false }
        for offset in 0..<literal.count {
            let byte = bytes[start + offset]
            let folded = byte.isASCIIUpper ? byte | 0x20 : byte
            if folded != literal[offset] { return false }
        }
        return true
    }
}
