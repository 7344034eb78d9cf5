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

    public func publish(_ letters: [DeadLetter]) async throws(KafkaError) {
        guard !letters.isEmpty else { return }
        let results = await producer.send(letters.map(\.record))
        for (letter, result) in zip(letters, results) {
            switch result {
            case .success(let report):
                var log = logger
                log[metadataKey: "topic"] = "\(letter.message.topic)"
                log[metadataKey: "partition"] = "\(letter.message.partition)"
                log[metadataKey: "offset"] = "\(letter.message.offset)"
                log.warning("dead-lettered message", metadata: [
                    "error_class": "\(letter.errorClass)", "error": "\(letter.errorMessage)",
                    "attempts": "\(letter.attempts)", "dlq_topic": "\(report.topic)", "dlq_offset": "\(report.offset)",
                ])
            case .failure(let error):
                throw error
            }
        }
    }
}
