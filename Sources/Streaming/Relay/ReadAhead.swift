import Postgres

/// The relay's reads, each issued as soon as the one before it has come back full: the server reads
/// the next batch while the relay hands the current one to the producer. The read ahead starts where
/// the current one ended and looks up the gaps as they were before the current one was taken in;
/// `RelayPosition` and `OutboxRead.checked` make that safe (nothing sent twice, no gap settled unseen).
struct ReadAhead {
    let connection: PostgresConnection
    let limit: Int
    let topicPrefix: String
    private var issued: Task<OutboxRead, any Error>?

    init(connection: PostgresConnection, limit: Int, topicPrefix: String) {
        self.connection = connection
        self.limit = limit
        self.topicPrefix = topicPrefix
    }

    /// The next read of `shards` from `position`: the one issued ahead, or one issued now. Call it
    /// before the position takes in the read it returns.
    mutating func next(at position: RelayPosition, shards: Set<Int>) async throws -> OutboxRead {
        let read: OutboxRead
        if let issued {
            self.issued = nil
            read = try await issued.value
        } else {
            read = try await OutboxRead.read(
                after: position.cursor, gaps: position.gaps, limit: limit, shards: shards, topicPrefix: topicPrefix,
                on: connection)
        }
        if read.next.count == limit, let last = read.next.last {
            let (gaps, limit, topicPrefix, connection) = (position.gaps, limit, topicPrefix, connection)
            issued = Task {
                try await OutboxRead.read(
                    after: last.id, gaps: gaps, limit: limit, shards: shards, topicPrefix: topicPrefix, on: connection)
            }
        }
        return read
    }

    /// Drops the read issued ahead: the shards or the position it was issued for no longer hold.
    mutating func discard() async {
        guard let issued else { return }
        self.issued = nil
        _ = try? await issued.value
    }
}
