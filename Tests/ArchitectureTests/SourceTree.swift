import Foundation

/// The Swift files under Sources/, read once, each with the target folder it belongs to.
struct SourceTree: Sendable {
    struct File: Sendable {
        /// Relative to the repository root, e.g. `Sources/OrderService/Store/OrderStore.swift`.
        var path: String
        /// The folder under Sources/ (for executables, `Executables/<name>`).
        var target: String
        var text: String
    }

    static let root: URL = {
        // …/Tests/ArchitectureTests/SourceTree.swift → three levels up is the repository root.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.standardizedFileURL
    }()

    var files: [File]

    static func load() throws -> SourceTree {
        let files = try RepositoryFiles.swiftFiles(under: ["Sources"]).map { file in
            let parts = file.path.split(separator: "/").map(String.init)
            let target = parts[1] == "Executables" ? "Executables/\(parts[2])" : parts[1]
            return File(path: file.path, target: target, text: file.text)
        }
        return SourceTree(files: files.sorted { $0.path < $1.path })
    }

    func files(in target: String) -> [File] { files.filter { $0.target == target } }
}
