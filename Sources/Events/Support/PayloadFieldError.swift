/// A payload field that failed to decode, with its JSON path from the envelope root.
/// The registry turns it into `EventDecodingError.invalidData`; Foundation's own DecodingError
/// paths are not used because they are empty for some failures (numbers out of range).
struct PayloadFieldError: Error {
    let path: String
    let message: String
}

enum JSONPath {
    /// `data.lines[0].quantity` from coding keys; array indices render as `[n]`.
    static func render(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                if !path.isEmpty { path += "." }
                path += key.stringValue
            }
        }
        return path.isEmpty ? "$" : path
    }
}
