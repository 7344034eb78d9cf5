/// The `data` of one event type at one schema version.
///
/// Codable conformance decodes and encodes exactly the JSON that `topics/schemas/<type>/v<N>.json`
/// describes; `validate()` checks what JSON types alone cannot (patterns, minimums, minItems).
public protocol EventPayload: Codable, Sendable, Equatable {
    /// The CloudEvents `type`, e.g. `order.placed`.
    static var eventType: String { get }
    /// The schema version this Swift type encodes.
    static var schemaVersion: Int { get }
    /// Constraints the JSON schema states beyond types; throws `EventDecodingError.invalidData`
    /// with a JSON path like `data.lines[0].quantity`.
    func validate() throws(EventDecodingError)
}

extension EventPayload {
    /// Equality across existentials: true when `other` is the same Swift type with equal fields.
    func isEqual(to other: any EventPayload) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}
