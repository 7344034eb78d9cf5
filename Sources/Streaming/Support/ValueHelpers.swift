import Foundation
import Postgres

extension PostgresValue {
    public static func optionalText(_ value: String?) -> PostgresValue { value.map { .text($0) } ?? .null }
    public static func optionalUUID(_ value: UUID?) -> PostgresValue { value.map { .uuid($0) } ?? .null }
}

/// Compact, key-sorted JSON for jsonb columns.
public enum JSONText {
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
