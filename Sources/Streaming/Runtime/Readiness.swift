import Kafka
import Postgres

enum Readiness {
    static func checks(producer: KafkaProducer, database: DatabaseSession, rebalances: RebalanceTracker) -> [ReadinessCheck] {
        [
            ReadinessCheck(name: "kafka") { try await producer.checkConnection(timeout: .seconds(2)) },
            Readiness.database(database),
            ReadinessCheck(name: "assignment") {
                guard rebalances.hasJoined else { throw ReadinessFailure("not yet a member of the consumer group") }
            },
        ]
    }
}

extension Readiness {
    static func database(_ session: DatabaseSession) -> ReadinessCheck {
        ReadinessCheck(name: "database") {
            do {
                _ = try await session.connection().query("SELECT 1")
            } catch {
                await session.reset()
                throw error
            }
        }
    }
}

struct ReadinessFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
