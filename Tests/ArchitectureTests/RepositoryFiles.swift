import Foundation

/// Swift files of the repository, by path relative to its root.
enum RepositoryFiles {
    struct File: Sendable {
        var path: String
        var text: String
    }

    static func swiftFiles(under folders: [String]) throws -> [File] {
        var files: [File] = []
        for folder in folders {
            let root = SourceTree.root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "swift" {
                let path = String(url.standardizedFileURL.path.dropFirst(SourceTree.root.path.count + 1))
                files.append(File(path: path, text: try String(contentsOf: url, encoding: .utf8)))
            }
        }
        return files
    }
}
