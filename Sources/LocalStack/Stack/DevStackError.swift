/// Why a dev stack could not start (or a process of it could not be replaced).
public enum DevStackError: Error, Sendable, CustomStringConvertible {
    case missingExecutables(directory: String, names: [String])
    case topics(String)
    case databases(String)
    case launch(String)
    case exitedEarly(process: String, exit: ProcessExit, log: [String])
    case notReady(process: String, after: Duration, lastProblem: String, log: [String])
    case unknownProcess(String)
    /// Startup was interrupted (Ctrl-C); what had started is stopped again.
    case cancelled

    public var description: String {
        switch self {
        case .missingExecutables(let directory, let names):
            return "executables missing in \(directory): \(names.joined(separator: ", ")) (build them with `swift build`)"
        case .topics(let problem):
            return "could not create the topics: \(problem)"
        case .databases(let problem):
            return "could not create the databases: \(problem)"
        case .launch(let problem):
            return "could not start a process: \(problem)"
        case .exitedEarly(let process, let exit, let log):
            return "\(process) \(exit) before it became ready" + Self.tail(log)
        case .notReady(let process, let after, let lastProblem, let log):
            return "\(process) did not become ready within \(after) (/readyz: \(lastProblem))" + Self.tail(log)
        case .unknownProcess(let name):
            return "no process \(name) in this stack"
        case .cancelled:
            return "startup interrupted; everything started so far is stopped"
        }
    }

    private static func tail(_ log: [String]) -> String {
        log.isEmpty ? "" : "; its last output:\n" + log.suffix(20).map { "    \($0)" }.joined(separator: "\n")
    }
}
