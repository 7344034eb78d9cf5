import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Streaming

@Suite("OperabilityServer")
struct OperabilityServerTests {
    @Test func healthzAnswersOK() async throws {
        try await withRunningServer(makeServer()) { client in
            let response = try await client.get("/healthz")
            #expect(response.status == .ok)
            #expect(response.text == "ok")
        }
    }

    @Test func readyzIsReadyWhenEveryCheckPasses() async throws {
        let checks = ["kafka", "database", "assignment"].map { name in ReadinessCheck(name: name) {} }
        try await withRunningServer(makeServer(readiness: checks)) { client in
            let response = try await client.get("/readyz")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect(object["status"] as? String == "ready")
            #expect(object["checks"] as? [String: String] == ["kafka": "ok", "database": "ok", "assignment": "ok"])
        }
    }

    @Test func readyzNamesTheFailingCheck() async throws {
        let checks = [
            ReadinessCheck(name: "kafka") {},
            ReadinessCheck(name: "database") { throw CheckFailure(description: "connection refused on 127.0.0.1:5432") },
        ]
        try await withRunningServer(makeServer(readiness: checks)) { client in
            let response = try await client.get("/readyz")
            #expect(response.status == .serviceUnavailable)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect(object["status"] as? String == "not ready")
            #expect(object["checks"] as? [String: String] == [
                "kafka": "ok", "database": "connection refused on 127.0.0.1:5432",
            ])
        }
    }

    @Test func readyzTimesOutAHangingCheck() async throws {
        let checks = [
            ReadinessCheck(name: "assignment") { try await Task.sleep(for: .seconds(30)) },
            ReadinessCheck(name: "kafka") {},
        ]
        try await withRunningServer(makeServer(readiness: checks, readinessTimeout: .milliseconds(200))) { client in
            let started = ContinuousClock.now
            let response = try await client.get("/readyz")
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(response.status == .serviceUnavailable)
            #expect(response.text.contains(#""assignment":"timed out after 200 ms""#))
            #expect(response.text.contains(#""kafka":"ok""#))
        }
    }

    @Test func metricsServesTheExpositionFormat() async throws {
        let metrics = StreamingMetrics(service: "order-service")
        metrics.consumed(topic: "orders", count: 3)
        try await withRunningServer(makeServer(metrics: metrics)) { client in
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(response.text.contains("# TYPE orderflow_messages_consumed_total counter"))
            #expect(response.text.contains(#"orderflow_messages_consumed_total{service="order-service",topic="orders"} 3"#))
        }
    }

    /// Alerts read readiness from scrapes: each check is evaluated when /metrics is read.
    @Test func metricsCarryEachReadinessCheck() async throws {
        let metrics = StreamingMetrics(service: "payment-service")
        let checks = [
            ReadinessCheck(name: "kafka") {},
            ReadinessCheck(name: "database") { throw CheckFailure(description: "connection refused") },
        ]
        try await withRunningServer(makeServer(readiness: checks, metrics: metrics)) { client in
            let text = try await client.get("/metrics").text
            #expect(text.contains(#"orderflow_readiness_check_success{service="payment-service",check="kafka"} 1"#), "\(text)")
            #expect(text.contains(#"orderflow_readiness_check_success{service="payment-service",check="database"} 0"#), "\(text)")
        }
    }

    @Test func routesAddedThroughConfigureAnswer() async throws {
        let server = makeServer { router in
            router.get("api/v1/ping") { _, _ in "pong" }
        }
        try await withRunningServer(server) { client in
            let response = try await client.get("/api/v1/ping")
            #expect(response.status == .ok)
            #expect(response.text == "pong")
            #expect(try await client.get("/healthz").status == .ok)
            #expect(try await client.get("/missing").status == .notFound)
        }
    }

    @Test func boundPortIsZeroWhenTheServerCannotStart() async throws {
        var logger = Logger(label: "operability-test")
        logger.logLevel = .critical
        let server = OperabilityServer(
            host: "256.0.0.1", port: 0, metrics: StreamingMetrics(service: "s"), readiness: [], logger: logger)
        await #expect(throws: (any Error).self) { try await server.run() }
        #expect(await server.boundPort == 0)
    }
}
