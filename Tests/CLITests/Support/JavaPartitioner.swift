/// The partition the Java client's default partitioner (and librdkafka's `murmur2_random`) gives a
/// keyed record: murmur2 of the key bytes, sign bit cleared, modulo the partition count. Written out
/// here from the Java client's definition so tests check the CLI against it, not against itself.
enum JavaPartitioner {
    static func murmur2(_ data: [UInt8]) -> Int32 {
        let seed: UInt32 = 0x9747_b28c
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = data.count
        var h = seed ^ UInt32(truncatingIfNeeded: length)
        for block in 0..<(length / 4) {
            let i = block * 4
            var k = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = length & ~3
        switch length % 4 {
        case 3:
            h ^= UInt32(data[tail + 2]) << 16
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 2:
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 1:
            h ^= UInt32(data[tail])
            h = h &* m
        default:
            break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    static func partition(of key: String, partitions: Int32) -> Int32 {
        (murmur2(Array(key.utf8)) & 0x7fff_ffff) % partitions
    }
}
