/// Why a local PostgreSQL server could not be set up, started or stopped.
public enum LocalPostgresError: Error, Sendable, CustomStringConvertible {
    case binariesMissing(searched: [String])
    case filesystem(path: String, problem: String)
    case toolFailed(tool: String, exit: String, output: [String])
    case passwordMissing(dataDirectory: String)
    case noFreePort(String)

    public var description: String {
        switch self {
        case .binariesMissing(let searched):
            "PostgreSQL server binaries (initdb, pg_ctl) not found; install the postgresql package (make deps) or set PGBIN (searched: \(searched.prefix(4).joined(separator: ", ")))"
        case .filesystem(let path, let problem):
            "\(path): \(problem)"
        case .toolFailed(let tool, let exit, let output):
            "\(tool) \(exit)" + (output.isEmpty ? "" : ":\n" + output.suffix(15).map { "  \($0)" }.joined(separator: "\n"))
        case .passwordMissing(let dataDirectory):
            "\(dataDirectory) holds a database cluster but its password file is gone; delete the directory to start afresh"
        case .noFreePort(let problem):
            "no free port for PostgreSQL: \(problem)"
        }
    }
}
