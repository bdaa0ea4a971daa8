/// Decompresses the snappy block format (the body encoding of Loki's protobuf push): a varint of the
/// uncompressed length, then literals and back-references. Written from the format's published description;
/// every length and offset is checked, so a hostile body fails with an error instead of reading out of bounds.
enum Snappy {
    struct Malformed: Error {}

    static func decompress(_ input: [UInt8], limit: Int) throws -> [UInt8] {
        var position = 0
        var length = 0
        var shift = 0
        while true {
            guard position < input.count, shift <= 28 else { throw Malformed() }
            let byte = input[position]
            position += 1
            length |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard length <= limit else { throw IntakeError.tooLarge(limit) }
        var output: [UInt8] = []
        output.reserveCapacity(length)
        func take(_ count: Int) throws -> Int {
            guard position + count <= input.count else { throw Malformed() }
            var value = 0
            for index in 0..<count { value |= Int(input[position + index]) << (8 * index) }
            position += count
            return value
        }
        while position < input.count {
            let tag = input[position]
            position += 1
            switch tag & 0x03 {
            case 0:
                var count = Int(tag >> 2)
                if count >= 60 { count = try take(count - 59) }
                count += 1
                guard position + count <= input.count, output.count + count <= length else { throw Malformed() }
                output.append(contentsOf: input[position..<(position + count)])
                position += count
            case 1:
                let count = Int((tag >> 2) & 0x07) + 4
                let offset = Int(tag >> 5) << 8 | (try take(1))
                try copy(offset: offset, count: count)
            case 2:
                try copy(offset: try take(2), count: Int(tag >> 2) + 1)
            default:
                try copy(offset: try take(4), count: Int(tag >> 2) + 1)
            }
        }
        guard output.count == length else { throw Malformed() }
        return output

        func copy(offset: Int, count: Int) throws {
            guard offset > 0, offset <= output.count, output.count + count <= length else { throw Malformed() }
            // Byte by byte: a copy may overlap what it is writing (a run).
            let start = output.count - offset
            for index in 0..<count { output.append(output[start + index]) }
        }
    }
}
