import KafkaDevBroker
import Kafka

/// Faults of the embedded broker, through librdkafka's mock cluster API, in rounds: the broker down (its
/// listener and connections closed) for a few seconds; produce, fetch and offset-commit requests failing
/// with retriable errors; every response delayed. Every client must ride it out without losing anything.
struct BrokerFaults: FaultInjector {
    let plan: FaultScenarioPlan
    /// The embedded cluster has one broker, id 1.
    static let brokerID: Int32 = 1

    /// Kafka API keys and the retriable errors their requests get.
    enum Request: Int16, CaseIterable {
        case produce = 0
        case fetch = 1
        case offsetCommit = 8

        /// NOT_LEADER_OR_FOLLOWER (6), REQUEST_TIMED_OUT (7), NOT_ENOUGH_REPLICAS (19),
        /// COORDINATOR_LOAD_IN_PROGRESS (14), COORDINATOR_NOT_AVAILABLE (15), NOT_COORDINATOR (16).
        var errors: [Int32] {
            switch self {
            case .produce: [6, 7, 19]
            case .fetch: [6, 7]
            case .offsetCommit: [14, 15, 16]
            }
        }

        var name: String {
            switch self {
            case .produce: "Produce"
            case .fetch: "Fetch"
            case .offsetCommit: "OffsetCommit"
            }
        }
    }

    /// Failures pushed per request kind and round.
    static let errorsPerRound = 30
    static let slowResponse: Duration = .milliseconds(400)

    func inject(into stack: FaultScenarioStack, log: FaultLog) async throws(FaultRunError) {
        let broker = stack.broker
        for _ in 0..<plan.faultRounds {
            await pause(plan.faultInterval)
            try down(broker, log)
            await pause(plan.faultDuration)
            try up(broker, log)

            await pause(plan.faultInterval)
            for request in Request.allCases {
                let errors = (0..<Self.errorsPerRound).map { request.errors[$0 % request.errors.count] }
                broker.pushRequestErrors(apiKey: request.rawValue, errors: errors)
                log.record("next \(errors.count) \(request.name) requests fail (errors \(request.errors.map(String.init).joined(separator: ", ")))")
            }
            log.cleared()

            await pause(plan.faultInterval)
            try slow(broker, Self.slowResponse, log)
            await pause(plan.faultDuration)
            try slow(broker, .zero, log)
            log.cleared()
        }
        for request in Request.allCases { broker.clearRequestErrors(apiKey: request.rawValue) }
    }

    private func down(_ broker: DevBroker, _ log: FaultLog) throws(FaultRunError) {
        do { try broker.setBrokerDown(Self.brokerID) } catch { throw .injection("setting the broker down: \(error)") }
        log.record("broker down")
    }

    private func up(_ broker: DevBroker, _ log: FaultLog) throws(FaultRunError) {
        do { try broker.setBrokerUp(Self.brokerID) } catch { throw .injection("setting the broker up: \(error)") }
        log.record("broker up")
        log.cleared()
    }

    private func slow(_ broker: DevBroker, _ rtt: Duration, _ log: FaultLog) throws(FaultRunError) {
        do { try broker.setRoundTripTime(Self.brokerID, rtt) } catch { throw .injection("setting the round trip time: \(error)") }
        log.record(rtt == .zero ? "responses back to normal speed" : "every response delayed by \(FaultFormat.milliseconds(rtt))")
    }
}
