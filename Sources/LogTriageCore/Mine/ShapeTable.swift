#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Masked shapes already seen → their template: the miner's fast path. Most lines of a log
/// repeat a shape with fresh values, so most lines cost one hash and one compare here.
///
/// Open addressing over one byte arena: no allocation per lookup.
struct ShapeTable {
    struct Entry {
        var hash: UInt64
        var keyStart: Int
        var keyLength: Int
        var template: Int32
    }

    private(set) var entries: [Entry] = []
    private var arena: [UInt8] = []
    private var slots = [Int32](repeating: -1, count: 1 << 12)

    var count: Int { entries.count }

    func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            let entry = entries[index]
            if entry.hash == hash, entry.keyLength == key.count, equalsArena(entry.keyStart, key) { return index }
            slot = (slot + 1) & mask
        }
    }

    private func equalsArena(_ start: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            guard let base = key.baseAddress else { return true }
            return memcmp(arena.baseAddress! + start, base, key.count) == 0
        }
    }

    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, template: Int32) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        let index = entries.count
        entries.append(Entry(hash: hash, keyStart: arena.count, keyLength: key.count, template: template))
        arena.append(contentsOf: key)
        place(index, hash: hash)
    }

    mutating func setTemplate(_ index: Int, _ template: Int32) { entries[index].template = template }

    private mutating func place(_ index: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (index, entry) in entries.enumerated() { place(index, hash: entry.hash) }
    }
}
