#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The values one placeholder took, in bounded memory: the most frequent values (space-saving
/// counters, Metwally et al. 2005) and the number of distinct values (HyperLogLog, 256 registers,
/// about 6% error; exact-ish below a few hundred through linear counting).
public struct ValueSummary: Sendable {
    public struct Entry: Sendable, Hashable {
        public var value: String
        public var count: Int
    }

    static let capacity = 8
    public private(set) var total = 0
    private var hashes: [UInt64] = []
    private var counts: [Int] = []
    private var values: [String] = []
    private var registers = [UInt8](repeating: 0, count: 256)

    public init() {}

    public mutating func add(_ value: String) {
        var value = value
        value.withUTF8 { add($0) }
    }

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, count: Int = 1) {
        let hash = Hashing.fnv1a(bytes)
        total += count
        addToSketch(hash)
        if let i = hashes.firstIndex(of: hash) {
            counts[i] += count
            return
        }
        let value = String(decoding: bytes, as: UTF8.self)
        insert(hash: hash, value: value, count: count)
    }

    private mutating func insert(hash: UInt64, value: String, count: Int) {
        if hashes.count < Self.capacity {
            hashes.append(hash)
            counts.append(count)
            values.append(value)
            return
        }
        // Replace the smallest counter; the newcomer inherits its count (the space-saving bound).
        var smallest = 0
        for i in 1..<counts.count where counts[i] < counts[smallest] { smallest = i }
        hashes[smallest] = hash
        values[smallest] = value
        counts[smallest] += count
    }

    private mutating func addToSketch(_ hash: UInt64) {
        // FNV's high bits are weak on short inputs: mix before taking the register index.
        var hash = hash
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        let index = Int(hash >> 56)
        let rank = UInt8((hash << 8 | 0x80).leadingZeroBitCount + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    public mutating func merge(_ other: ValueSummary) {
        total += other.total
        for i in 0..<256 where other.registers[i] > registers[i] { registers[i] = other.registers[i] }
        for i in other.hashes.indices {
            if let j = hashes.firstIndex(of: other.hashes[i]) {
                counts[j] += other.counts[i]
            } else {
                insert(hash: other.hashes[i], value: other.values[i], count: other.counts[i])
            }
        }
    }

    /// Most frequent first; ties by value, so output is deterministic.
    public var top: [Entry] {
        zip(values, counts).map { Entry(value: $0, count: $1) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }

    /// Estimated number of distinct values.
    public var distinct: Int {
        let m = 256.0
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1.0 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let raw = 0.7182725932495458 * m * m / sum  // alpha for m = 256
        let estimate = raw <= 2.5 * m && zeros > 0 ? m * log(m / Double(zeros)) : raw
        // never report fewer than the values we hold
        return max(Int(estimate.rounded()), values.count)
    }
}

enum Hashing {
    @inline(__always)
    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { fnv1a($0) }
    }
}
