import Events
import Foundation
import Kafka
import Tracing

/// The spans of one batch, when tracing is on: a consumer span per event (`process <topic>`, after the
/// OpenTelemetry messaging conventions), child of the span that caused the event (its `traceparent`).
/// The event's outside calls run under it, the events its handler emits carry its trace context, and it
/// ends with the message's outcome. Made once per batch and read-only after, so the batch's tasks share
/// it through a task-local value.
final class BatchSpans: Sendable {
    @TaskLocal static var current: BatchSpans?

    private let spans: [UUID: any Span]

    private init(spans: [UUID: any Span]) { self.spans = spans }

    /// Nil when tracing is off.
    static func start(_ batch: [KafkaMessage], _ prepared: [PreparedMessage], group: String) -> BatchSpans? {
        guard ProcessTracing.isOn else { return nil }
        let tracer = InstrumentationSystem.tracer
        var spans: [UUID: any Span] = [:]
        for (message, preparation) in zip(batch, prepared) {
            guard case .event(let event, _, _) = preparation, spans[event.metadata.id] == nil else { continue }
            let span = tracer.startSpan(
                "process \(message.topic)", context: TraceParent.context(event.metadata.traceparent), ofKind: .consumer)
            span.attributes = MessagingAttributes.process(message, event.metadata, group: group)
            spans[event.metadata.id] = span
        }
        return BatchSpans(spans: spans)
    }

    func context(of event: UUID) -> ServiceContext? { spans[event]?.context }

    /// What the events caused by `event` carry: its span's context.
    func traceparent(of event: UUID) -> String? { spans[event].flatMap { TraceParent.of($0.context) } }

    /// A span under the event's span around `body` (the handler's share of the transaction, the
    /// outbox write); `body` alone when the event has no span.
    func within<T>(_ name: String, of event: UUID, attributes: SpanAttributes = [:], _ body: () async throws -> T) async throws -> T {
        guard let parent = spans[event] else { return try await body() }
        let span = InstrumentationSystem.tracer.startSpan(name, context: parent.context, ofKind: .internal)
        span.attributes = attributes
        defer { span.end() }
        do {
            return try await body()
        } catch {
            span.fail(with: error)
            throw error
        }
    }

    /// Ends every span with its message's outcome.
    func end(_ batch: [KafkaMessage], _ prepared: [PreparedMessage], _ outcomes: [MessageOutcome]?) {
        var ended = Set<UUID>()
        for (index, preparation) in prepared.enumerated() {
            guard case .event(let event, _, _) = preparation, let span = spans[event.metadata.id],
                  ended.insert(event.metadata.id).inserted
            else { continue }
            if let outcomes, index < outcomes.count {
                MessagingAttributes.record(outcomes[index], on: span)
            } else {
                span.setStatus(SpanStatus(code: .error, message: "the loop stopped before the batch was done"))
            }
            span.end()
        }
    }
}

extension ConsumeLoop {
    static let transactionAttributes: SpanAttributes = ["db.system.name": "postgresql", "db.operation.name": "handle"]

    static func outboxAttributes(_ emitted: [OutgoingEvent]) -> SpanAttributes {
        var attributes: SpanAttributes = ["db.system.name": "postgresql", "db.collection.name": "outbox"]
        attributes["orderflow.outbox.rows"] = SpanAttribute.int64(Int64(emitted.count))
        attributes["orderflow.outbox.event_types"] = SpanAttribute.stringArray(emitted.map(\.metadata.type))
        return attributes
    }
}
