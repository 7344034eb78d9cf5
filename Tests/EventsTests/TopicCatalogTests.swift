import Events
import Foundation
import Testing

/// TopicCatalog (what the code publishes to) and topics/topics.json (what gets created) agree.
@Suite struct TopicCatalogTests {
    struct TopicsFile: Decodable {
        struct Topic: Decodable {
            let name: String
            let key: String
            let partitions: Int
            let replicationFactor: Int
            let retentionMs: Int64
            let cleanupPolicy: String
            let deadLetterTopic: String?
            let eventTypes: [String]
            let description: String
        }
        let topics: [Topic]
    }

    let file: TopicsFile

    init() throws {
        file = try JSONDecoder().decode(TopicsFile.self, from: Data(contentsOf: ContractFiles.topicsJSON))
    }

    var mainTopics: [TopicsFile.Topic] { file.topics.filter { !$0.name.hasSuffix(".dlq") } }

    @Test func mainTopicsAreTheCatalogs() {
        #expect(mainTopics.map(\.name) == TopicCatalog.all)
        #expect(TopicCatalog.all == ["order-requests", "orders", "payments", "inventory", "shipments"])
    }

    @Test func everyEventTypeInTheFileMapsToItsTopicInCode() {
        for topic in file.topics {
            for type in topic.eventTypes {
                #expect(TopicCatalog.topic(forEventType: type) == topic.name, "\(type)")
            }
            #expect(TopicCatalog.eventTypes(on: topic.name) == topic.eventTypes, "\(topic.name)")
        }
    }

    @Test func everyRegisteredEventTypeHasATopicInBoth() {
        let typesInFile = Set(file.topics.flatMap(\.eventTypes))
        for (type, _) in EventRegistry.standard.supported {
            #expect(TopicCatalog.topic(forEventType: type) != nil, "\(type) has no topic in code")
            #expect(typesInFile.contains(type), "\(type) is on no topic in topics.json")
        }
        #expect(typesInFile.count == EventRegistry.standard.supported.count)
        #expect(TopicCatalog.topic(forEventType: "order.shipped") == nil)
    }

    @Test func everyMainTopicHasItsDeadLetterTopicAsAnEntry() throws {
        let byName = Dictionary(file.topics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byName.count == file.topics.count, "duplicate topic names")
        for topic in mainTopics {
            let dlqName = TopicCatalog.deadLetterTopic(for: topic.name)
            #expect(topic.deadLetterTopic == dlqName)
            let dlq = try #require(byName[dlqName], "\(dlqName) missing from topics.json")
            #expect(dlq.deadLetterTopic == nil)
            #expect(dlq.eventTypes.isEmpty)
            #expect(dlq.retentionMs > topic.retentionMs)
            #expect(dlq.description.contains("byte for byte"))
            #expect(TopicCatalog.isDeadLetterTopic(dlqName))
            #expect(TopicCatalog.originalTopic(ofDeadLetterTopic: dlqName) == topic.name)
        }
        #expect(file.topics.count == mainTopics.count * 2)
    }

    @Test func topicSettingsAreUsable() {
        for topic in file.topics {
            #expect(topic.partitions >= 1, "\(topic.name)")
            #expect(topic.replicationFactor >= 1, "\(topic.name)")
            #expect(topic.retentionMs > 0, "\(topic.name)")
            #expect(["delete", "compact", "compact,delete"].contains(topic.cleanupPolicy), "\(topic.name)")
            #expect(!topic.key.isEmpty && !topic.description.isEmpty, "\(topic.name)")
        }
    }
}
