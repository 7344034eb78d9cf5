import Foundation

/// Writes the envelope bytes directly: attributes in CloudEvents order, then `data` as the JSON
/// encoder produced it. Foundation's encoder orders keys by hash (different in every process),
/// and the attributes are plain strings, so writing them by hand is both deterministic and cheap.
enum EnvelopeWriter {
    static func write(_ metadata: EventMetadata, time: String, data: Data) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 384)
        out.append(contentsOf: #"{"specversion":"1.0","id":"#.utf8)
        appendString(metadata.id.lowercased, to: &out)
        out.append(contentsOf: #","source":"#.utf8)
        appendString(metadata.source, to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        appendString(metadata.type, to: &out)
        out.append(contentsOf: #","schemaversion":"#.utf8)
        out.append(contentsOf: String(metadata.schemaVersion).utf8)
        out.append(contentsOf: #","time":"#.utf8)
        appendString(time, to: &out)
        out.append(contentsOf: #","subject":"#.utf8)
        appendString(metadata.subject, to: &out)
        out.append(contentsOf: #","datacontenttype":"application/json","correlationid":"#.utf8)
        appendString(metadata.correlationID, to: &out)
        if let causationID = metadata.causationID {
            out.append(contentsOf: #","causationid":"#.utf8)
            appendString(causationID, to: &out)
        }
        if let traceparent = metadata.traceparent {
            out.append(contentsOf: #","traceparent":"#.utf8)
            appendString(traceparent, to: &out)
        }
        out.append(contentsOf: #","data":"#.utf8)
        out.append(contentsOf: data)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// A JSON string literal (RFC 8259 escaping: quote, backslash and control characters).
    static func appendString(_ value: String, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
