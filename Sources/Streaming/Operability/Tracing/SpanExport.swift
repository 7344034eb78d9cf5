import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Synchronization

/// Ended spans on their way to the OTLP receiver. A handler never waits for it: spans are buffered (up
/// to `capacity`; beyond it they are dropped and counted), posted every `interval` in bodies of at most
/// `batchSize` spans, and posted once more when the process stops. A receiver that is down costs a
/// warning a minute, not a stalled pipeline.
public final class SpanExport: Sendable {
    let endpoint: String
    let headers: [(name: String, value: String)]
    let resource: [(String, String)]
    let logger: Logger
    static let capacity = 8_192
    static let batchSize = 512
    static let interval: Duration = .milliseconds(500)

    private struct Buffer {
        var spans: [FinishedSpan] = []
        var dropped = 0
        var lastWarning: ContinuousClock.Instant?
        var flushRequested = false
        var stopped = false
    }

    private let buffer = Mutex(Buffer())
    private let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        // The export's own requests are not traced: each would make spans to export.
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    init(endpoint: String, headers: [(name: String, value: String)], resource: [(String, String)], logger: Logger) {
        self.endpoint = endpoint
        self.headers = headers
        self.resource = resource
        self.logger = logger
    }

    func add(_ span: FinishedSpan) {
        buffer.withLock { buffer in
            if buffer.spans.count >= Self.capacity {
                buffer.dropped += 1
            } else {
                buffer.spans.append(span)
            }
        }
    }

    func flushSoon() { buffer.withLock { $0.flushRequested = true } }

    /// Posts what is buffered until the task is cancelled.
    func run() async {
        while !Task.isCancelled, !isStopped {
            var waited = Duration.zero
            while waited < Self.interval, !Task.isCancelled, !buffer.withLock({ $0.flushRequested || $0.stopped }) {
                try? await Task.sleep(for: .milliseconds(50))
                waited += .milliseconds(50)
            }
            if isStopped { return }
            await postBuffered()
        }
    }

    private var isStopped: Bool { buffer.withLock { $0.stopped } }

    /// The last post, then the HTTP client closed.
    public func shutdown() async {
        buffer.withLock { $0.stopped = true }
        await postBuffered()
        try? await http.shutdown()
    }

    /// Takes up to `limit` buffered spans, and how many were dropped since the last take.
    func take(upTo limit: Int) -> (spans: [FinishedSpan], dropped: Int) {
        buffer.withLock { buffer in
            let taken = Array(buffer.spans.prefix(limit))
            buffer.spans.removeFirst(taken.count)
            buffer.flushRequested = false
            defer { buffer.dropped = 0 }
            return (taken, buffer.dropped)
        }
    }

    private func postBuffered() async {
        while true {
            let (spans, dropped) = take(upTo: Self.batchSize)
            if dropped > 0 { warn("dropped \(dropped) spans: the export buffer was full", metadata: [:]) }
            guard !spans.isEmpty else { return }
            await post(spans)
            if spans.count < Self.batchSize { return }
        }
    }

    private func post(_ spans: [FinishedSpan]) async {
        do {
            let body = try JSONEncoder().encode(OTLPTraceRequest(spans: spans, resource: resource))
            var request = HTTPClientRequest(url: endpoint)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            for header in headers { request.headers.add(name: header.name, value: header.value) }
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await http.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 1 << 16)
            if !(200..<300).contains(response.status.code) {
                warn("the OTLP receiver refused \(spans.count) spans", metadata: ["status": "\(response.status.code)"])
            }
        } catch {
            warn("exporting \(spans.count) spans failed", metadata: ["error": "\(error)"])
        }
    }

    private func warn(_ message: String, metadata: Logger.Metadata) {
        let now = ContinuousClock.now
        let due = buffer.withLock { buffer -> Bool in
            if let last = buffer.lastWarning, now - last < .seconds(60) { return false }
            buffer.lastWarning = now
            return true
        }
        guard due else { return }
        var metadata = metadata
        // Without user information: a URL may carry credentials.
        var shown = URLComponents(string: endpoint)
        shown?.user = nil
        shown?.password = nil
        metadata["endpoint"] = "\(shown?.string ?? "?")"
        logger.warning("\(message)", metadata: metadata)
    }
}
