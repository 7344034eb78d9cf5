import Foundation

/// Which event types and versions a service understands, and the one place bytes become events.
///
/// Decoding: bytes → JSON → envelope checks → the (type, version) decoder → `validate()` →
/// upcast step by step to the newest registered version of the type. Encoding: envelope + data at
/// the payload's own version, refusing anything the contract would reject.
public struct EventRegistry: Sendable {
    typealias PayloadDecoder = @Sendable (any Decoder) throws(EventDecodingError) -> any EventPayload
    /// Turns a payload of one version into the next; returns nil when handed another type.
    typealias Upcaster = @Sendable (any EventPayload) -> (payload: any EventPayload, version: Int)?

    struct VersionEntry: Sendable {
        let decode: PayloadDecoder
        var upcast: Upcaster?
    }

    private var entries: [String: [Int: VersionEntry]] = [:]

    /// An empty registry; add types with `registering`.
    public init() {}

    /// Registers the decoder of `P`. Register an older version with the upcasting variant instead.
    public func registering<P: EventPayload>(_ type: P.Type) -> EventRegistry {
        var copy = self
        copy.entries[P.eventType, default: [:]][P.schemaVersion] = VersionEntry(decode: Self.decoder(for: P.self))
        return copy
    }

    /// Registers an older version `Old` with the step that turns it into the next version `New`
    /// (same type, higher version). Decoding chains steps until the newest registered version.
    public func registering<Old: EventPayload, New: EventPayload>(
        _ old: Old.Type, upcastingTo new: New.Type, with upcast: @escaping @Sendable (Old) -> New
    ) -> EventRegistry {
        var copy = self
        var entry = VersionEntry(decode: Self.decoder(for: Old.self))
        if New.eventType == Old.eventType, New.schemaVersion > Old.schemaVersion {
            entry.upcast = { payload in
                guard let old = payload as? Old else { return nil }
                return (upcast(old), New.schemaVersion)
            }
        }
        copy.entries[Old.eventType, default: [:]][Old.schemaVersion] = entry
        return copy
    }

    /// Every registered type (sorted) with its versions (ascending).
    public var supported: [(type: String, versions: [Int])] {
        entries.keys.sorted().map { type in (type: type, versions: (entries[type] ?? [:]).keys.sorted()) }
    }

    /// The version decoded payloads of `type` are upcast to; nil for an unknown type.
    public func newestVersion(of type: String) -> Int? {
        entries[type]?.keys.max()
    }

    public func isRegistered(type: String, version: Int) -> Bool {
        entries[type]?[version] != nil
    }

    // MARK: - Decoding

    /// Decodes one Kafka message value. Never traps on arbitrary bytes: every failure is an
    /// `EventDecodingError` whose `errorClass` says which kind.
    public func decode(_ bytes: [UInt8]) throws(EventDecodingError) -> AnyEvent {
        guard !bytes.isEmpty else { throw .notJSON("the message is empty") }
        guard EventJSON.isValidUTF8(bytes) else { throw .notJSON("the message is not valid UTF-8") }
        // JSON forbids a byte order mark; Foundation skips one silently, schema validators refuse it.
        guard !bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { throw .notJSON("the message starts with a byte order mark") }
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: bytes)
        } catch {
            throw .notJSON("the message is not valid JSON: \(error)")
        }
        return try IncomingEnvelope(document, registry: self).event
    }

    /// Called by `IncomingEnvelope` once the attributes are known good.
    func decodePayload(
        type: String, version: Int, from decoder: any Decoder
    ) throws(EventDecodingError) -> any EventPayload {
        guard let versions = entries[type] else { throw .unknownType(type) }
        guard let entry = versions[version] else { throw .unsupportedVersion(type: type, version: version) }
        var payload = try entry.decode(decoder)
        var current = entry
        // Each step raises the version, so this ends after at most one step per registered version.
        for _ in 0..<versions.count {
            guard let upcast = current.upcast, let (next, nextVersion) = upcast(payload),
                  let nextEntry = versions[nextVersion]
            else { break }
            payload = next
            current = nextEntry
        }
        return payload
    }

    private static func decoder<P: EventPayload>(for type: P.Type) -> PayloadDecoder {
        { decoder throws(EventDecodingError) in
            let payload: P
            do {
                payload = try P(from: decoder)
            } catch let error as PayloadFieldError {
                throw .invalidData(type: P.eventType, version: P.schemaVersion, path: error.path, message: error.message)
            } catch {
                throw .invalidData(type: P.eventType, version: P.schemaVersion, path: "data", message: "\(error)")
            }
            try payload.validate()
            return payload
        }
    }

    // MARK: - Encoding

    /// Encodes envelope + data at `P.schemaVersion` as compact UTF-8 JSON.
    /// Throws `EventEncodingError` when the event would not pass the contract.
    public func encode<P: EventPayload>(_ event: Event<P>) throws -> [UInt8] {
        try encode(event.metadata, payload: event.data)
    }

    /// Encodes an event whose payload type is only known at run time.
    /// Throws `EventEncodingError` when the event would not pass the contract.
    public func encode(_ metadata: EventMetadata, payload: any EventPayload) throws -> [UInt8] {
        let payloadType = Swift.type(of: payload)
        guard metadata.type == payloadType.eventType, metadata.schemaVersion == payloadType.schemaVersion else {
            throw EventEncodingError.payloadMismatch(
                metadataType: metadata.type, metadataVersion: metadata.schemaVersion,
                payloadType: payloadType.eventType, payloadVersion: payloadType.schemaVersion)
        }
        guard isRegistered(type: metadata.type, version: metadata.schemaVersion) else {
            throw EventEncodingError.unregistered(type: metadata.type, version: metadata.schemaVersion)
        }
        do {
            try EnvelopeRules.check(metadata)
        } catch {
            throw EventEncodingError.invalidMetadata(attribute: error.attribute, message: error.message)
        }
        guard let time = EventTime.string(from: metadata.time) else {
            throw EventEncodingError.invalidMetadata(attribute: "time", message: "must lie in years 0001-9999")
        }
        do {
            try payload.validate()
        } catch {
            throw EventEncodingError.invalidPayload(error)
        }
        let data: [UInt8]
        do {
            data = try CompactJSONEncoder().encode(payload)
        } catch {
            throw EventEncodingError.encoderFailed("\(error)")
        }
        return EnvelopeWriter.write(metadata, time: time, data: data)
    }
}
