import Foundation
import LocalStack
import Streaming

/// `.orderflow/` in the working directory: `dev/` holds what a running dev stack publishes
/// (`env`, `pid`, `stack.json`, `stack.log`); `postgres/` the local cluster.
struct DevStateDirectory {
    let base: URL

    static func current() -> DevStateDirectory {
        DevStateDirectory(base: URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".orderflow"))
    }

    var dev: URL { base.appendingPathComponent("dev") }
    var postgres: URL { base.appendingPathComponent("postgres") }
    var envFile: URL { dev.appendingPathComponent("env") }
    var pidFile: URL { dev.appendingPathComponent("pid") }
    var stateFile: URL { dev.appendingPathComponent("stack.json") }
    var logFile: URL { dev.appendingPathComponent("stack.log") }
    /// The order API's signing key: kept across runs (not cleared), so tokens printed earlier stay valid.
    var apiKeyFile: URL { dev.appendingPathComponent("api-jwt-secret") }

    func prepare() throws {
        try FileManager.default.createDirectory(at: dev, withIntermediateDirectories: true)
    }

    /// The pid of the `dev up` process, if the pid file names a live one.
    func runningPID() -> Int32? {
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              ProcessProbe.isAlive(pid), Self.looksLikeOrderflow(pid) else { return nil }
        return pid
    }

    /// Guards against signalling an unrelated process that reused the pid.
    static func looksLikeOrderflow(_ pid: Int32) -> Bool {
        guard let arguments = ProcessProbe.commandLine(pid) else { return true }
        return arguments.contains { $0.hasSuffix("orderflow") } && arguments.contains("dev")
    }

    func writePID(_ pid: Int32) throws {
        try Data("\(pid)\n".utf8).write(to: pidFile, options: .atomic)
    }

    func write(_ state: DevStackState) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(state).write(to: stateFile, options: .atomic)
    }

    func readState() -> DevStackState? {
        guard let data = try? Data(contentsOf: stateFile) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(DevStackState.self, from: data)
    }

    /// The file other commands read to find the stack: `KAFKA_BROKERS=...` and `DATABASE_URL=...` (admin URL),
    /// the fetch wait the stack's consumers use when it is not librdkafka's (on the embedded broker), and
    /// `ORDERFLOW_API_URL` and `ORDERFLOW_API_TOKEN` (a token with every scope, valid 24 h), which let the
    /// commands that call the order API find and authenticate to it.
    func writeEnv(
        kafkaBrokers: String, databaseURL: String, fetchMaxWait: Duration?, apiURL: String? = nil, apiToken: String? = nil
    ) throws {
        var text = "KAFKA_BROKERS=\(kafkaBrokers)\nDATABASE_URL=\(databaseURL)\n"
        if let fetchMaxWait {
            text += "\(ConsumerSettings.Variables.fetchMaxWait.name)=\(Int((fetchMaxWait / .milliseconds(1)).rounded()))\n"
        }
        if let apiURL { text += "ORDERFLOW_API_URL=\(apiURL)\n" }
        if let apiToken { text += "ORDERFLOW_API_TOKEN=\(apiToken)\n" }
        try Data(text.utf8).write(to: envFile, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: envFile.path)
    }

    /// Removes what announces a running stack (the log stays for reading).
    func clear() {
        for file in [envFile, pidFile, stateFile, dev.appendingPathComponent("requests")] { try? FileManager.default.removeItem(at: file) }
    }
}
