import Foundation

/// Untyped JSON for display and for `--json` output, where the value is passed through as it is.
enum JSONValue {
    static func parse(_ bytes: [UInt8]?) -> Any? {
        guard let bytes, !bytes.isEmpty else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// Compact JSON with sorted keys; nil when `value` is not representable.
    static func compact(_ value: Any) -> String? {
        guard JSONSerialization.isValidJSONObject([value]),
              let data = try? JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func line(_ object: [String: Any]) -> String {
        compact(object) ?? "{}"
    }
}
