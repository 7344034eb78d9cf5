import CLibPQ
import Logging

/// Routes server notices (NOTICE, WARNING) to the logger instead of libpq's default, stderr.
final class NoticeSink: Sendable {
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func receive(_ result: OpaquePointer) {
        let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V"))).map { String(cString: $0) } ?? "NOTICE"
        let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) } ?? ""
        if severity == "WARNING" {
            logger.warning("postgres: \(message)")
        } else {
            logger.debug("postgres \(severity.lowercased()): \(message)")
        }
    }
}
