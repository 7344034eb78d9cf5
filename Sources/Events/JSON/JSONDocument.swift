/// One JSON text parsed in a single pass into a flat list of nodes, values in document order, each
/// container followed by its members. Values stay in the input bytes until asked for: a string is its
/// byte range, a number its digits. This is what event decoding reads instead of Foundation's
/// `JSONDecoder`; every consumed message goes through it, so it is per-event time.
///
/// Unchecked Sendable: nothing changes after `init`, and the node buffer it owns is freed only in `deinit`.
final class JSONDocument: @unchecked Sendable {
    enum Kind: UInt8, Sendable {
        case object, array, string, number, `true`, `false`, null
    }

    struct Node: Sendable {
        var kind: Kind
        /// Whether a string holds a backslash escape (otherwise its bytes are its text).
        var escaped = false
        /// Strings: the bytes between the quotes. Numbers and literals: their bytes.
        var start: Int
        var end: Int
        /// Objects: members (each a key node then a value node). Arrays: elements.
        var count = 0
        /// The index of the first node after this one's subtree.
        var next = 0
    }

    let bytes: [UInt8]
    /// Held outside an array: the decoder reads nodes at every step, and an array's buffer would be
    /// retained and released around many of those reads.
    let nodes: UnsafeBufferPointer<Node>

    /// Parses `bytes` as RFC 8259 JSON: no trailing commas, leading zeros, control characters in
    /// strings, lone surrogate escapes or content after the value; nesting deeper than `maxDepth` is refused.
    init(parsing bytes: [UInt8], maxDepth: Int = 512) throws(JSONSyntaxError) {
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, maxDepth: maxDepth)
            return Result { () throws(JSONSyntaxError) in
                try parser.parseDocument()
                return parser.nodes
            }
        }
        let list = try parsed.get()
        let storage = UnsafeMutableBufferPointer<Node>.allocate(capacity: list.count)
        _ = storage.initialize(from: list)
        self.bytes = bytes
        self.nodes = UnsafeBufferPointer(storage)
    }

    deinit {
        // Nodes are plain values: nothing to deinitialize before freeing.
        UnsafeMutableBufferPointer(mutating: nodes).deallocate()
    }

    /// Where the member `key` of the object at `object` has its value, the first one if the key repeats.
    func member(_ key: String, of object: Int) -> Int? {
        var index = object + 1
        for _ in 0..<nodes[object].count {
            if keyEquals(index, key) { return index + 1 }
            index = nodes[index + 1].next
        }
        return nil
    }

    /// Calls `body` with each key of the object at `object`, in document order, and the index of its value.
    func forEachMember(of object: Int, _ body: (String, Int) -> Void) {
        var index = object + 1
        for _ in 0..<nodes[object].count {
            body(string(at: index), index + 1)
            index = nodes[index + 1].next
        }
    }

    /// The text of the string node at `index`, escapes resolved.
    func string(at index: Int) -> String {
        let node = nodes[index]
        guard node.escaped else { return String(decoding: bytes[node.start..<node.end], as: UTF8.self) }
        return String(decoding: JSONEscapes.unescape(bytes[node.start..<node.end]), as: UTF8.self)
    }

    private func keyEquals(_ index: Int, _ key: String) -> Bool {
        let node = nodes[index]
        if node.escaped { return string(at: index) == key }
        var key = key
        return key.withUTF8 { wanted in
            // Lengths first: most keys of an object differ from the one asked for in length already.
            guard wanted.count == node.end - node.start else { return false }
            return bytes.withUnsafeBufferPointer { all in
                UnsafeBufferPointer(rebasing: all[node.start..<node.end]).elementsEqual(wanted)
            }
        }
    }
}

/// Why bytes are not JSON, with the offset where reading stopped.
struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    let message: String
    let offset: Int

    var description: String { "\(message) at byte \(offset)" }
}
