import Postgres
import Testing

/// LISTEN/NOTIFY: notifications from other sessions arrive on the stream; stop() ends it.
@Suite struct ListenerTests {
    @Test func receivesNotificationsFromAnotherConnection() async throws {
        try await TestDatabase.withScratchSchema("listen") { configuration async throws in
            let listener = try await PostgresListener.start(configuration, channels: ["outbox", "Other Channel"])
            let sender = try await PostgresConnection.connect(configuration)
            try await sender.notify(channel: "outbox", payload: "shard-3")
            try await sender.execute("SELECT pg_notify($1, $2)", ["Other Channel", "ünïcode payload"])
            try await sender.notify(channel: "not-listened", payload: "ignored")

            var received: [PostgresNotification] = []
            for await notification in listener.notifications {
                received.append(notification)
                if received.count == 2 { break }
            }
            #expect(received.map(\.channel) == ["outbox", "Other Channel"])
            #expect(received.map(\.payload) == ["shard-3", "ünïcode payload"])
            #expect(received.allSatisfy { $0.pid == sender.backendPID })

            await listener.stop()
            #expect(listener.failure == nil)
            await sender.close()
        }
    }

    @Test func stopEndsTheStream() async throws {
        try await TestDatabase.withScratchSchema("listen_stop") { configuration async throws in
            let listener = try await PostgresListener.start(configuration, channels: ["quiet"])
            let drained = Task {
                var count = 0
                for await _ in listener.notifications { count += 1 }
                return count
            }
            try await Task.sleep(for: .milliseconds(50))
            let clock = ContinuousClock()
            let elapsed = await clock.measure { await listener.stop() }
            #expect(await drained.value == 0)
            #expect(elapsed < .seconds(2))
        }
    }

    @Test func lostConnectionEndsTheStreamWithAFailure() async throws {
        try await TestDatabase.withScratchSchema("listen_lost") { configuration async throws in
            let listener = try await PostgresListener.start(configuration, channels: ["events"])
            let admin = try await PostgresConnection.connect(configuration)
            try await admin.execute("SELECT pg_terminate_backend($1)", [listener.backendPID])
            for await _ in listener.notifications {}
            let failure = try #require(listener.failure)
            #expect(failure.kind == .connection)
            #expect(failure.isRetryable)
            await listener.stop()
            await admin.close()
        }
    }

    @Test func notificationsFromATransactionArriveOnlyIfItCommits() async throws {
        struct Abort: Error {}
        try await TestDatabase.withScratchSchema("listen_tx") { configuration async throws in
            let listener = try await PostgresListener.start(configuration, channels: ["tx_channel"])
            let sender = try await PostgresConnection.connect(configuration)
            try? await sender.transaction { transaction in
                try await transaction.notify(channel: "tx_channel", payload: "rolled back")
                throw Abort()
            }
            try await sender.transaction { transaction in
                try await transaction.notify(channel: "tx_channel", payload: "committed")
            }
            var iterator = listener.notifications.makeAsyncIterator()
            #expect(await iterator.next()?.payload == "committed")
            await listener.stop()
            #expect(await iterator.next() == nil)
            await sender.close()
        }
    }
}
