import Events
import Foundation
import Kafka
import Streaming
import TestSupport
import Testing

/// Every kind of message that cannot be processed lands on the dead-letter topic at once, as the original
/// bytes (key, value, headers) plus the dead-letter headers, while good messages around it flow on.
@Suite(.serialized) struct DeadLetterClassTests {
    struct Case {
        var label: String
        var record: KafkaRecord
        var errorClass: String
    }

    /// Headers a producer might send, including bytes that are not UTF-8 and a null value.
    static let foreignHeaders = [
        KafkaHeader(key: "x-binary", value: [0x00, 0xFF, 0x80, 0x0A]),
        KafkaHeader(key: "x-null", value: nil),
        KafkaHeader(key: "x-repeated", string: "one"),
        KafkaHeader(key: "x-repeated", string: "two"),
    ]

    static let maxValueBytes = 4_000

    static func cases() throws -> [Case] {
        func sample(_ amount: Int64 = 1) throws -> TestEvents.Sample { try TestEvents.confirmed(amount: amount) }
        func record(_ sample: TestEvents.Sample, key: [UInt8]?? = .none, value: [UInt8]? = nil) -> KafkaRecord {
            var record = TestEvents.record(sample, extraHeaders: foreignHeaders)
            if case .some(let key) = key { record.key = key }
            if let value { record.value = value }
            return record
        }
        let unknownType = try sample()
        let unknownVersion = try sample()
        let invalidData = try sample()
        return [
            Case(label: "not JSON", record: record(try sample(), value: Array("{\"specversion\": \"1.0\", trunc".utf8)),
                 errorClass: "not_json"),
            Case(label: "not an envelope", record: record(try sample(), value: Array("{\"hello\":\"world\"}".utf8)),
                 errorClass: "not_envelope"),
            Case(label: "unknown type",
                 record: record(unknownType, value: try TestEvents.envelope(of: unknownType) { $0["type"] = "order.exploded" }),
                 errorClass: "unknown_type"),
            Case(label: "unknown version",
                 record: record(unknownVersion, value: try TestEvents.envelope(of: unknownVersion) { $0["schemaversion"] = 99 }),
                 errorClass: "unsupported_version"),
            Case(label: "schema-invalid data",
                 record: record(invalidData, value: try TestEvents.envelope(of: invalidData) { envelope in
                     var data = envelope["data"] as? [String: Any] ?? [:]
                     data["totalAmount"] = -5
                     envelope["data"] = data
                 }),
                 errorClass: "invalid_data"),
            Case(label: "empty value", record: record(try sample(), value: []), errorClass: "empty_value"),
            Case(label: "too large", record: record(try sample(), value: Array(repeating: 0x20, count: maxValueBytes + 1)),
                 errorClass: "too_large"),
            Case(label: "no key", record: record(try sample(), key: .some(nil)), errorClass: "missing_key"),
            Case(label: "key is not the subject", record: record(try sample(), key: .some(Array(UUID().uuidString.utf8))),
                 errorClass: "key_mismatch"),
            Case(label: "business rule", record: record(try sample(666)), errorClass: "customer_blocked"),
            Case(label: "handler bug", record: record(try sample(667)), errorClass: "handler_error"),
            Case(label: "failing statement", record: record(try sample(668)), errorClass: "database_error"),
        ]
    }

    struct HandlerBug: Error {}

    static let handlers = Ledger.handlers { event, _, context in
        switch event.data.totalAmount {
        case 666: throw HandlerError.permanent("customer is blocked", errorClass: "customer_blocked")
        case 667: throw HandlerBug()
        case 668: try await context.transaction.execute("SELECT 1 / 0")
        default: break
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func everyFailureClassIsDeadLetteredWithTheOriginalBytesAndAllHeaders() async throws {
        try await Harness.with { harness in
            let cases = try Self.cases()
            let good = try TestEvents.confirmed(amount: 7)
            let originals = try harness.reader(topic: TestEvents.topic)
            let deadLetters = try harness.reader(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic))
            let started = Date()
            try await harness.broker.send(cases.map(\.record) + [TestEvents.record(good)])
            let group = uniqueName("dlq")
            let loop = try harness.startLoop(group: group, handlers: Self.handlers) { $0.maxValueBytes = Self.maxValueBytes }

            let letters = try await deadLetters.read(count: cases.count)
            try await waitUntil("the good message processed") { try await Ledger.rows(in: harness.database) == 1 }
            try await loop.stop()
            let fetched = try await originals.read(count: cases.count + 1)
            let finished = Date()

            #expect(letters.count == cases.count)
            let byOrigin = Dictionary(fetched.map { ("\($0.partition)/\($0.offset)", $0) }, uniquingKeysWith: { first, _ in first })
            for testCase in cases {
                let letter = try #require(
                    letters.first { $0.headers.string(named: DeadLetterHeaders.errorClass) == testCase.errorClass },
                    "no dead letter of class \(testCase.errorClass) (\(testCase.label))")
                let record = try #require(DeadLetterRecord(letter))
                let origin = try #require(byOrigin["\(record.originalPartition ?? -1)/\(record.originalOffset ?? -1)"])
                // The original message, byte for byte.
                #expect(letter.key == testCase.record.key, "\(testCase.label)")
                #expect(letter.value == testCase.record.value, "\(testCase.label)")
                #expect(letter.key == origin.key && letter.value == origin.value, "\(testCase.label)")
                #expect(Array(letter.headers.prefix(testCase.record.headers.count)) == testCase.record.headers, "\(testCase.label)")
                #expect(record.originalHeaders == testCase.record.headers, "\(testCase.label)")
                // Where it came from and why it failed.
                #expect(Set(letter.headers.map(\.key)).isSuperset(of: DeadLetterHeaders.all), "\(testCase.label)")
                #expect(record.originalTopic == TestEvents.topic)
                #expect(record.originalPartition == origin.partition)
                #expect(record.originalOffset == origin.offset)
                let originalMillis = origin.timestamp.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
                #expect(letter.headers.string(named: DeadLetterHeaders.originalTimestamp).flatMap { Int64($0) } == originalMillis)
                #expect(record.consumerGroup == group)
                #expect(record.errorClass == testCase.errorClass)
                #expect(!record.errorMessage.isEmpty, "\(testCase.label)")
                #expect(record.attempts == 1, "\(testCase.label)")
                let failedAt = try #require(record.failedAt, "\(testCase.label)")
                #expect(failedAt >= started.addingTimeInterval(-1) && failedAt <= finished.addingTimeInterval(1))
            }
            #expect(try await harness.database.count("SELECT count(*) FROM processed_events") == 1)
            #expect(loop.metrics.total(MetricNames.deadLetters) == Double(cases.count))
        }
    }
}
