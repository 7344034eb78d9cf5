import Kafka
import TestSupport
import Testing

@Suite struct RebalanceTests {
    /// A second member joining takes partitions from the first; the first commits what it stored for those
    /// partitions before giving them up.
    @Test(.timeLimit(.minutes(1)))
    func joiningMemberCausesRevokeWithCommittedOffsetsThenAssign() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("rebalance")
        try broker.createTopic(topic, partitions: 4)
        let group = KafkaTesting.unique("group")
        let producer = try KafkaTesting.producer(broker)
        let records = (0..<4).flatMap { partition in
            (0..<10).map { index in
                KafkaRecord(topic: topic, key: nil, value: Array("\(partition)-\(index)".utf8), partition: Int32(partition))
            }
        }
        for result in await producer.send(records) { _ = try result.get() }
        await producer.close()

        let firstLog = RebalanceLog()
        let firstReport = LogCapture()
        let first = try KafkaTesting.consumer(
            broker, group: group, topics: [topic], onRebalance: firstLog.handler, logger: firstReport.logger("first")
        )
        let consumed = try await KafkaTesting.poll(first, count: 40, timeout: .seconds(15))
        #expect(consumed.count == 40)
        #expect(firstLog.assigned.count == 4)
        // Store (without committing) progress: 7 of the 10 records of every partition.
        try first.store(consumed.filter { $0.offset < 7 })

        let secondLog = RebalanceLog()
        let second = try KafkaTesting.consumer(broker, group: group, topics: [topic], onRebalance: secondLog.handler)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        var handedOver: [KafkaMessage] = []
        while secondLog.assigned.isEmpty || firstLog.revoked.isEmpty, clock.now < deadline {
            async let a = first.poll(maxMessages: 100, maxWait: .milliseconds(100))
            async let b = second.poll(maxMessages: 100, maxWait: .milliseconds(100))
            let (fromFirst, fromSecond) = try await (a, b)
            #expect(fromFirst.isEmpty, "the first member already had everything")
            handedOver += fromSecond
        }

        let revoked = firstLog.revoked
        #expect(!revoked.isEmpty)
        #expect(Set(revoked) == secondLog.assigned)
        #expect(firstLog.assigned.union(secondLog.assigned).count == 4)
        #expect(firstLog.assigned.isDisjoint(with: secondLog.assigned))
        guard case .assigned = firstLog.all.first else {
            Issue.record("first event should be an assignment: \(firstLog.all)")
            return
        }
        let committed = try await second.committed(revoked, timeout: .seconds(5))
        let missing = 3 * revoked.count - handedOver.count
        if missing > 0 { handedOver += try await KafkaTesting.poll(second, count: missing, timeout: .seconds(5)) }
        handedOver += try await second.poll(maxMessages: 100, maxWait: .milliseconds(300))  // nothing more may come
        let expectations = {
            #expect(committed == Dictionary(uniqueKeysWithValues: revoked.map { ($0, Int64(7)) }))
            // The new owner resumes after the committed offsets.
            #expect(handedOver.map(\.offset).sorted() == Array(repeating: [7, 8, 9], count: revoked.count).flatMap { $0 }.sorted())
        }
        if firstReport.contains("committing offsets before revocation failed") && firstReport.contains("REBALANCE_IN_PROGRESS") {
            // The 2.0.2 mock completes a sync round as soon as the leader's SyncGroup arrives; a follower whose
            // SyncGroup comes second is told to rejoin, and the mock refuses commits until that extra round ends.
            withKnownIssue("mock cluster SyncGroup race rejected the commit on revoke", isIntermittent: true, expectations)
        } else {
            expectations()
        }
        await second.close()
        await first.close()
    }
}
