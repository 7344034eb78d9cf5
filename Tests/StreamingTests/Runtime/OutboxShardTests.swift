import Streaming
import Testing

/// Shards must agree between every writer and relay, across processes and releases.
@Suite struct OutboxShardTests {
    @Test func shardsAreFNV1aOfTheKey() {
        // FNV-1a 32-bit: "" = 0x811c9dc5, "a" = 0xe40c292c, "foobar" = 0xbf9cf968.
        #expect(OutboxShard.of(key: [], shards: 1 << 16) == 0x9dc5)
        #expect(OutboxShard.of(key: Array("a".utf8), shards: 16) == 0xc)
        #expect(OutboxShard.of(key: Array("foobar".utf8), shards: 1 << 16) == 0xf968)
    }

    @Test func aNonPositiveShardCountMeansOneShard() {
        #expect(OutboxShard.of(key: Array("a".utf8), shards: 0) == 0)
        #expect(OutboxShard.of(key: Array("a".utf8), shards: -3) == 0)
    }
}
