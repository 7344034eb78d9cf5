import Foundation
import Testing

@Suite("topic-init job")
struct TopicInitTests {
    /// The one-shot service that runs `orderflow topics create`.
    private func topicInit() async throws -> ComposeService {
        let compose = try await Shared.compose.value
        let jobs = compose.orderflowServices.filter { Array($0.commandLine.dropFirst().prefix(2)) == ["topics", "create"] }
        guard jobs.count == 1, let job = jobs.first else {
            throw DeploymentCheckError("expected one compose service running `orderflow topics create`, found \(jobs.map(\.name))")
        }
        return job
    }

    /// The host file the job's --file (or the CLI's default, topics/topics.json in the working
    /// directory) resolves to through the service's mounts.
    private func hostTopicsFile(of job: ComposeService) throws -> URL {
        let arguments = job.commandLine
        var path = "topics/topics.json"
        if let flag = arguments.firstIndex(of: "--file"), flag + 1 < arguments.count {
            path = arguments[flag + 1]
        }
        if !path.hasPrefix("/") {
            guard let directory = job.workingDirectory else {
                throw DeploymentCheckError("\(job.name) reads \(path) relative to a working directory compose does not set (working_dir)")
            }
            path = (directory as NSString).appendingPathComponent(path)
        }
        let mounts = job.volumes
            .filter { path == $0.target || path.hasPrefix($0.target.hasSuffix("/") ? $0.target : $0.target + "/") }
            .sorted { $0.target.count > $1.target.count }
        guard let mount = mounts.first, mount.source.hasPrefix("/") else {
            throw DeploymentCheckError(
                "\(job.name) reads \(path) but mounts no repository folder there, so it would create the image's copy of the topics, not topics/topics.json")
        }
        let remainder = String(path.dropFirst(mount.target.count))
        return URL(fileURLWithPath: mount.source + remainder).standardizedFileURL
    }

    private func topicNames(in url: URL) throws -> [String] {
        let document = try JSONValue.parse(try Repository.read(url), source: Repository.relativePath(of: url))
        guard let topics = document["topics"]?.array else {
            throw DeploymentCheckError("\(Repository.relativePath(of: url)) has no \"topics\" array")
        }
        return try topics.map { topic in
            guard let name = topic["name"]?.string, !name.isEmpty else {
                throw DeploymentCheckError("\(Repository.relativePath(of: url)) has a topic without a name: \(topic)")
            }
            return name
        }
    }

    @Test("the job creates exactly the topics of topics/topics.json")
    func createsTheContractTopics() async throws {
        let job = try await topicInit()
        let created = try hostTopicsFile(of: job)
        #expect(created.path == Repository.topicsFile.path,
                "\(job.name) creates the topics in \(created.path), not \(Repository.topicsFile.path)")

        let contract = try topicNames(in: Repository.topicsFile)
        #expect(!contract.isEmpty, "topics/topics.json lists no topics")
        #expect(Set(try topicNames(in: created)) == Set(contract))
        #expect(Set(contract).count == contract.count, "topics/topics.json lists a topic twice: \(contract)")
    }

    @Test("every dead-letter topic named in topics/topics.json is created too")
    func createsDeadLetterTopics() throws {
        let document = try JSONValue.parse(try Repository.read(Repository.topicsFile), source: "topics/topics.json")
        let topics = document["topics"]?.array ?? []
        let names = Set(topics.compactMap { $0["name"]?.string })
        for deadLetter in topics.compactMap({ $0["deadLetterTopic"]?.string }) {
            #expect(names.contains(deadLetter), "topics/topics.json names \(deadLetter) as a dead-letter topic but does not list it")
        }
    }

    @Test("the job runs once, after the broker is healthy, and every consumer waits for it")
    func gatesTheServices() async throws {
        let compose = try await Shared.compose.value
        let job = try await topicInit()
        #expect(job.restart == nil || job.restart == "no", "\(job.name) restarts (\(job.restart ?? "")); a finished job would run again and again")
        #expect(job.environment["KAFKA_BROKERS"]?.isEmpty == false, "\(job.name) has no KAFKA_BROKERS")
        let kafkaDependencies = job.dependencies.filter { $0.value == "service_healthy" }
        #expect(!kafkaDependencies.isEmpty, "\(job.name) starts without waiting for a healthy broker")

        // The payment provider simulator uses no topic.
        for service in compose.longRunningOrderflowServices where service.executable != Shared.providerProduct {
            #expect(service.dependencies[job.name] == "service_completed_successfully",
                    "\(service.name) may start before the topics exist (depends_on \(job.name): service_completed_successfully)")
        }
    }
}
