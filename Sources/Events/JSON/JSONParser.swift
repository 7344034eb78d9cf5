/// The single pass behind `JSONDocument`: a recursive descent over the bytes that appends one node per
/// value and checks the grammar as it goes. It reads through a buffer pointer: every byte of every
/// consumed message passes here, and array access would check bounds and reference counts per byte.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var position = 0
    private var depth = 0
    private(set) var nodes: [JSONDocument.Node] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        // An envelope is a few dozen values; reserving for it avoids regrowing the list per event.
        nodes.reserveCapacity(min(64, bytes.count / 4 + 1))
    }

    mutating func parseDocument() throws(JSONSyntaxError) {
        skipWhitespace()
        try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected content after the JSON value") }
    }

    private mutating func parseValue() throws(JSONSyntaxError) {
        guard position < bytes.count else { throw fail("unexpected end of input, a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): try parseContainer(.object, closing: UInt8(ascii: "}"))
        case UInt8(ascii: "["): try parseContainer(.array, closing: UInt8(ascii: "]"))
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try parseLiteral("true", .true)
        case UInt8(ascii: "f"): try parseLiteral("false", .false)
        case UInt8(ascii: "n"): try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        default: throw fail("unexpected character, a value was expected")
        }
    }

    private mutating func parseContainer(_ kind: JSONDocument.Kind, closing: UInt8) throws(JSONSyntaxError) {
        depth += 1
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth) levels") }
        let index = nodes.count
        nodes.append(JSONDocument.Node(kind: kind, start: position, end: position))
        position += 1
        skipWhitespace()
        var count = 0
        if position < bytes.count, bytes[position] == closing {
            position += 1
        } else {
            while true {
                if kind == .object {
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                        throw fail("a member name in quotes was expected")
                    }
                    try parseString()
                    skipWhitespace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("':' was expected") }
                    position += 1
                    skipWhitespace()
                }
                try parseValue()
                count += 1
                skipWhitespace()
                guard position < bytes.count else { throw fail("unexpected end of input inside a container") }
                if bytes[position] == closing {
                    position += 1
                    break
                }
                guard bytes[position] == UInt8(ascii: ",") else { throw fail("',' or the container's end was expected") }
                position += 1
                skipWhitespace()
            }
        }
        nodes[index].end = position
        nodes[index].count = count
        nodes[index].next = nodes.count
        depth -= 1
    }

    private mutating func parseString() throws(JSONSyntaxError) {
        position += 1
        let start = position
        var escaped = false
        while true {
            guard position < bytes.count else { throw fail("unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw fail("control character in a string") }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                position = try JSONEscapes.validate(bytes, escapeAt: position)
            } else {
                position += 1
            }
        }
        nodes.append(JSONDocument.Node(kind: .string, escaped: escaped, start: start, end: position, next: nodes.count + 1))
        position += 1
    }

    private mutating func parseLiteral(_ literal: StaticString, _ kind: JSONDocument.Kind) throws(JSONSyntaxError) {
        let length = literal.utf8CodeUnitCount
        guard position + length <= bytes.count else { throw fail("unexpected end of input in a literal") }
        let matches = literal.withUTF8Buffer { $0.elementsEqual(bytes[position..<(position + length)]) }
        guard matches else { throw fail("unknown literal") }
        nodes.append(JSONDocument.Node(kind: kind, start: position, end: position + length, next: nodes.count + 1))
        position += length
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func parseNumber() throws(JSONSyntaxError) {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, JSONNumber.isDigit(bytes[position]) else { throw fail("a digit was expected") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, JSONNumber.isDigit(bytes[position]) { throw fail("a number may not have leading zeros") }
        } else {
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, JSONNumber.isDigit(bytes[position]) else { throw fail("a digit was expected after '.'") }
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, JSONNumber.isDigit(bytes[position]) else { throw fail("a digit was expected in the exponent") }
            skipDigits()
        }
        nodes.append(JSONDocument.Node(kind: .number, start: start, end: position, next: nodes.count + 1))
    }

    private mutating func skipDigits() {
        while position < bytes.count, JSONNumber.isDigit(bytes[position]) { position += 1 }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    private func fail(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: position)
    }
}
