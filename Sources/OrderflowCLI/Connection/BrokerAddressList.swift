import Foundation

/// `host:port,host:port` as given in --brokers or KAFKA_BROKERS, checked before any connection is tried:
/// librdkafka would take `nonsense` as a host on port 9092 and a port of 99999 as a name it cannot
/// resolve, and the command would wait out its whole connect timeout for either.
enum BrokerAddressList {
    /// The problem with `text`, or nil when every entry is `host:port` (an IPv6 host in brackets,
    /// an optional `protocol://` prefix) with a port from 1 to 65535.
    static func problem(in text: String) -> String? {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !entries.isEmpty, !entries.contains(where: \.isEmpty) else {
            return "\"\(text)\" has an empty entry; expected host:port[,host:port...]"
        }
        for entry in entries {
            var address = Substring(entry)
            if let scheme = address.range(of: "://") { address = address[scheme.upperBound...] }
            let host: Substring
            let port: Substring
            if address.hasPrefix("[") {
                guard let close = address.firstIndex(of: "]"), address[address.index(after: close)...].hasPrefix(":") else {
                    return "\"\(entry)\" is not host:port (an IPv6 address goes in brackets: [::1]:9092)"
                }
                host = address[address.index(after: address.startIndex)..<close]
                port = address[address.index(close, offsetBy: 2)...]
            } else {
                guard let colon = address.lastIndex(of: ":") else {
                    return "\"\(entry)\" is not host:port (for example localhost:9092)"
                }
                host = address[..<colon]
                port = address[address.index(after: colon)...]
            }
            guard !host.isEmpty else { return "\"\(entry)\" names no host (expected host:port)" }
            guard let number = Int(port), (1...65_535).contains(number) else {
                return "\"\(entry)\": the port must be a number from 1 to 65535, not \"\(port)\""
            }
        }
        return nil
    }
}
