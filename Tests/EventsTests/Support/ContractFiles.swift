import Foundation

/// Paths into topics/, found from this file's location so tests run from any directory.
enum ContractFiles {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // EventsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let topics = repositoryRoot.appendingPathComponent("topics")
    static let schemas = topics.appendingPathComponent("schemas")
    static let validator = topics.appendingPathComponent("validate.py")
    static let bindingCheck = topics.appendingPathComponent("binding_check.py")
    static let validExamples = topics.appendingPathComponent("examples/valid")
    static let invalidExamples = topics.appendingPathComponent("examples/invalid")
    static let topicsJSON = topics.appendingPathComponent("topics.json")

    /// The `*.json` files directly in `directory`, sorted by name.
    static func jsonFiles(in directory: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Every (type, version) that has a data schema file `schemas/<type>/v<N>.json`.
    static func schemaVersions() throws -> Set<TypeVersion> {
        var found: Set<TypeVersion> = []
        for folder in try FileManager.default.contentsOfDirectory(at: schemas, includingPropertiesForKeys: nil)
        where folder.lastPathComponent != "envelope" {
            for file in try jsonFiles(in: folder) {
                let name = file.deletingPathExtension().lastPathComponent
                guard name.hasPrefix("v"), let version = Int(name.dropFirst()) else {
                    throw ContractFileError.unexpectedSchemaFile(file.path)
                }
                found.insert(TypeVersion(type: folder.lastPathComponent, version: version))
            }
        }
        return found
    }

    /// A fresh empty directory under the system temp directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("orderflow-events-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

struct TypeVersion: Hashable, Comparable, CustomStringConvertible {
    let type: String
    let version: Int

    static func < (lhs: TypeVersion, rhs: TypeVersion) -> Bool {
        (lhs.type, lhs.version) < (rhs.type, rhs.version)
    }

    var description: String { "\(type) v\(version)" }
}

enum ContractFileError: Error, CustomStringConvertible {
    case unexpectedSchemaFile(String)

    var description: String {
        switch self {
        case .unexpectedSchemaFile(let path): "schema file not named v<N>.json: \(path)"
        }
    }
}
