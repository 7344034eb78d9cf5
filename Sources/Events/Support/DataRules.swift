/// Checks for the constraints a payload's JSON schema states beyond types. Failures carry the
/// payload's type and version and a JSON path from the envelope root (`data.` + the given path).
struct DataRules {
    let type: String
    let version: Int

    init<Payload: EventPayload>(for payload: Payload.Type) {
        type = Payload.eventType
        version = Payload.schemaVersion
    }

    func failure(_ path: String, _ message: String) -> EventDecodingError {
        .invalidData(type: type, version: version, path: "data." + path, message: message)
    }

    /// schema: `"minLength": 1`
    func nonEmpty(_ value: String, at path: String) throws(EventDecodingError) {
        if value.isEmpty { throw failure(path, "must not be empty") }
    }

    /// schema: `"minItems": 1`
    func nonEmpty<C: Collection>(_ value: C, at path: String) throws(EventDecodingError) {
        if value.isEmpty { throw failure(path, "must have at least one item") }
    }

    /// schema: `"minimum": n`
    func atLeast<Number: BinaryInteger>(_ minimum: Number, _ value: Number, at path: String) throws(EventDecodingError) {
        if value < minimum { throw failure(path, "must be at least \(minimum), got \(value)") }
    }

    /// schema: `"pattern": "^[A-Z]{n}$", "maxLength": n` (ISO country and currency codes).
    func uppercaseLetters(_ value: String, count: Int, at path: String) throws(EventDecodingError) {
        let utf8 = value.utf8
        let valid = utf8.count == count && utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        if !valid { throw failure(path, "must be \(count) uppercase letters A-Z, got \"\(value)\"") }
    }

    /// schema: `"format": "date"` — a real `YYYY-MM-DD` day.
    func calendarDate(_ value: String, at path: String) throws(EventDecodingError) {
        if !EventTime.isCalendarDate(value) { throw failure(path, "must be a calendar date YYYY-MM-DD, got \"\(value)\"") }
    }

    /// ISO 4217 currency code.
    func currency(_ value: String, at path: String) throws(EventDecodingError) {
        try uppercaseLetters(value, count: 3, at: path)
    }

    /// ISO 3166-1 alpha-2 country code.
    func country(_ value: String, at path: String) throws(EventDecodingError) {
        try uppercaseLetters(value, count: 2, at: path)
    }
}
