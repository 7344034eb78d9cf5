import Events
import Foundation
import Testing

/// topics/examples is documentation that must stay true: every valid example decodes (in Swift
/// and in validate.py), every invalid one fails with the class its file name starts with.
@Suite struct ExampleFilesTests {
    let registry = EventRegistry.standard

    @Test func everyValidExampleDecodesToItsNewestVersion() throws {
        let files = try ContractFiles.jsonFiles(in: ContractFiles.validExamples)
        try #require(!files.isEmpty)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            do {
                let event = try registry.decode(bytes)
                let payloadType = type(of: event.payload)
                #expect(payloadType.eventType == event.metadata.type, "\(file.lastPathComponent)")
                #expect(payloadType.schemaVersion == registry.newestVersion(of: event.metadata.type), "\(file.lastPathComponent)")
            } catch {
                Issue.record("\(file.lastPathComponent) should decode but failed: \(error)")
            }
        }
    }

    @Test func validExamplesCoverEveryRegisteredVersion() throws {
        var covered: Set<TypeVersion> = []
        for file in try ContractFiles.jsonFiles(in: ContractFiles.validExamples) {
            let event = try registry.decode([UInt8](Data(contentsOf: file)))
            covered.insert(TypeVersion(type: event.metadata.type, version: event.metadata.schemaVersion))
        }
        let registered = Set(registry.supported.flatMap { entry in entry.versions.map { TypeVersion(type: entry.type, version: $0) } })
        #expect(covered == registered, "no valid example for: \(registered.subtracting(covered).sorted())")
    }

    @Test func validExamplesPassTheSchemaValidator() async throws {
        let result = try await PythonValidator.run([ContractFiles.validExamples.path])
        #expect(result.exitCode == 0, "\(result.output)")
    }

    @Test func everyInvalidExampleFailsWithTheClassItsNameStates() throws {
        let files = try ContractFiles.jsonFiles(in: ContractFiles.invalidExamples)
        let classes = ["not_json", "not_envelope", "unknown_type", "unsupported_version", "invalid_data"]
        var seen: Set<String> = []
        for file in files {
            let name = file.lastPathComponent
            guard let separator = name.range(of: "--") else {
                Issue.record("\(name) does not start with '<error class>--'")
                continue
            }
            let expected = String(name[..<separator.lowerBound])
            #expect(classes.contains(expected), "\(name): unknown error class '\(expected)'")
            seen.insert(expected)
            let bytes = try [UInt8](Data(contentsOf: file))
            do {
                let event = try registry.decode(bytes)
                Issue.record("\(name) should fail with \(expected) but decoded as \(event.metadata.type)")
            } catch {
                #expect(error.errorClass == expected, "\(name): \(error)")
            }
        }
        #expect(seen == Set(classes), "no invalid example for: \(Set(classes).subtracting(seen).sorted())")
    }

    @Test func invalidExamplesFailTheSchemaValidatorToo() async throws {
        let result = try await PythonValidator.run(["--expect-invalid", ContractFiles.invalidExamples.path])
        #expect(result.exitCode == 0, "\(result.output)")
    }
}
