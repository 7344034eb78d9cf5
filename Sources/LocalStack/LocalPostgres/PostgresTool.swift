import Foundation

/// Runs one PostgreSQL program to completion (as the server user when we are root).
enum PostgresTool {
    @discardableResult
    static func run(
        _ tool: URL, runAs: [String], arguments: [String], timeout: Duration, logFile: URL? = nil
    ) async throws(LocalPostgresError) -> [String] {
        let command = runAs.isEmpty ? tool : URL(fileURLWithPath: runAs[0])
        let fullArguments = runAs.isEmpty ? arguments : Array(runAs.dropFirst()) + [tool.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        let result: SpawnedCommand.Result
        do {
            result = try await SpawnedCommand.run(command.path, fullArguments, environment: environment, timeout: timeout)
        } catch {
            throw .toolFailed(tool: tool.lastPathComponent, exit: "could not start", output: [error.description])
        }
        guard result.exit.succeeded else {
            var output = result.output.suffix(30).map { $0 }
            if let logFile, let log = try? String(contentsOf: logFile, encoding: .utf8) {
                output += log.split(separator: "\n").suffix(10).map(String.init)
            }
            let exit = result.exit == .signalled(SIGKILL) ? "did not finish within \(timeout)" : result.exit.description
            throw .toolFailed(tool: tool.lastPathComponent, exit: exit, output: output)
        }
        return result.output
    }
}
