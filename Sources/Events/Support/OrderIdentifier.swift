import Foundation

/// The one canonical text of an order id, used as Kafka key, event subject and database id: a UUID in
/// lowercase; anything else (a rejected request may carry a malformed id) exactly as it was sent.
public enum OrderIdentifier {
    public static func canonical(_ text: String) -> String {
        UUID(parsing: text)?.lowercased ?? text
    }
}
