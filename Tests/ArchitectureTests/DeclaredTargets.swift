import Foundation

/// Every target of Package.swift with the modules it declares it depends on, from `swift package
/// dump-package` (run with a scratch folder of its own: the test run holds the build folder's lock).
struct DeclaredTargets: Sendable {
    struct Target: Sendable {
        var name: String
        var folder: String
        var dependencies: Set<String>
    }

    var targets: [Target]
    /// Every module a target could declare: the package's targets and the products it names.
    var knownModules: Set<String>

    static func load() throws -> DeclaredTargets {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-dump-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "--package-path", SourceTree.root.path, "--scratch-path", scratch.path, "dump-package"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let entries = manifest["targets"] as? [[String: Any]] else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "swift package dump-package failed"])
        }
        var targets: [Target] = []
        var known: Set<String> = []
        for entry in entries {
            guard let name = entry["name"] as? String, let type = entry["type"] as? String else { continue }
            let folder = (entry["path"] as? String) ?? (type == "test" ? "Tests/\(name)" : "Sources/\(name)")
            var dependencies: Set<String> = []
            for dependency in entry["dependencies"] as? [[String: Any]] ?? [] {
                for key in ["byName", "target", "product"] {
                    if let values = dependency[key] as? [Any], let first = values.first as? String { dependencies.insert(first) }
                }
            }
            known.insert(name)
            known.formUnion(dependencies)
            targets.append(Target(name: name, folder: folder, dependencies: dependencies))
        }
        return DeclaredTargets(targets: targets, knownModules: known)
    }

    /// The target whose folder holds this repository-relative path.
    func target(holding path: String) -> Target? {
        targets.filter { path.hasPrefix($0.folder + "/") }.max { $0.folder.count < $1.folder.count }
    }
}
