import Events
import Kafka
import OrderTraffic

/// What a scenario publishes: the good orders (whose outcomes are checked), every record in publish
/// order, and the dead letters that must come of it.
struct FaultWorkload: Sendable {
    /// An event id reused with a different body: only the first body may take effect.
    struct DuplicateID: Sendable {
        var orderID: String
        var customer: String
        var impostorCustomer: String
    }

    /// The oversized value goes last, alone, followed by a few canary orders: a consumer that cannot
    /// dead-letter it stops, and the canaries show whether the service carried on.
    struct Oversized: Sendable {
        var record: KafkaRecord
        var canaries: [GeneratedOrder]
        var canaryRecords: [KafkaRecord]
    }

    var orders: [GeneratedOrder]
    var records: [KafkaRecord]
    /// Dead letters of `records` (the oversized value's is checked on its own).
    var expectedDeadLetters = DeadLetterTally()
    var duplicateID: DuplicateID?
    var oversized: Oversized?
    var poisonRecords = 0
    /// Parked-key scenario: the order whose payments fail, and what was seen of it.
    var parkedKey: ParkedKeyWatch?

    static let canaryCount = 12

    /// The consumer groups reading `orders`: a poison message there is dead-lettered once by each.
    static let ordersTopicGroups = RetentionWatch.subscriptions.filter { $0.value.contains(TopicCatalog.orders) }.count

    static func build(_ plan: FaultScenarioPlan) throws(FaultRunError) -> FaultWorkload {
        var generator = OrderGenerator(seed: plan.seed)
        let orders = (0..<plan.orders).map { _ in generator.next() }
        var records: [KafkaRecord] = []
        for order in orders {
            do {
                records.append(try OrderRequestPublisher.record(for: order))
            } catch {
                throw .setup("encoding a generated order: \(error)")
            }
        }
        var workload = FaultWorkload(orders: orders, records: records)
        if plan.scenario == .poison { try workload.addPoison(plan) }
        if plan.scenario == .parkedKey, plan.faultRounds > 0 { try workload.choosePoisonedKey() }
        return workload
    }

    /// The first out-of-stock order published after the fault is switched on (a third into the window;
    /// the orders are paced evenly, so two fifths in leaves a margin): the inventory rejects it, so its
    /// cancellation follows its order.placed on the same key while that is parked.
    private mutating func choosePoisonedKey() throws(FaultRunError) {
        guard let order = orders[(orders.count * 2 / 5)...].first(where: { $0.scenario == .outOfStock }) else {
            throw .setup("no out-of-stock order in the second part of the workload to poison")
        }
        parkedKey = ParkedKeyWatch(order: order)
    }

    /// Poison of every kind to `order-requests` (and a fifth as much to `orders`), at pseudo-random places
    /// among the good orders; one reused event id; the oversized value kept for the end.
    private mutating func addPoison(_ plan: FaultScenarioPlan) throws(FaultRunError) {
        let catalog = PoisonCatalog(oversizedValueBytes: plan.oversizedValueBytes)
        var bases = OrderGenerator(mix: .allPaid, seed: plan.seed ^ 0xBAD_F00D)
        var random = SplitMix64(seed: plan.seed ^ 0x9015_0)
        var poison: [KafkaRecord] = []
        for kind in PoisonKind.atVolume {
            for _ in 0..<plan.poisonPerKind {
                poison.append(try catalog.record(kind, from: bases.next(), topic: TopicCatalog.orderRequests))
            }
            expectedDeadLetters.counts[.init(topic: TopicCatalog.orderRequests, errorClass: kind.expectedErrorClass), default: 0] += plan.poisonPerKind
            let onOrders = max(1, plan.poisonPerKind / 5)
            for _ in 0..<onOrders {
                poison.append(try catalog.record(kind, from: bases.next(), topic: TopicCatalog.orders))
            }
            expectedDeadLetters.counts[.init(topic: TopicCatalog.orders, errorClass: kind.expectedErrorClass), default: 0] +=
                onOrders * Self.ordersTopicGroups
        }
        for record in poison {
            records.insert(record, at: Int(random.next() % UInt64(records.count + 1)))
        }
        var canaryGenerator = OrderGenerator(mix: .allPaid, seed: plan.seed ^ 0xCA_4A21)
        let canaries = (0..<Self.canaryCount).map { _ in canaryGenerator.next() }
        var canaryRecords: [KafkaRecord] = []
        for canary in canaries {
            do {
                canaryRecords.append(try OrderRequestPublisher.record(for: canary))
            } catch {
                throw .setup("encoding a generated order: \(error)")
            }
        }
        oversized = Oversized(
            record: try catalog.record(.oversized, from: bases.next(), topic: TopicCatalog.orderRequests),
            canaries: canaries, canaryRecords: canaryRecords)

        var paid = OrderGenerator(mix: .allPaid, seed: plan.seed ^ 0xD0B1E)
        let original = paid.next()
        let pair = try PoisonCatalog.duplicateIDPair(original, topic: TopicCatalog.orderRequests)
        records.insert(pair.first, at: records.count / 2)
        records.insert(pair.second, at: records.count * 3 / 4)
        orders.append(original)
        duplicateID = DuplicateID(orderID: original.storedID, customer: original.request.customerId, impostorCustomer: pair.secondCustomer)
        poisonRecords = poison.count + 2
    }
}
