import Foundation
import Hummingbird
import Synchronization

/// An OTLP/HTTP receiver for tests: takes the JSON bodies posted to /v1/traces, as a collector would,
/// and keeps their spans with the `service.name` of the resource that sent them.
final class OTLPReceiver: Sendable {
    struct ReceivedSpan: Sendable {
        var service: String
        var traceID: String
        var spanID: String
        var parentSpanID: String?
        var name: String
        var kind: Int
        var attributes: [String: String]
        var links: [String]
    }

    let port: Int
    private let server: Task<Void, any Error>
    private let received = Mutex<[ReceivedSpan]>([])

    private init(port: Int, server: Task<Void, any Error>) {
        self.port = port
        self.server = server
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }
    var spans: [ReceivedSpan] { received.withLock { $0 } }

    static func start() async throws -> OTLPReceiver {
        let store = Store()
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 16 << 20)
            guard let spans = Self.spans(in: Data(buffer: body)) else { return Response(status: .badRequest) }
            store.add(spans)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) })
        let server = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        let receiver = OTLPReceiver(port: port, server: server)
        store.receiver.withLock { $0 = receiver }
        return receiver
    }

    func stop() { server.cancel() }

    /// Waits until `done` holds for the spans received, or `timeout` passes.
    func wait(timeout: Duration, until done: ([ReceivedSpan]) -> Bool) async -> [ReceivedSpan] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if done(spans) { break }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return spans
    }

    fileprivate func add(_ spans: [ReceivedSpan]) { received.withLock { $0.append(contentsOf: spans) } }

    /// Hands bodies to the receiver once it exists (the route is made before the port is known).
    private final class Store: Sendable {
        let receiver = Mutex<OTLPReceiver?>(nil)
        func add(_ spans: [ReceivedSpan]) { receiver.withLock { $0 }?.add(spans) }
    }

    /// The spans of an OTLP JSON body; nil when it is not one.
    static func spans(in body: Data) -> [ReceivedSpan]? {
        guard let root = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let resources = root["resourceSpans"] as? [[String: Any]]
        else { return nil }
        var result: [ReceivedSpan] = []
        for resource in resources {
            let resourceAttributes = attributes((resource["resource"] as? [String: Any])?["attributes"])
            for scope in resource["scopeSpans"] as? [[String: Any]] ?? [] {
                for span in scope["spans"] as? [[String: Any]] ?? [] {
                    result.append(ReceivedSpan(
                        service: resourceAttributes["service.name"] ?? "?", traceID: span["traceId"] as? String ?? "",
                        spanID: span["spanId"] as? String ?? "", parentSpanID: span["parentSpanId"] as? String,
                        name: span["name"] as? String ?? "", kind: kind(span["kind"]),
                        attributes: attributes(span["attributes"]),
                        links: (span["links"] as? [[String: Any]] ?? []).compactMap { $0["spanId"] as? String }))
                }
            }
        }
        return result
    }

    /// OTLP's span kind, written as its number or, by the protobuf JSON mapping, its enum name.
    private static func kind(_ value: Any?) -> Int {
        if let number = value as? Int { return number }
        let names = ["SPAN_KIND_INTERNAL": 1, "SPAN_KIND_SERVER": 2, "SPAN_KIND_CLIENT": 3, "SPAN_KIND_PRODUCER": 4, "SPAN_KIND_CONSUMER": 5]
        return (value as? String).flatMap { names[$0] } ?? 0
    }

    private static func attributes(_ list: Any?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in list as? [[String: Any]] ?? [] {
            guard let key = pair["key"] as? String, let value = pair["value"] as? [String: Any] else { continue }
            if let text = value["stringValue"] as? String {
                result[key] = text
            } else if let number = value["intValue"] {
                result[key] = "\(number)"
            } else if let flag = value["boolValue"] as? Bool {
                result[key] = flag ? "true" : "false"
            }
        }
        return result
    }
}
