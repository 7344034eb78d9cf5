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
        for (letter, first) in zip(letters, results) {
            var result = first
            if case .failure(let error) = first, error.name == "MSG_SIZE_TOO_LARGE" {
                // A value too large for the dead-letter topic would otherwise block its partition for
                // good; the dead letter goes without its value, saying so, and the original stays
                // readable at its recorded position until retention removes it.
                logger.error("dead letter too large for its topic; publishing it without the value", metadata: [
                    "topic": "\(letter.message.topic)", "partition": "\(letter.message.partition)",
                    "offset": "\(letter.message.offset)", "bytes": "\(letter.message.value?.count ?? 0)",
                ])
                result = await producer.send([letter.recordWithoutValue])[0]
            }
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
