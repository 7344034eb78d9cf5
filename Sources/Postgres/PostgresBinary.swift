import Foundation

/// Parameters in PostgreSQL's binary wire format. Arrays go this way: the server copies their elements
/// instead of parsing a text literal (quotes, escapes, bytea's hex digits), which is most of what a
/// multi-row insert of a batch's outbox rows costs it.
enum PostgresBinary {
    /// A one-dimensional array without NULLs: header, then each element's length and bytes.
    static func array<S: Collection>(
        elementOID: UInt32, _ elements: S, elementSize: (S.Element) -> Int, write: (S.Element, inout [UInt8]) -> Void
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(20 + elements.reduce(0) { $0 + 4 + elementSize($1) })
        append(Int32(elements.isEmpty ? 0 : 1), to: &out)  // dimensions; an empty array has none
        append(Int32(0), to: &out)  // no NULL elements
        append(elementOID, to: &out)
        if !elements.isEmpty {
            append(Int32(elements.count), to: &out)
            append(Int32(1), to: &out)  // lower bound
        }
        for element in elements {
            append(Int32(elementSize(element)), to: &out)
            write(element, &out)
        }
        return out
    }

    static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    static func append(_ uuid: UUID, to out: inout [UInt8]) {
        withUnsafeBytes(of: uuid.uuid) { out.append(contentsOf: $0) }
    }
}
