/// Numbers as Foundation's `JSONDecoder` reads them into integer types: a number is accepted when its
/// value is a whole number that fits (`100`, `1e2` and `100.0` alike), refused otherwise.
enum JSONNumber {
    static func integer<T: FixedWidthInteger>(_ text: ArraySlice<UInt8>, as type: T.Type) -> T? {
        var index = text.startIndex
        let negative = text[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        if let value = plainDigits(text, from: index, negative: negative, as: T.self) { return value }
        var digits: [UInt8] = []
        var exponent = 0
        while index < text.endIndex, isDigit(text[index]) {
            digits.append(text[index] &- UInt8(ascii: "0"))
            index += 1
        }
        if index < text.endIndex, text[index] == UInt8(ascii: ".") {
            index += 1
            while index < text.endIndex, isDigit(text[index]) {
                digits.append(text[index] &- UInt8(ascii: "0"))
                exponent -= 1
                index += 1
            }
        }
        if index < text.endIndex, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
            index += 1
            var sign = 1
            if text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
                if text[index] == UInt8(ascii: "-") { sign = -1 }
                index += 1
            }
            var stated = 0
            while index < text.endIndex, isDigit(text[index]) {
                // Saturates: an exponent past a billion means overflow or a fraction either way.
                stated = min(stated * 10 + Int(text[index] &- UInt8(ascii: "0")), 1_000_000_000)
                index += 1
            }
            exponent += sign * stated
        }
        return scaled(digits, exponent: exponent, negative: negative, as: T.self)
    }

    /// Only digits (after an optional `-`) up to the end: the usual case, read in one loop.
    private static func plainDigits<T: FixedWidthInteger>(
        _ text: ArraySlice<UInt8>, from start: Int, negative: Bool, as type: T.Type
    ) -> T? {
        var value: T = 0
        for index in start..<text.endIndex {
            let byte = text[index]
            guard isDigit(byte) else { return nil }
            let digit = T(byte &- UInt8(ascii: "0"))
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            // Negative numbers are built downwards so the type's minimum fits.
            let (next, overflowAdd) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowTimes, !overflowAdd else { return nil }
            value = next
        }
        return value
    }

    private static func scaled<T: FixedWidthInteger>(_ digits: [UInt8], exponent: Int, negative: Bool, as type: T.Type) -> T? {
        var significant = digits.drop { $0 == 0 }
        var exponent = exponent
        while let last = significant.last, last == 0 {
            significant.removeLast()
            exponent += 1
        }
        if significant.isEmpty { return 0 }
        // A fraction left over, or more digits than any 64-bit integer has.
        guard exponent >= 0, significant.count + exponent <= 20 else { return nil }
        var value: T = 0
        for digit in significant + Array(repeating: 0, count: exponent) {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = negative ? times.subtractingReportingOverflow(T(digit)) : times.addingReportingOverflow(T(digit))
            guard !overflowTimes, !overflowAdd else { return nil }
            value = next
        }
        return value
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
