import Foundation

/// The "where is everything" block `dev up` prints once the stack is ready.
enum DevSummary {
    static func lines(_ state: DevStackState?, directory: DevStateDirectory) -> [String] {
        guard let state else { return ["the dev stack is ready"] }
        var lines = ["the dev stack is ready (pid \(state.pid))"]
        if let broker = state.broker {
            let kind = broker.embeddedBrokers.map { "embedded, \($0) broker\($0 == 1 ? "" : "s")" } ?? "external"
            lines.append("  broker     \(broker.bootstrapServers) (\(kind))")
        }
        if let postgres = state.postgres {
            lines.append("  postgres   \(postgres.url)\(postgres.dataDirectory == nil ? "" : " (local)")")
        }
        if let api = state.api {
            lines.append("  order API  \(api.url)/api/v1/orders (\(api.process))")
        }
        for process in state.processes {
            let name = process.name.padding(toLength: 21, withPad: " ", startingAt: 0)
            lines.append("  \(name) http://127.0.0.1:\(process.httpPort)  pid \(process.pid)")
        }
        lines.append("  env        \(relative(directory.envFile.path)) (ORDERFLOW_API_URL, ORDERFLOW_API_TOKEN: a 24 h token for the order API)")
        return lines
    }

    static func relative(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }
}
