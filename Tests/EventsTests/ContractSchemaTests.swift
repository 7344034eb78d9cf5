import Events
import Foundation
import Testing

/// What the Swift code emits must validate against topics/schemas with a real JSON Schema
/// validator, and the set of schema files must be exactly the set of registered versions.
@Suite struct ContractSchemaTests {
    let registry = EventRegistry.standard

    var registered: Set<TypeVersion> {
        Set(registry.supported.flatMap { entry in entry.versions.map { TypeVersion(type: entry.type, version: $0) } })
    }

    @Test func everyEncodedSampleValidatesAgainstTheSchemaFiles() async throws {
        let directory = try ContractFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, sample) in SampleEvents.all.enumerated() {
            let bytes = try registry.encode(sample.metadata, payload: sample.payload)
            let name = "\(index)-\(sample.metadata.type)-v\(sample.metadata.schemaVersion).json"
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }

        let result = try await PythonValidator.run([directory.path])

        #expect(result.exitCode == 0, "validate.py rejected what Swift encodes:\n\(result.output)")
        #expect(result.output.contains("\(SampleEvents.all.count) of \(SampleEvents.all.count) files valid"))
    }

    @Test func samplesCoverEveryRegisteredVersion() {
        let sampled = Set(SampleEvents.payloads.map(SampleEvents.typeVersion(of:)))
        #expect(sampled == registered, "missing samples: \(registered.subtracting(sampled).sorted())")
    }

    @Test func everyRegisteredVersionHasASchemaFileAndEverySchemaFileIsRegistered() throws {
        let files = try ContractFiles.schemaVersions()
        #expect(registered.subtracting(files).isEmpty, "registered without schema file: \(registered.subtracting(files).sorted())")
        #expect(files.subtracting(registered).isEmpty, "schema file without registry entry: \(files.subtracting(registered).sorted())")
    }

    /// The check above is only worth something if the validator notices a Swift/schema mismatch:
    /// a renamed field (as a Swift-side rename would produce) must make it fail.
    @Test func validatorRejectsAnEventWhoseFieldNamesDriftedFromTheSchema() async throws {
        let directory = try ContractFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let event = Event(source: "contract-test", subject: "s", correlationID: "c", data: SampleEvents.orderPlaced)
        let json = String(decoding: try registry.encode(event), as: UTF8.self)
        let drifted = json.replacingOccurrences(of: "\"shippingCountry\"", with: "\"shipToCountry\"")
        try #require(drifted != json)
        try Data(drifted.utf8).write(to: directory.appendingPathComponent("drifted.json"))

        let result = try await PythonValidator.run([directory.path])

        #expect(result.exitCode != 0)
        #expect(result.output.contains("shippingCountry"), "output: \(result.output)")
    }
}
