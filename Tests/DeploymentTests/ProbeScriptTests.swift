import Foundation
import Testing

/// compose/orderflow-probe.sh, the containers' health check, against a small HTTP server on loopback.
@Suite("orderflow-probe health check")
struct ProbeScriptTests {
    /// A Python HTTP server answering 200 on /readyz and 503 elsewhere; writes its port to a file.
    private final class StubServer: Sendable {
        let port: Int
        private let pid: Int32

        private static let script = """
            import http.server, sys
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    status = 200 if self.path == "/readyz" else 503
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                def log_message(self, *args):
                    pass
            server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
            with open(sys.argv[1], "w") as f:
                f.write(str(server.server_address[1]))
            server.timeout = 0.5
            for _ in range(120):
                server.handle_request()
            """

        init() async throws {
            let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("probe-port-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: portFile) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", Self.script, portFile.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            pid = process.processIdentifier
            for _ in 0..<200 {
                if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                    self.port = port
                    return
                }
                try await Task.sleep(for: .milliseconds(25))
            }
            kill(pid, SIGKILL)
            throw DeploymentCheckError("the stub HTTP server did not start within 5 s")
        }

        func stop() {
            kill(pid, SIGKILL)
        }
    }

    private func probe(_ path: String, port: Int) async throws -> ProcessOutput {
        try await ProcessRunner.run(
            Repository.probeScript.path, [path], environment: ["HTTP_PORT": String(port)], timeout: .seconds(15))
    }

    @Test("passes when the path answers 200 and fails, saying why, when it answers 503")
    func followsTheStatusCode() async throws {
        let server = try await StubServer()
        defer { server.stop() }
        let ready = try await probe("/readyz", port: server.port)
        #expect(ready.succeeded, "\(ready.summary)")
        let unready = try await probe("/not-ready", port: server.port)
        #expect(!unready.succeeded, "a 503 counted as healthy")
        #expect(unready.stderr.contains("503"), "\(unready.summary)")
    }

    @Test("fails when nothing listens on HTTP_PORT")
    func failsWithoutServer() async throws {
        // Bind and release a port so that, most likely, nothing listens on it.
        let server = try await StubServer()
        let port = server.port
        server.stop()
        try await Task.sleep(for: .milliseconds(100))
        let output = try await probe("/readyz", port: port)
        #expect(!output.succeeded, "the probe passed with no server on port \(port)")
    }
}
