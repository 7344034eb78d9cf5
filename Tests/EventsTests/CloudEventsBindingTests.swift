import Events
import Foundation
import Testing

/// Records are read by tools that follow the CloudEvents Kafka protocol binding, not only by orderflow:
/// a record of every event type, with the headers and value orderflow produces, decodes with the CNCF
/// Python SDK in the mode the binding picks from `content-type` (`topics/binding_check.py`).
@Suite struct CloudEventsBindingTests {
    struct Record: Encodable {
        var name: String
        var type: String
        var headers: [[String]]
        var key: String
        var value: String
    }

    static func record(_ metadata: EventMetadata, _ payload: any EventPayload, headers: [(key: String, value: String)]) throws -> Record {
        let value = try EventRegistry.standard.encode(metadata, payload: payload)
        return Record(
            name: "\(metadata.type) v\(metadata.schemaVersion)", type: metadata.type,
            headers: headers.map { [$0.key, $0.value] }, key: metadata.subject, value: String(decoding: value, as: UTF8.self))
    }

    static func check(_ records: [Record]) async throws -> PythonValidator.Outcome {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("binding-\(UUID().uuidString).json")
        try JSONEncoder().encode(records).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await PythonValidator.run(script: ContractFiles.bindingCheck, [file.path])
    }

    @Test func everyEventTypeDecodesAsABindingConformantReceiverReadsIt() async throws {
        let records = try SampleEvents.all.map { try Self.record($0.metadata, $0.payload, headers: EventHeaders.headers(for: $0.metadata)) }
        #expect(Set(records.map(\.type)).count == 12)
        let outcome = try await Self.check(records)
        #expect(outcome.exitCode == 0, "\(outcome.output)")
        #expect(outcome.output.contains("\(records.count) decoded, 0 rejected"), "\(outcome.output)")
    }

    /// The headers earlier releases wrote (`ce_` names, no `content-type`) make a conformant receiver read
    /// binary mode and reject the record: the check tells the two apart.
    @Test func earlierHeadersAreRejected() async throws {
        let (metadata, payload) = try #require(SampleEvents.all.first)
        let earlier = [("ce_type", metadata.type), ("ce_schemaversion", String(metadata.schemaVersion)),
                       ("ce_correlationid", metadata.correlationID), ("ce_id", metadata.id.lowercased)]
        let outcome = try await Self.check([try Self.record(metadata, payload, headers: earlier.map { (key: $0.0, value: $0.1) })])
        #expect(outcome.exitCode == 1, "\(outcome.output)")
        #expect(outcome.output.contains("binary mode"), "\(outcome.output)")
    }
}
