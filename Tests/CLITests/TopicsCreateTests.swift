import Foundation
import Testing

/// The dev broker (librdkafka's mock cluster) cannot create topics for another process: it has no
/// controller. So the binary is checked on a cluster that already has the file's topics (the dev stack's
/// situation) and on one that lacks them (a clear error, not a hang).
@Suite struct TopicsCreateTests {
    static let topicsFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("topics/topics.json")

    static func topicNames() throws -> [String] {
        let data = try Data(contentsOf: topicsFile)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(document["topics"] as? [[String: Any]]).compactMap { $0["name"] as? String }
    }

    @Test func createOnExistingTopicsSucceedsAndListShowsEveryTopicOfTheFile() async throws {
        let broker = try TestBroker.start()
        let create = try await CLIRun.orderflow(
            ["topics", "create", "--file", Self.topicsFile.path, "--brokers", broker.servers])
        #expect(create.status == 0, "stderr: \(create.stderr)")
        #expect(create.stdoutLines.dropFirst().allSatisfy { $0.hasSuffix("exists") }, "\(create.stdout)")

        let list = try await CLIRun.orderflow(["topics", "list", "--brokers", broker.servers])
        #expect(list.status == 0, "stderr: \(list.stderr)")
        let listed = Set(list.stdoutLines.dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) })
        let names = try Self.topicNames()
        #expect(names.count == 10)
        #expect(Set(names).isSubset(of: listed), "listed: \(listed)")
    }

    @Test func createOnABrokerThatCannotCreateTopicsIsOneClearLine() async throws {
        let broker = try TestBroker.start(topics: false)
        let create = try await CLIRun.orderflow(
            ["topics", "create", "--file", Self.topicsFile.path, "--brokers", broker.servers, "--connect-timeout", "2"])
        #expect(create.isOneLineError, "stderr: \(create.stderr)")
        #expect(create.stderr.contains("order-requests"))
    }

    @Test func describeShowsPartitionsWithWatermarks() async throws {
        let broker = try TestBroker.start(partitions: 2)
        let run = try await CLIRun.orderflow(["topics", "describe", "orders", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines.first == "orders: 2 partition(s), 0 message(s)")
        // The header, two partitions, then the configs line (the dev broker does not describe configs).
        #expect(run.stdoutLines.count == 5, "\(run.stdout)")
        #expect(run.stdoutLines.last?.hasPrefix("  configs:") == true, "\(run.stdout)")
    }

    @Test func missingTopicsFileIsOneClearLine() async throws {
        let broker = try TestBroker.start()
        let run = try await CLIRun.orderflow(["topics", "create", "--file", "/nonexistent/topics.json", "--brokers", broker.servers])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("/nonexistent/topics.json"))
    }
}
