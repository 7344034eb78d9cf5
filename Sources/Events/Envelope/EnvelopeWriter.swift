import Foundation

/// Writes the envelope bytes directly: attributes in CloudEvents order, then `data` as the payload
/// encoder produced it. The attributes are plain strings, so writing them by hand is both
/// deterministic and cheap.
enum EnvelopeWriter {
    static func write(_ metadata: EventMetadata, time: String, data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 384)
        out.append(contentsOf: #"{"specversion":"1.0","id":""#.utf8)
        metadata.id.appendLowercased(to: &out)  // hex digits and dashes: nothing to escape
        out.append(contentsOf: #"","source":"#.utf8)
        JSONText.appendString(metadata.source, to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        JSONText.appendString(metadata.type, to: &out)
        out.append(contentsOf: #","schemaversion":"#.utf8)
        out.append(contentsOf: String(metadata.schemaVersion).utf8)
        out.append(contentsOf: #","time":"#.utf8)
        JSONText.appendString(time, to: &out)
        out.append(contentsOf: #","subject":"#.utf8)
        JSONText.appendString(metadata.subject, to: &out)
        out.append(contentsOf: #","datacontenttype":"application/json","correlationid":"#.utf8)
        JSONText.appendString(metadata.correlationID, to: &out)
        if let causationID = metadata.causationID {
            out.append(contentsOf: #","causationid":"#.utf8)
            JSONText.appendString(causationID, to: &out)
        }
        if let traceparent = metadata.traceparent {
            out.append(contentsOf: #","traceparent":"#.utf8)
            JSONText.appendString(traceparent, to: &out)
        }
        if let requestedBy = metadata.requestedBy {
            out.append(contentsOf: #","requestedby":"#.utf8)
            JSONText.appendString(requestedBy, to: &out)
        }
        out.append(contentsOf: #","data":"#.utf8)
        out.append(contentsOf: data)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
