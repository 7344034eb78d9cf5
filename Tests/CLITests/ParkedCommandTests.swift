import Foundation
import LocalStack
import Postgres
import Streaming
import TestSupport
import Testing

/// `orderflow parked` through the built binary, on service databases with the runtime's tables and a
/// key parked the way the consume loop parks one (held, out of attempts, with one message behind it).
@Suite(.serialized) struct ParkedCommandTests {
    @Test(.timeLimit(.minutes(2)))
    func listRetryAndDropAParkedKey() async throws {
        let admin = try PostgresConfiguration(url: try #require(ProcessInfo.processInfo.environment["ORDERFLOW_TEST_DATABASE_URL"],
                                                                  "run the tests through scripts/with-postgres.sh"))
        let prefix = uniqueName("parked") + "_"
        let stack = StackDatabases(admin: admin, prefix: prefix)
        try await stack.createAll()
        do {
            try await checkCommands(stack, admin: admin, prefix: prefix)
            try await stack.dropAll()
        } catch {
            try? await stack.dropAll()
            throw error
        }
    }

    private func checkCommands(_ stack: StackDatabases, admin: PostgresConfiguration, prefix: String) async throws {
        let key = UUID().uuidString.lowercased()
        try await withConnection(to: stack.configuration(of: .order), logger: QuietLogger.make("test")) { connection in
            try await RuntimeMigrations.migrate(connection, service: [])
            for (offset, held) in [(Int64(4), true), (Int64(9), false)] {
                try await connection.execute(
                    """
                    INSERT INTO parked_messages (consumer_group, message_key, topic, kafka_partition, kafka_offset, value, headers,
                                                 attempts, next_attempt_at, held, error_class, last_error)
                    VALUES ('order-service', convert_to($1, 'UTF8'), 'payments', 0, $2, '\\x7b7d', '[]', $3, now(), $4, 'transient', 'busy')
                    """,
                    [.text(key), .int64(offset), .int(held ? 8 : 0), .bool(held)])
            }
        }
        var runner = try DevCommandRunner.make()
        runner.environment["DATABASE_URL"] = admin.url
        let common = ["--service", "order", "--database-prefix", prefix]

        let listed = try await runner.run(["parked", "list"] + common)
        #expect(listed.status == 0, "\(listed.stderr)")
        let line = try #require(listed.stdout.split(separator: "\n").first { $0.contains(key) }, "\(listed.stdout)")
        #expect(line.hasPrefix("order") && line.contains(" 2 ") && line.contains("held") && line.contains("transient: busy"), "\(line)")
        let json = try await runner.run(["parked", "list", "--json"] + common)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["key"] as? String == key && object?["messages"] as? Int == 2 && object?["held"] as? Bool == true)

        let unconfirmed = try await runner.run(["parked", "drop", key] + common)
        #expect(unconfirmed.status == 64 && unconfirmed.stderr.contains("--yes"), "\(unconfirmed.stderr)")

        let retried = try await runner.run(["parked", "retry", key] + common)
        #expect(retried.status == 0 && retried.stdout.contains("2 parked message(s)"), "\(retried.stderr)")
        let afterRetry = try await runner.run(["parked", "list", "--json"] + common)
        #expect(afterRetry.stdout.contains("\"held\":false") && afterRetry.stdout.contains("\"attempts\":0"), "\(afterRetry.stdout)")

        let dropped = try await runner.run(["parked", "drop", key, "--yes"] + common)
        #expect(dropped.status == 0 && dropped.stdout.contains("dropped 2"), "\(dropped.stderr)")
        let empty = try await runner.run(["parked", "list"] + common)
        #expect(empty.stdout.contains("no parked messages"), "\(empty.stdout)")
        let again = try await runner.run(["parked", "retry", key] + common)
        #expect(again.status != 0 && again.stderr.contains("no parked messages with key"), "\(again.stderr)")
    }
}
