import Foundation
import Testing

/// deploy/kubernetes checked offline: no cluster, only the rendered manifests, Kubernetes' schemas,
/// checks of the operators' resources and a security scan (see deploy/kubernetes/checks).
@Suite("Kubernetes manifests")
struct KubernetesManifestTests {
    private func expectPasses(_ script: String, arguments: [String] = []) async throws {
        let output = try await KubernetesChecks.run(script, arguments: arguments)
        #expect(output.succeeded, "\(script) found problems:\n\(output.summary)")
    }

    @Test("both overlays render, and every Kubernetes object validates against the 1.31 and 1.37 schemas")
    func overlaysRenderAndValidate() async throws {
        try await expectPasses("schemas.py")
    }

    @Test("the Strimzi, CloudNativePG, KEDA and Prometheus Operator resources carry the fields orderflow relies on")
    func operatorResources() async throws {
        try await expectPasses("operators.py")
    }

    @Test("the KafkaTopics agree with topics/topics.json field by field, dead-letter topics included")
    func topicsMatchTheContract() async throws {
        try await expectPasses("topics.py")
    }

    @Test("every Deployment is probed, hardened, budgeted, isolated, scraped once and scaled within its partitions")
    func workloads() async throws {
        try await expectPasses("workloads.py", arguments: ["--helps", try await KubernetesChecks.helpsFile().path])
    }

    @Test("the security scan of the manifests, the Dockerfile and compose finds nothing that is not accepted with a reason")
    func securityScan() async throws {
        try await expectPasses("security.py")
    }

    /// A manifest broken on purpose, and the check that must catch it.
    struct Breakage: Sendable, CustomTestStringConvertible {
        var what: String
        var file: String
        var find: String
        var replace: String
        var script: String
        var expected: String

        var testDescription: String { what }
    }

    static let breakages: [Breakage] = [
        Breakage(what: "a KafkaTopic with other partitions than topics.json", file: "deploy/kubernetes/base/kafka/topics.yaml",
                 find: "partitions: 6", replace: "partitions: 5", script: "topics.py", expected: "partitions 5, topics/topics.json says 6"),
        Breakage(what: "a dead-letter topic missing", file: "deploy/kubernetes/base/kafka/topics.yaml",
                 find: "topicName: orders.dlq", replace: "topicName: orders.dead", script: "topics.py",
                 expected: "topics/topics.json lists orders.dlq, but no KafkaTopic creates it"),
        Breakage(what: "fewer partitions than KEDA's maxReplicaCount", file: "topics/topics.json",
                 find: "\"partitions\": 6", replace: "\"partitions\": 4", script: "workloads.py", expected: "maxReplicaCount 6 above 4"),
        Breakage(what: "a Kafka trigger on another consumer group", file: "deploy/kubernetes/base/autoscaling/scaled-objects.yaml",
                 find: "consumerGroup: payment-service", replace: "consumerGroup: payments", script: "operators.py",
                 expected: "is not the Deployment's GROUP_ID payment-service"),
        Breakage(what: "a writable root filesystem", file: "deploy/kubernetes/base/workloads/pod-defaults.yaml",
                 find: "readOnlyRootFilesystem: true", replace: "readOnlyRootFilesystem: false", script: "workloads.py",
                 expected: "root filesystem is writable"),
        Breakage(what: "egress to another service's database", file: "deploy/kubernetes/base/policies/network-policies.yaml",
                 find: "cnpg.io/cluster: payments-db", replace: "cnpg.io/cluster: orders-db", script: "workloads.py",
                 expected: "payment-service: egress to pods"),
        Breakage(what: "a grace period shorter than the shutdown timeout", file: "deploy/kubernetes/base/workloads/pod-defaults.yaml",
                 find: "terminationGracePeriodSeconds: 30", replace: "terminationGracePeriodSeconds: 20", script: "workloads.py",
                 expected: "does not outlast SHUTDOWN_TIMEOUT_MS 20000"),
        Breakage(what: "a field Kubernetes does not know", file: "deploy/kubernetes/base/workloads/pod-defaults.yaml",
                 find: "revisionHistoryLimit: 5", replace: "revisionHistoryLimits: 5", script: "schemas.py",
                 expected: "revisionHistoryLimits"),
        Breakage(what: "a container allowed to escalate privileges", file: "deploy/kubernetes/base/workloads/pod-defaults.yaml",
                 find: "allowPrivilegeEscalation: false", replace: "allowPrivilegeEscalation: true", script: "security.py",
                 expected: "checkov CKV_K8S_20 on overlays/dev"),
        Breakage(what: "an accepted finding that no longer occurs", file: "deploy/kubernetes/overlays/dev/kustomization.yaml",
                 find: "value: IfNotPresent", replace: "value: Always", script: "security.py",
                 expected: "CKV_K8S_15 on ['overlays/dev'] ['Deployment.orderflow-dev.*'] matches no finding any more"),
        Breakage(what: "a setting the services read left out", file: "deploy/kubernetes/base/config/settings.env",
                 find: "RETRY_CAP_MS=\n", replace: "", script: "environment.py", expected: "reads RETRY_CAP_MS"),
        Breakage(what: "a secret in the ConfigMap", file: "deploy/kubernetes/base/config/settings.env",
                 find: "KAFKA_SASL_USERNAME=\n", replace: "KAFKA_SASL_USERNAME=\nKAFKA_SASL_PASSWORD=hunter2\n", script: "environment.py",
                 expected: "holds a secret value in KAFKA_SASL_PASSWORD"),
        Breakage(what: "a database URL file outside any mounted Secret", file: "deploy/kubernetes/base/config/settings.env",
                 find: "DATABASE_URL_FILE=/etc/orderflow/database/uri", replace: "DATABASE_URL_FILE=/tmp/uri", script: "environment.py",
                 expected: "DATABASE_URL must come as a file of a mounted Secret"),
        Breakage(what: "the database URL's Secret replaced", file: "deploy/kubernetes/base/workloads/payment-service.yaml",
                 find: "secretName: payments-db-app", replace: "secretName: orders-db-app", script: "operators.py",
                 expected: "the database volume must project only uri of CloudNativePG's Secret payments-db-app"),
    ]

    @Test("each check fails when the manifests break", arguments: breakages)
    func checksCatchBreakage(_ breakage: Breakage) async throws {
        let root = try KubernetesChecks.scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent(breakage.file)
        let text = try String(contentsOf: file, encoding: .utf8)
        let range = try #require(text.range(of: breakage.find), "\(breakage.file) no longer contains \(breakage.find)")
        try text.replacingCharacters(in: range, with: breakage.replace).write(to: file, atomically: true, encoding: .utf8)

        let output = try await KubernetesChecks.run(breakage.script, root: root,
                                                    arguments: ["--helps", try await KubernetesChecks.helpsFile().path])
        #expect(!output.succeeded, "\(breakage.script) passed with \(breakage.what)")
        #expect(output.stdout.contains(breakage.expected), "\(breakage.script) did not report \(breakage.what):\n\(output.summary)")
    }

    @Test("the README's Containers section links the Kubernetes guide, which names the operators' versions")
    func guideIsLinked() throws {
        let readme = try Repository.read(Repository.path("README.md"))
        #expect(readme.contains("(deploy/kubernetes/README.md)"), "README.md does not link deploy/kubernetes/README.md")
        let guide = try Repository.read(Repository.path("deploy/kubernetes/README.md"))
        for operatorName in ["Strimzi", "CloudNativePG", "KEDA", "Prometheus Operator"] {
            #expect(guide.contains(operatorName), "deploy/kubernetes/README.md does not name \(operatorName)")
        }
    }
}
