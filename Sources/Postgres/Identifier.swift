/// Names this library puts into SQL text itself (databases, tables): only plain lower-case identifiers,
/// always double-quoted, so no value can change the statement.
enum Identifier {
    static func isPlain(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63 else { return false }
        guard first == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }

    /// `name` or `schema.name`, each part plain; nil otherwise.
    static func quotedQualified(_ name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy(isPlain) else { return nil }
        return parts.map { "\"\($0)\"" }.joined(separator: ".")
    }
}
