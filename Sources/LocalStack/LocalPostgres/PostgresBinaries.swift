import Foundation

/// The PostgreSQL server programs (`initdb`, `pg_ctl`): in `$PGBIN` when it is set (and only there),
/// else the newest `/usr/lib/postgresql/<version>/bin` (Debian's layout), else on `PATH`.
public struct PostgresBinaries: Sendable {
    public var directory: URL

    public var initdb: URL { directory.appendingPathComponent("initdb") }
    public var pgCtl: URL { directory.appendingPathComponent("pg_ctl") }
    public var postgres: URL { directory.appendingPathComponent("postgres") }

    public init(directory: URL) { self.directory = directory }

    public static func locate(
        explicit: URL? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LocalPostgresError) -> PostgresBinaries {
        var candidates: [URL] = []
        if let explicit { candidates.append(explicit) }
        let pgbin = environment["PGBIN"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
        if explicit == nil, let pgbin { candidates.append(pgbin) }
        if explicit == nil && pgbin == nil {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
            let newestFirst = versions.compactMap { name in Int(name).map { ($0, name) } }.sorted { $0.0 > $1.0 }
            candidates += newestFirst.map { URL(fileURLWithPath: "/usr/lib/postgresql/\($0.1)/bin") }
            candidates += (environment["PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        }
        for directory in candidates {
            let binaries = PostgresBinaries(directory: directory)
            if FileManager.default.isExecutableFile(atPath: binaries.initdb.path)
                && FileManager.default.isExecutableFile(atPath: binaries.pgCtl.path) {
                return binaries
            }
        }
        throw .binariesMissing(searched: candidates.map(\.path))
    }
}
