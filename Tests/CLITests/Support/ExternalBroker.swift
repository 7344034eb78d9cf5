import Foundation

/// `orderflow dev broker` in a process of its own, started with the topics of a topics file: to the
/// process that talks to it, a Kafka cluster like any other.
final class ExternalBroker {
    let bootstrapServers: String
    /// What it printed for its clients, `KAFKA_FETCH_WAIT_MAX_MS=…` among it.
    let announcement: String
    private let process: Process

    private init(process: Process, bootstrapServers: String, announcement: String) {
        self.process = process
        self.bootstrapServers = bootstrapServers
        self.announcement = announcement
    }

    static func start(_ binary: URL, topicsFile: URL, scratch: URL) async throws -> ExternalBroker {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["dev", "broker", "--topics-file", topicsFile.path]
        let output = scratch.appendingPathComponent("broker.out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = ContinuousClock.now + .seconds(30)
        while !text.contains("Ctrl-C"), process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        }
        guard let line = text.split(separator: "\n").first(where: { $0.contains("KAFKA_BROKERS=") }),
              let servers = line.split(separator: "=").last.map(String.init) else {
            if process.isRunning { process.terminate() }
            throw ExternalBrokerError(output: text)
        }
        return ExternalBroker(process: process, bootstrapServers: servers, announcement: text)
    }

    /// Ctrl-C, as a user stops it; returns once it has exited.
    func stop() {
        guard process.isRunning else { return }
        process.interrupt()
        process.waitUntilExit()
    }

    struct ExternalBrokerError: Error, CustomStringConvertible {
        var output: String
        var description: String { "orderflow dev broker did not announce its address; output: \(output)" }
    }
}
