import Foundation
import Testing

/// SwiftPM lets a target import any module its dependencies depend on; here a target may import only
/// what Package.swift declares for it, so the manifest says truthfully what each room uses.
@Suite struct DeclaredImportTests {
    @Test func everyImportIsADeclaredDependency() throws {
        let declared = try DeclaredTargets.load()
        #expect(declared.targets.count > 20)
        var undeclared: [String] = []
        for file in try RepositoryFiles.swiftFiles(under: ["Sources", "Tests"]) {
            guard let target = declared.target(holding: file.path) else { continue }
            for module in Self.imports(in: file.text) where declared.knownModules.contains(module) {
                if module != target.name && !target.dependencies.contains(module) {
                    undeclared.append("\(file.path) imports \(module), which \(target.name) does not declare")
                }
            }
        }
        #expect(undeclared.isEmpty, "\(undeclared.joined(separator: "\n"))")
    }

    @Test func importsAreReadFromTheirLines() {
        let text = "import Kafka\n@testable import Streaming\n// import Postgres\nlet x = 1 // import Events\n"
        #expect(Self.imports(in: text) == ["Kafka", "Streaming"])
    }

    static func imports(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            guard let match = line.wholeMatch(of: #/(?:@testable )?import ([A-Za-z_][A-Za-z0-9_]*)/#) else { return nil }
            return String(match.output.1)
        }
    }
}
