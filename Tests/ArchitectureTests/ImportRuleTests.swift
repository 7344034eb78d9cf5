import Testing

/// The rooms' import rules (docs/architecture.md): C stays in one folder per library, nothing is
/// re-exported, services never link tooling, and an executable only hands its library to the runtime.
@Suite struct ImportRuleTests {
    static let toolingRooms: Set<String> = ["KafkaDevBroker", "LocalStack", "OrderTraffic", "Invariants", "Bench", "FaultSuite"]

    private func importers(of module: String, in tree: SourceTree) -> Set<String> {
        Set(tree.files.filter { $0.text.contains("import \(module)\n") }.map(\.target))
    }

    @Test func onlyKafkaAndTheDevBrokerTouchLibrdkafka() throws {
        #expect(importers(of: "CRdKafka", in: try SourceTree.load()).isSubset(of: ["Kafka", "KafkaDevBroker"]))
    }

    @Test func onlyPostgresTouchesLibpq() throws {
        #expect(importers(of: "CLibPQ", in: try SourceTree.load()) == ["Postgres"])
    }

    @Test func nothingIsReexported() throws {
        let reexports = try SourceTree.load().files.filter { $0.text.contains("@_exported") }.map(\.path)
        #expect(reexports.isEmpty, "\(reexports)")
    }

    @Test func theRuntimeAndTheServicesNeverImportTooling() throws {
        let tree = try SourceTree.load()
        let production = tree.files.filter { !Self.toolingRooms.contains($0.target) && $0.target != "OrderflowCLI" }
        for file in production {
            for room in Self.toolingRooms where file.text.contains("import \(room)\n") {
                Issue.record("\(file.path) imports the tooling room \(room)")
            }
        }
    }

    @Test func executablesAreAFewLines() throws {
        let mains = try SourceTree.load().files.filter { $0.target.hasPrefix("Executables/") }
        #expect(mains.count >= 6)
        for main in mains {
            let code = main.text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            #expect(code.count <= 4, "\(main.path) has \(code.count) lines; its service belongs in a library")
        }
    }
}
