import Foundation
import Logging
import Testing

@testable import Streaming

@Suite("JSONLogHandler")
struct JSONLogHandlerTests {
    private func logger(_ capture: LineCapture, level: Logger.Level = .info) -> Logger {
        var handler = JSONLogHandler(label: "payments.consumer", service: "payment-service", output: capture.output)
        handler.logLevel = level
        return Logger(label: "payments.consumer", factory: { _ in handler })
    }

    @Test func eachLineIsOneJSONObjectWithTheFixedFields() throws {
        let capture = LineCapture()
        let log = logger(capture)
        log.info("payment authorized")
        log.warning("second")

        #expect(capture.captured.count == 2)
        for line in capture.captured {
            #expect(line.hasSuffix("}\n"))
            #expect(line.dropLast().contains("\n") == false)
        }
        let first = try #require(try capture.objects().first)
        #expect(first["level"] as? String == "info")
        #expect(first["service"] as? String == "payment-service")
        #expect(first["logger"] as? String == "payments.consumer")
        #expect(first["message"] as? String == "payment authorized")
        let ts = try #require(first["ts"] as? String)
        #expect(ts.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(ts)")
        #expect(capture.captured[0].hasPrefix("{\"ts\":"))
    }

    @Test func metadataIsFlattenedIntoTheObject() throws {
        let capture = LineCapture()
        var log = logger(capture)
        log[metadataKey: "correlation_id"] = "c-1"
        log.error("handler failed", metadata: [
            "event_id": "e-42",
            "event_type": "PaymentAuthorized",
            "topic": "payments",
            "partition": .stringConvertible(Int32(3)),
            "offset": .stringConvertible(Int64(1234)),
            "redelivered": .stringConvertible(true),
            "error": "database unavailable",
            "tags": ["a", "b"],
            "context": ["attempt": "2"],
        ])
        let object = try #require(try capture.objects().first)
        #expect(object["correlation_id"] as? String == "c-1")
        #expect(object["event_id"] as? String == "e-42")
        #expect(object["event_type"] as? String == "PaymentAuthorized")
        #expect(object["topic"] as? String == "payments")
        #expect((object["partition"] as? NSNumber)?.intValue == 3)
        #expect((object["offset"] as? NSNumber)?.int64Value == 1234)
        #expect(object["redelivered"] as? Bool == true)
        #expect(object["error"] as? String == "database unavailable")
        #expect(object["tags"] as? [String] == ["a", "b"])
        #expect((object["context"] as? [String: String]) == ["attempt": "2"])
        #expect(object["level"] as? String == "error")
    }

    @Test func awkwardTextStaysValidJSON() throws {
        let capture = LineCapture()
        let log = logger(capture)
        let message = "quote \" backslash \\ newline \n tab \t bell \u{07} emoji 📦"
        log.info("\(message)", metadata: ["message": "shadow", "raw": "\u{01}"])
        let object = try #require(try capture.objects().first)
        #expect(object["message"] as? String == message)
        #expect(object["metadata.message"] as? String == "shadow")
        #expect(object["raw"] as? String == "\u{01}")
        #expect(capture.captured[0].filter { $0 == "\n" }.count == 1)
    }

    @Test func levelBelowThresholdIsNotWritten() {
        let capture = LineCapture()
        let log = logger(capture, level: .warning)
        log.info("quiet")
        log.debug("quieter")
        log.error("loud")
        #expect(capture.captured.count == 1)
    }

    @Test func timestampFormatIsRFC3339WithMilliseconds() {
        #expect(LogTimestamp.format(secondsSinceEpoch: 0, milliseconds: 7) == "1970-01-01T00:00:00.007Z")
        #expect(LogTimestamp.format(secondsSinceEpoch: 1_795_000_000, milliseconds: 123) == "2026-11-18T11:06:40.123Z")
    }

    /// The second call must neither trap (swift-log's own bootstrap would) nor replace the first setup.
    @Test func bootstrapTwiceIsHarmless() {
        bootstrapLogging(service: "test-service", format: .json, level: .critical)
        let levelAfterFirst = Logger(label: "after-first").logLevel
        bootstrapLogging(service: "test-service", format: .text, level: .trace)
        #expect(Logger(label: "after-second").logLevel == levelAfterFirst)
    }
}
