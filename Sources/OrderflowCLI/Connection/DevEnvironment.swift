import Foundation

/// `.orderflow/dev/env`, written by `orderflow dev up`: `KEY=value` lines (`KAFKA_BROKERS`, `DATABASE_URL`).
/// Looked up from the current directory upwards, so commands work from any folder of a checkout, and
/// elsewhere from the running stack `dev up` announced (`DevStackPointer`).
struct DevEnvironment: Sendable {
    static let relativePath = ".orderflow/dev/env"

    var path: String
    var values: [String: String]

    static func find(from directory: String = FileManager.default.currentDirectoryPath) -> DevEnvironment? {
        if let explicit = ProcessInfo.processInfo.environment[DevStackPointer.directoryVariable], !explicit.isEmpty {
            let file = DevStateDirectory(base: URL(fileURLWithPath: explicit)).envFile
            return (try? String(contentsOf: file, encoding: .utf8)).map { DevEnvironment(path: file.path, values: parse($0)) }
        }
        var url = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(relativePath)
            if let text = try? String(contentsOf: candidate, encoding: .utf8) {
                return DevEnvironment(path: candidate.path, values: parse(text))
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        // Outside the checkout: the running stack `dev up` announced (see DevStackPointer).
        guard let announced = DevStackPointer.announced(), announced.runningPID() != nil,
              let text = try? String(contentsOf: announced.envFile, encoding: .utf8) else { return nil }
        return DevEnvironment(path: announced.envFile.path, values: parse(text))
    }

    /// Blank lines and `#` comments are skipped; an optional `export ` prefix and surrounding quotes are
    /// accepted so the file can also be `source`d by a shell.
    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty else { continue }
            values[key] = value
        }
        return values
    }
}

/// A setting taken from a flag, else the environment, else the dev stack's env file.
enum SettingSource {
    static func resolve(flag: String?, variable: String) -> (value: String, origin: String)? {
        if let flag, !flag.isEmpty { return (flag, "flag") }
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return (value, variable) }
        if let dev = DevEnvironment.find(), let value = dev.values[variable], !value.isEmpty { return (value, dev.path) }
        return nil
    }
}
