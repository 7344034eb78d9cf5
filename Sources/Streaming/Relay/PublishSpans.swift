import Kafka
import Tracing

/// The relay's producer spans, when tracing is on: one per row that carries a trace context
/// (`publish <topic>`), a child of the span that wrote the row and linked to it, as the messaging
/// conventions link a send to the context its message was created in. It starts when the row is handed
/// to the producer and ends with its delivery report, which gives it the partition and offset.
struct PublishSpans: Sendable {
    private let spans: [(any Span)?]

    /// Nil when tracing is off.
    static func start(_ rows: [OutboxRow]) -> PublishSpans? {
        guard ProcessTracing.isOn else { return nil }
        let tracer = InstrumentationSystem.tracer
        return PublishSpans(spans: rows.map { row -> (any Span)? in
            guard let writer = row.traceparent else { return nil }
            let parent = TraceParent.context(writer)
            let span = tracer.startSpan("publish \(row.record.topic)", context: parent, ofKind: .producer)
            span.addLink(SpanLink(context: parent, attributes: [:]))
            span.attributes = MessagingAttributes.publish(row)
            return span
        })
    }

    /// Ends each span with its row's delivery report.
    func end(_ outcomes: [Result<DeliveryReport, KafkaError>]) {
        for (span, outcome) in zip(spans, outcomes) {
            guard let span else { continue }
            switch outcome {
            case .success(let report):
                MessagingAttributes.position(partition: report.partition, offset: report.offset, in: &span.attributes)
                span.setStatus(SpanStatus(code: .ok))
            case .failure(let error):
                span.fail(with: error)
            }
            span.end()
        }
    }
}
