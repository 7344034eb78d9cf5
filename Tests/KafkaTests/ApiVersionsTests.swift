import KafkaDevBroker
import TestSupport
import Testing

@testable import Kafka

@Suite struct ApiVersionsTests {
    /// Size, key 18, version 0, correlation id, client id: the header every broker reads.
    @Test func requestIsVersionZeroWithASizePrefix() {
        let bytes = ApiVersionsRequest.request(correlationID: 7)
        let clientID = Array(ApiVersionsRequest.clientID.utf8)
        #expect(bytes.count == 4 + 10 + clientID.count)
        #expect(Array(bytes[0..<4]) == [0, 0, 0, UInt8(10 + clientID.count)])
        #expect(Array(bytes[4..<14]) == [0, 18, 0, 0, 0, 0, 0, 7, 0, UInt8(clientID.count)])
        #expect(Array(bytes[14...]) == clientID)
    }

    @Test func answerGivesEachAPIsRange() throws {
        let answer: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 0, 0, 3] + [0, 0, 0, 3, 0, 9] + [0, 1, 0, 4, 0, 13] + [0, 19, 0, 2, 0, 7]
        let versions = try ApiVersionsRequest.parse(answer, correlationID: 1, context: "test")
        #expect(versions.highest(.produce) == 9)
        #expect(versions.highest(.fetch) == 13)
        #expect(versions.ranges[KafkaAPI.fetch.rawValue] == 4...13)
        #expect(versions.supports(.createTopics))
        #expect(!versions.supports(.deleteTopics))
    }

    @Test func brokenAnswersAreErrorsThatSaySo() throws {
        let truncated: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 3]
        let short = try #require(throws: KafkaError.self) { try ApiVersionsRequest.parse(truncated, correlationID: 1, context: "asking b:9092") }
        #expect(short.message.contains("asking b:9092") && short.message.contains("ends early"))
        let otherRequest: [UInt8] = [0, 0, 0, 2, 0, 0, 0, 0, 0, 0]
        let mismatch = try #require(throws: KafkaError.self) { try ApiVersionsRequest.parse(otherRequest, correlationID: 1, context: "t") }
        #expect(mismatch.message.contains("request 2"))
        // An error code other than UNSUPPORTED_VERSION (35) with its list is the broker's refusal.
        let refused: [UInt8] = [0, 0, 0, 1, 0, 31, 0, 0, 0, 0]
        let error = try #require(throws: KafkaError.self) { try ApiVersionsRequest.parse(refused, correlationID: 1, context: "t") }
        #expect(error.name == "CLUSTER_AUTHORIZATION_FAILED")
    }

    @Test func mergedVersionsCoverEveryBroker() {
        let old = APIVersions([KafkaAPI.produce.rawValue: 0...7])
        let new = APIVersions([KafkaAPI.produce.rawValue: 3...9, KafkaAPI.createTopics.rawValue: 0...7])
        let merged = old.merged(with: new)
        #expect(merged.ranges[KafkaAPI.produce.rawValue] == 0...9)
        #expect(merged.supports(.createTopics))
    }

    /// Every broker of the cluster is listed and answers ApiVersions over the wire.
    @Test(.timeLimit(.minutes(1)))
    func describesTheClusterAndAsksEachBroker() async throws {
        let broker = try DevBroker(brokers: 3, logger: KafkaTesting.logger("test.devbroker"))
        defer { broker.shutdown() }
        let admin = try KafkaAdmin(bootstrapServers: broker.bootstrapServers, logger: KafkaTesting.logger("test.admin"))
        defer { admin.close() }
        let cluster = try await admin.describeCluster()
        #expect(cluster.brokers.map(\.id) == [1, 2, 3])
        for member in cluster.brokers {
            let versions = try await admin.apiVersions(of: member)
            #expect(versions.supports(.produce) && versions.supports(.fetch) && versions.supports(.metadata), "\(versions)")
            #expect(versions.highest(.apiVersions) != nil)
        }
        // Nothing was created by the lookups.
        #expect(try await admin.listTopics().isEmpty)
    }

    @Test func refusesToAskWithoutTheConfiguredSecurity() async throws {
        let admin = try KafkaAdmin(
            bootstrapServers: "127.0.0.1:1", security: KafkaSecurity(protocol: .ssl), logger: KafkaTesting.silentLogger)
        defer { admin.close() }
        let error = try await #require(throws: KafkaError.self) {
            try await admin.apiVersions(of: ClusterDescription.Broker(id: 1, host: "127.0.0.1", port: 1), timeout: .seconds(1))
        }
        #expect(error.message.contains("only over plaintext"))
    }
}
