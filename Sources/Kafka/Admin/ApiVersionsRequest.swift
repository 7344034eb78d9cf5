#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CRdKafka

/// One ApiVersions request (API key 18, version 0) on a TCP connection of its own. librdkafka asks every
/// broker the same when it connects, but keeps the answer to itself. Version 0 is the one every broker
/// answers: one that serves only newer versions still replies in version 0's format with its list.
/// Blocking: call from a dispatch queue.
enum ApiVersionsRequest {
    static let clientID = "orderflow-admin"
    /// A broker's answer lists a few dozen APIs in a few hundred bytes; anything far larger is not Kafka.
    static let largestAnswer = 64 * 1024

    static func ask(host: String, port: Int, timeout: Duration) throws(KafkaError) -> APIVersions {
        let context = "asking broker \(host):\(port) for its API versions"
        let socket = try open(host: host, port: port, timeout: timeout, context: context)
        defer { close(socket) }
        try sendAll(request(correlationID: 1), to: socket, context: context)
        var sizeReader = BigEndianReader(try receive(4, from: socket, context: context))
        let size = (try? sizeReader.int32()).map(Int.init) ?? 0
        guard (10...largestAnswer).contains(size) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__BAD_MSG, context: context, detail: "an answer of \(size) bytes is not an ApiVersions answer")
        }
        return try parse(try receive(size, from: socket, context: context), correlationID: 1, context: context)
    }

    /// Size, then the request header (key, version, correlation id, client id); version 0 has no body.
    static func request(correlationID: Int32) -> [UInt8] {
        var header: [UInt8] = []
        header.appendBigEndian(Int16(KafkaAPI.apiVersions.rawValue))
        header.appendBigEndian(Int16(0))
        header.appendBigEndian(correlationID)
        header.appendBigEndian(Int16(clientID.utf8.count))
        header += Array(clientID.utf8)
        var message: [UInt8] = []
        message.appendBigEndian(Int32(header.count))
        return message + header
    }

    /// The answer after its size: correlation id, error code, then (key, min, max) per API.
    static func parse(_ bytes: [UInt8], correlationID: Int32, context: String) throws(KafkaError) -> APIVersions {
        let answer: (correlation: Int32, error: Int16, ranges: [Int16: ClosedRange<Int16>])
        do {
            answer = try fields(bytes)
        } catch {
            throw KafkaError(RD_KAFKA_RESP_ERR__BAD_MSG, context: context, detail: "the answer ends early")
        }
        guard answer.correlation == correlationID else {
            throw KafkaError(
                RD_KAFKA_RESP_ERR__BAD_MSG, context: context, detail: "the answer is to request \(answer.correlation), not \(correlationID)")
        }
        // UNSUPPORTED_VERSION still carries the list; any other error leaves it meaningless.
        let unsupported = Int16(RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION.rawValue)
        guard answer.error == 0 || (answer.error == unsupported && !answer.ranges.isEmpty) else {
            throw KafkaError(rd_kafka_resp_err_t(rawValue: Int32(answer.error)), context: context)
        }
        return APIVersions(answer.ranges)
    }

    private static func fields(
        _ bytes: [UInt8]
    ) throws(BigEndianReader.Truncated) -> (correlation: Int32, error: Int16, ranges: [Int16: ClosedRange<Int16>]) {
        var reader = BigEndianReader(bytes)
        let correlation = try reader.int32()
        let error = try reader.int16()
        let count = try reader.int32()
        // Each entry takes six bytes: a count the answer cannot hold is a truncated answer.
        guard count >= 0, Int(count) * 6 <= bytes.count else { throw BigEndianReader.Truncated() }
        var ranges: [Int16: ClosedRange<Int16>] = [:]
        for _ in 0..<count {
            let key = try reader.int16(), lowest = try reader.int16(), highest = try reader.int16()
            if lowest <= highest { ranges[key] = lowest...highest }
        }
        return (correlation, error, ranges)
    }

    private static func open(host: String, port: Int, timeout: Duration, context: String) throws(KafkaError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamSocketType
        var found: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &found)
        guard resolved == 0, let first = found else {
            throw KafkaError(RD_KAFKA_RESP_ERR__RESOLVE, context: context, detail: String(cString: gai_strerror(resolved)))
        }
        defer { freeaddrinfo(first) }
        var lastError: Int32 = 0
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let address = next {
            next = address.pointee.ai_next
            let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard descriptor >= 0 else {
                lastError = errno
                continue
            }
            // On Linux the send timeout also bounds connect().
            var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            if connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return descriptor }
            lastError = errno
            close(descriptor)
        }
        throw KafkaError(RD_KAFKA_RESP_ERR__TRANSPORT, context: context, detail: String(cString: strerror(lastError)))
    }

    private static func sendAll(_ bytes: [UInt8], to socket: Int32, context: String) throws(KafkaError) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                send(socket, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw transportError(context) }
            sent += count
        }
    }

    private static func receive(_ size: Int, from socket: Int32, context: String) throws(KafkaError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        var received = 0
        while received < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                recv(socket, buffer.baseAddress! + received, buffer.count - received, 0)
            }
            guard count > 0 else {
                if count == 0 { throw KafkaError(RD_KAFKA_RESP_ERR__TRANSPORT, context: context, detail: "the broker closed the connection") }
                throw transportError(context)
            }
            received += count
        }
        return bytes
    }

    private static func transportError(_ context: String) -> KafkaError {
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK { return KafkaError.timedOut(context, "no answer in time") }
        return KafkaError(RD_KAFKA_RESP_ERR__TRANSPORT, context: context, detail: String(cString: strerror(code)))
    }

    #if os(Linux)
    private static let streamSocketType = Int32(SOCK_STREAM.rawValue)
    #else
    private static let streamSocketType = SOCK_STREAM
    #endif
}

/// Reads big-endian integers off the front of a byte array, as Kafka's protocol writes them.
struct BigEndianReader {
    struct Truncated: Error {}

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func int16() throws(Truncated) -> Int16 { Int16(bitPattern: UInt16(try take(2))) }
    mutating func int32() throws(Truncated) -> Int32 { Int32(bitPattern: UInt32(try take(4))) }

    private mutating func take(_ count: Int) throws(Truncated) -> UInt64 {
        guard position + count <= bytes.count else { throw Truncated() }
        defer { position += count }
        return bytes[position..<position + count].reduce(0) { $0 << 8 | UInt64($1) }
    }
}

extension [UInt8] {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}
