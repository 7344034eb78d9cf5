import Foundation
import Testing

/// compose/prometheus/alerts.yml checked by promtool: the file is valid, every rule's unit tests in
/// compose/prometheus/tests pass, and a broken rule makes them fail.
@Suite("alert rules")
struct AlertRulesTests {
    /// Every rule of every group in alerts.yml.
    static func rules() async throws -> [JSONValue] {
        let document = try await ComposeTool.readYAML(MonitoringFiles.alertRules)
        return (document["groups"]?.array ?? []).flatMap { $0["rules"]?.array ?? [] }
    }

    static func alertNames() async throws -> [String] {
        try await rules().compactMap { $0["alert"]?.string }
    }

    @Test("promtool check rules accepts compose/prometheus/alerts.yml")
    func rulesAreValid() async throws {
        let output = try await Promtool.run(["check", "rules", MonitoringFiles.alertRules.path])
        #expect(output.succeeded, "\(output.summary)")
    }

    @Test("promtool test rules passes every test in compose/prometheus/tests")
    func ruleTestsPass() async throws {
        let output = try await Promtool.run(["test", "rules", MonitoringFiles.alertTests.path])
        #expect(output.succeeded, "\(output.summary)")
    }

    @Test("promtool check config accepts prometheus.yml with the rule files it loads")
    func configurationIsValid() async throws {
        let output = try await Promtool.run(["check", "config", Repository.prometheusConfig.path])
        #expect(output.succeeded, "\(output.summary)")
        #expect((output.stdout + output.stderr).contains("alerts.yml"), "prometheus.yml loads no alerts.yml:\n\(output.summary)")
    }

    @Test("each alert has a test where it fires and one where it stays quiet")
    func everyAlertIsTestedBothWays() async throws {
        let document = try await ComposeTool.readYAML(MonitoringFiles.alertTests)
        let cases = (document["tests"]?.array ?? []).flatMap { $0["alert_rule_test"]?.array ?? [] }
        let names = try await Self.alertNames()
        #expect(names.count >= 7, "alerts.yml has \(names)")
        for name in names {
            let expectations = cases.filter { $0["alertname"]?.string == name }.map { $0["exp_alerts"]?.array ?? [] }
            #expect(expectations.contains { !$0.isEmpty }, "no test expects \(name) to fire")
            #expect(expectations.contains { $0.isEmpty }, "no test expects \(name) to stay quiet")
        }
    }

    @Test("each alert says how bad it is and what happened, and the README explains it")
    func everyAlertIsExplained() async throws {
        let readme = try Repository.read(Repository.path("README.md"))
        for rule in try await Self.rules() {
            guard let name = rule["alert"]?.string else { continue }
            let severity = rule["labels"]?["severity"]?.string
            #expect(severity == "warning" || severity == "critical", "\(name) has severity \(severity ?? "none")")
            let summary = rule["annotations"]?["summary"]?.string ?? ""
            let description = rule["annotations"]?["description"]?.string ?? ""
            #expect(!summary.isEmpty, "\(name) has no summary")
            #expect(!description.isEmpty, "\(name) has no description")
            #expect(readme.contains("`\(name)`"), "README.md does not explain \(name)")
        }
    }

    @Test("prometheus.yml loads alerts.yml, and the container finds it next to its configuration")
    func rulesAreLoadedInCompose() async throws {
        let config = try await ComposeTool.readYAML(Repository.prometheusConfig)
        let ruleFiles = (config["rule_files"]?.array ?? []).compactMap(\.string)
        #expect(ruleFiles == ["alerts.yml"], "prometheus.yml rule_files: \(ruleFiles)")
        let prometheus = try await Shared.compose.value.service("prometheus")
        let mounted = prometheus.volumes.contains {
            $0.source == MonitoringFiles.alertRules.path && $0.target == "/etc/prometheus/alerts.yml"
        }
        #expect(mounted, "prometheus mounts \(prometheus.volumes.map { "\($0.source):\($0.target)" })")
    }

    /// A rule broken on purpose, and what promtool must then say.
    struct Breakage: Sendable, CustomTestStringConvertible {
        var what: String
        var find: String
        var replace: String
        var expected: String

        var testDescription: String { what }
    }

    static let breakages: [Breakage] = [
        Breakage(what: "a threshold its tests do not expect", find: "orderflow_outbox_oldest_age_seconds > 300",
                 replace: "orderflow_outbox_oldest_age_seconds > 3000", expected: "OrderflowOutboxRowTooOld"),
        Breakage(what: "a metric name that no longer matches", find: "orderflow_relay_owned_shards == 0",
                 replace: "orderflow_relay_shards_owned == 0", expected: "OrderflowRelayOwnsNoShards"),
        Breakage(what: "a label the alert no longer keeps", find: "sum by (service, topic, error_class) (increase(",
                 replace: "sum by (service, topic) (increase(", expected: "OrderflowDeadLetters"),
        Breakage(what: "an expression that does not parse", find: "expr: orderflow_circuit_state > 0",
                 replace: "expr: orderflow_circuit_state >", expected: "parse error"),
    ]

    @Test("promtool fails when a rule breaks", arguments: breakages)
    func brokenRulesFail(_ breakage: Breakage) async throws {
        let folder = try MonitoringFiles.scratchPrometheusFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("alerts.yml")
        let text = try String(contentsOf: rules, encoding: .utf8)
        let range = try #require(text.range(of: breakage.find), "alerts.yml no longer contains \(breakage.find)")
        try text.replacingCharacters(in: range, with: breakage.replace).write(to: rules, atomically: true, encoding: .utf8)

        let check = try await Promtool.run(["check", "rules", rules.path], directory: folder)
        let test = try await Promtool.run(["test", "rules", folder.appendingPathComponent("tests/alerts-test.yml").path], directory: folder)
        #expect(!(check.succeeded && test.succeeded), "promtool passed with \(breakage.what)")
        let said = check.stdout + check.stderr + test.stdout + test.stderr
        #expect(said.contains(breakage.expected), "promtool did not report \(breakage.what):\n\(check.summary)\n\(test.summary)")
    }
}
