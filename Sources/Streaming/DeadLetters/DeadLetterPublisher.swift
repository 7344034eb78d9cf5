import Kafka
import Logging

/// Produces dead letters and waits for the broker to acknowledge each one: the consume loop stores a
/// dead-lettered message's offset only after its dead letter is safely on the dead-letter topic.
public struct DeadLetterPublisher: Sendable {
    let producer: KafkaProducer
    let logger: Logger

    public init(producer: KafkaProducer, logger: Logger) {
        self.producer = producer
        self.logger = logger
    }

    /// Sends every letter. When some are not delivered the error carries just those, so a retry sends
    /// them alone: the delivered ones are already on the dead-letter topic and must not go there twice.
    public func publish(_ letters: [DeadLetter]) async throws(DeadLetterPublishError) {
        guard !letters.isEmpty else { return }
        let results = await producer.send(letters.map(\.record))
        var undelivered: [DeadLetter] = []
        var firstError: KafkaError?
        for (letter, first) in zip(letters, results) {
            switch await withOversizedFallback(letter, first) {
            case .success(let report):
                logDelivered(letter, report)
            case .failure(let error):
                undelivered.append(letter)
                firstError = firstError ?? error
            }
        }
        if let firstError { throw DeadLetterPublishError(undelivered: undelivered, firstError: firstError) }
    }

    private func withOversizedFallback(
        _ letter: DeadLetter, _ result: Result<DeliveryReport, KafkaError>
    ) async -> Result<DeliveryReport, KafkaError> {
        guard case .failure(let error) = result, error.name == "MSG_SIZE_TOO_LARGE" else { return result }
        // A value too large for the dead-letter topic would otherwise block its partition for good; the
        // dead letter goes without its value, saying so, and the original stays readable at its recorded
        // position until retention removes it.
        logger.error("dead letter too large for its topic; publishing it without the value", metadata: [
            "topic": "\(letter.message.topic)", "partition": "\(letter.message.partition)",
            "offset": "\(letter.message.offset)", "bytes": "\(letter.message.value?.count ?? 0)",
        ])
        return await producer.send([letter.recordWithoutValue]).first ?? result
    }

    private func logDelivered(_ letter: DeadLetter, _ report: DeliveryReport) {
        var log = logger
        log[metadataKey: "topic"] = "\(letter.message.topic)"
        log[metadataKey: "partition"] = "\(letter.message.partition)"
        log[metadataKey: "offset"] = "\(letter.message.offset)"
        log.warning("dead-lettered message", metadata: [
            "error_class": "\(letter.errorClass)", "error": "\(letter.errorMessage)",
            "attempts": "\(letter.attempts)", "dlq_topic": "\(report.topic)", "dlq_offset": "\(report.offset)",
        ])
    }
}

/// Some dead letters were not delivered: `undelivered` (in the order given) still need sending.
public struct DeadLetterPublishError: Error, Sendable, CustomStringConvertible {
    public var undelivered: [DeadLetter]
    /// The first delivery failure, for the log.
    public var firstError: KafkaError

    public var description: String {
        "\(undelivered.count) dead letter(s) not delivered; first failure: \(firstError)"
    }
}
