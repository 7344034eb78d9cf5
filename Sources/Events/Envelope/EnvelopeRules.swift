/// Constraints of schemas/envelope/v1.json on attribute values, shared by decoding (a violation
/// means "not an envelope") and encoding (a violation is refused before anything is sent).
enum EnvelopeRules {
    struct Violation: Error {
        let attribute: String
        let message: String
    }

    static func check(_ metadata: EventMetadata) throws(Violation) {
        try nonEmpty(metadata.source, "source")
        try nonEmpty(metadata.type, "type")
        if metadata.schemaVersion < 1 {
            throw Violation(attribute: "schemaversion", message: "must be at least 1")
        }
        try nonEmpty(metadata.subject, "subject")
        try nonEmpty(metadata.correlationID, "correlationid")
        if let causationID = metadata.causationID {
            try nonEmpty(causationID, "causationid")
        }
        if let requestedBy = metadata.requestedBy {
            try nonEmpty(requestedBy, "requestedby")
        }
        if let traceparent = metadata.traceparent, !isTraceparent(traceparent) {
            throw Violation(attribute: "traceparent", message: "must be W3C trace context 00-<32 hex>-<16 hex>-<2 hex>")
        }
    }

    private static func nonEmpty(_ value: String, _ attribute: String) throws(Violation) {
        if value.isEmpty { throw Violation(attribute: attribute, message: "must not be empty") }
    }

    /// `^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$`
    static func isTraceparent(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 55 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 2 || index == 35 || index == 52 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                let isHex = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
                guard isHex else { return false }
            }
        }
        return true
    }
}
