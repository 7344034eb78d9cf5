@testable import Kafka
import Testing

@Suite struct ConfigurationEntriesTests {
    /// The value librdkafka ends up with: later entries override earlier ones.
    static func effective(_ entries: [(String, String)]) -> [String: String] {
        Dictionary(entries, uniquingKeysWith: { _, last in last })
    }

    @Test func consumerAlwaysManagesOffsetsExplicitly() {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: "b:9092", groupID: "payments")
        configuration.sessionTimeout = .seconds(6)
        configuration.isolationLevel = .readUncommitted
        let settings = Self.effective(configuration.entries)
        #expect(settings["enable.auto.commit"] == "false")
        #expect(settings["enable.auto.offset.store"] == "false")
        #expect(settings["enable.partition.eof"] == "false")
        #expect(settings["partition.assignment.strategy"] == "cooperative-sticky")
        #expect(settings["group.id"] == "payments")
        #expect(settings["session.timeout.ms"] == "6000")
        #expect(settings["heartbeat.interval.ms"] == "2000")
        #expect(settings["isolation.level"] == "read_uncommitted")
        #expect(settings["auto.offset.reset"] == "earliest")
    }

    @Test func fetchWaitIsLibrdkafkasUnlessSet() {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: "b:9092", groupID: "payments")
        #expect(Self.effective(configuration.entries)["fetch.wait.max.ms"] == nil)
        configuration.fetchMaxWait = .milliseconds(10)
        #expect(Self.effective(configuration.entries)["fetch.wait.max.ms"] == "10")
    }

    @Test func producerDefaultsAreProductionSafe() {
        let settings = Self.effective(KafkaProducerConfiguration(bootstrapServers: "b:9092").entries)
        #expect(settings["enable.idempotence"] == "true")
        #expect(settings["acks"] == "all")
        #expect(settings["linger.ms"] == "5")
        #expect(settings["message.timeout.ms"] == "30000")
        #expect(settings["allow.auto.create.topics"] == "false")
        #expect(settings["transactional.id"] == nil)
        #expect(settings["security.protocol"] == "plaintext")
    }

    @Test func rawSettingsWinAndSecurityIsPassedThrough() {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "b:9092")
        configuration.linger = .milliseconds(20)
        configuration.raw = ["linger.ms": "1", "batch.size": "65536"]
        configuration.security = KafkaSecurity(
            protocol: .saslSSL, saslMechanism: "SCRAM-SHA-512", saslUsername: "svc", saslPassword: "secret",
            caLocation: "/etc/ca.pem"
        )
        let settings = Self.effective(configuration.entries)
        #expect(settings["linger.ms"] == "1")
        #expect(settings["batch.size"] == "65536")
        #expect(settings["security.protocol"] == "sasl_ssl")
        #expect(settings["sasl.mechanisms"] == "SCRAM-SHA-512")
        #expect(settings["sasl.username"] == "svc")
        #expect(settings["sasl.password"] == "secret")
        #expect(settings["ssl.ca.location"] == "/etc/ca.pem")
    }

    @Test func durationsBecomeWholeNonNegativeMilliseconds() {
        #expect(Duration.milliseconds(1500).wholeMilliseconds == 1500)
        #expect(Duration.microseconds(2500).wholeMilliseconds == 2)
        #expect(Duration.seconds(-3).wholeMilliseconds == 0)
        #expect(Duration.seconds(Int64.max).timeoutMilliseconds == Int32.max)
    }
}
