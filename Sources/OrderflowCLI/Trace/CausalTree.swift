import Foundation
import Streaming

/// Orders one correlation's events by cause: each event under the event that caused it (its
/// `causationid`), siblings by time. Dead letters and replays carry the id of the event they copy and
/// hang under it; events whose cause was not found (expired, or outside the topics read) are roots.
struct CausalTree {
    struct Node {
        var view: EventView
        var children: [Int] = []
        var note: String?
        /// The event that caused this one, when it was found (not for copies: a dead letter or replay).
        var cause: Int?
    }

    /// One hop of the flow: from the cause's event time to this event's, which is how long the cause
    /// took to reach its consumer (relay, broker, fetch) and be handled there; and from this event's time
    /// to its record's timestamp on Kafka, which is how long it waited in its outbox.
    struct Hop {
        var sinceCause: TimeInterval?
        var toKafka: TimeInterval?
    }

    func hop(_ node: Node) -> Hop {
        var hop = Hop()
        if let cause = node.cause, let time = node.view.time, let causeTime = nodes[cause].view.time {
            hop.sinceCause = time.timeIntervalSince(causeTime)
        }
        // Only an event's own time and its record's timestamp are comparable; a record without an
        // envelope time already shows the timestamp as its time.
        if let time = node.view.event?.metadata.time, let stamp = node.view.message.timestamp {
            hop.toKafka = stamp.timeIntervalSince(time)
        }
        return hop
    }

    private(set) var nodes: [Node]
    private(set) var roots: [Int]

    init(_ views: [EventView]) {
        let sorted = views.sorted(by: Self.chronological)
        nodes = sorted.map { Node(view: $0) }
        var firstPlain: [String: Int] = [:]
        for (index, node) in nodes.enumerated() where Self.copiedFrom(node.view) == nil {
            if let id = node.view.id, firstPlain[id] == nil { firstPlain[id] = index }
        }
        var roots: [Int] = []
        for index in nodes.indices {
            let view = nodes[index].view
            var parent: Int?
            if let copied = Self.copiedFrom(view) {
                nodes[index].note = copied
                parent = view.id.flatMap { firstPlain[$0] }
            } else if let id = view.id, let first = firstPlain[id], first != index {
                nodes[index].note = "duplicate of \(nodes[first].view.position)"
                parent = first
            } else if let cause = view.causationID {
                parent = firstPlain[cause]
                nodes[index].cause = parent
            }
            if let parent, parent != index {
                nodes[parent].children.append(index)
            } else {
                roots.append(index)
            }
        }
        self.roots = roots
    }

    /// Depth-first: (node, depth, prefix for tree drawing).
    func walk() -> [(node: Node, depth: Int, prefix: String)] {
        var result: [(Node, Int, String)] = []
        var visited = Set<Int>()
        func visit(_ index: Int, depth: Int, prefix: String, childPrefix: String) {
            guard visited.insert(index).inserted else { return }
            result.append((nodes[index], depth, prefix))
            let children = nodes[index].children
            for (position, child) in children.enumerated() {
                let last = position == children.count - 1
                visit(child, depth: depth + 1, prefix: childPrefix + (last ? "└─ " : "├─ "),
                      childPrefix: childPrefix + (last ? "   " : "│  "))
            }
        }
        for root in roots { visit(root, depth: 0, prefix: "", childPrefix: "") }
        return result
    }

    /// Why a message is a copy of another event: a dead letter or a replay of one.
    static func copiedFrom(_ view: EventView) -> String? {
        let headers = view.message.headers
        if let replayed = headers.string(named: DeadLetterHeaders.replayedFrom) {
            return "replayed from \(replayed)"
        }
        if headers.string(named: DeadLetterHeaders.originalTopic) != nil {
            let group = headers.string(named: DeadLetterHeaders.consumerGroup) ?? "?"
            let errorClass = headers.string(named: DeadLetterHeaders.errorClass) ?? "?"
            let reason = headers.string(named: DeadLetterHeaders.errorMessage) ?? ""
            return "dead-lettered by \(group): \(errorClass) \(TextTrim.trim(reason, to: 80))"
        }
        return nil
    }

    static func chronological(_ a: EventView, _ b: EventView) -> Bool {
        let left = a.time ?? .distantPast, right = b.time ?? .distantPast
        if left != right { return left < right }
        let (ma, mb) = (a.message, b.message)
        return (ma.topic, ma.partition, ma.offset) < (mb.topic, mb.partition, mb.offset)
    }
}
