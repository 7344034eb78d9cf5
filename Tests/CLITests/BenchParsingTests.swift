@testable import Bench
import Testing

/// Reading pgbench's output and the relay workload's event ids.
struct BenchParsingTests {
    @Test func pgbenchOutputGivesTPSAndTransactions() throws {
        let output = """
            transaction type: /tmp/x.sql
            number of clients: 1
            number of transactions per client: 500
            number of transactions actually processed: 500/500
            number of failed transactions: 0 (0.000%)
            latency average = 2.418 ms
            initial connection time = 3.105 ms
            tps = 413.552193 (without initial connection time)
            """
        let outcome = try Pgbench.parse(output)
        #expect(outcome.tps == 413.552193)
        #expect(outcome.transactions == 500)
        #expect(outcome.latencyMilliseconds == 2.418)
    }

    @Test func pgbenchOutputWithoutTPSIsAnError() {
        #expect(throws: BenchError.self) { try Pgbench.parse("connection to server failed") }
    }

    @Test func relayEventIDsCarryKeyAndSequence() throws {
        let decoded = try #require(RelayWorkload.decode(eventID: "0000002a-0000-4000-8000-00000000000b"))
        #expect(decoded.key == 42)
        #expect(decoded.sequence == 11)
        #expect(RelayWorkload.decode(eventID: "not-an-id") == nil)
    }

    @Test func relayKeysAreStableAndDistinct() {
        let keys = RelayWorkload.keys(500)
        #expect(keys == RelayWorkload.keys(500))
        #expect(Set(keys).count == 500)
    }
}
