import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The names alert rules and dashboards read, against what the processes of a running dev stack
/// export, so that renaming a metric cannot silently blind an alert or a panel.
@Suite("metric names in use", .serialized)
struct MetricNamesInUseTests {
    /// Series Prometheus makes itself (alert states, scrape health), which no process exports.
    static let prometheusOwnNames: Set<String> = [
        "ALERTS", "ALERTS_FOR_STATE", "up", "scrape_duration_seconds", "scrape_samples_scraped",
        "scrape_samples_post_metric_relabeling", "scrape_series_added",
    ]

    /// Metric name → where it is read ("alerts.yml: OrderflowNotReady", "relays.json: Shards owned per replica").
    static func usedNames() async throws -> [String: [String]] {
        var used: [String: [String]] = [:]
        var recorded: Set<String> = []
        for rule in try await AlertRulesTests.rules() {
            if let record = rule["record"]?.string { recorded.insert(record) }
            let name = rule["alert"]?.string ?? rule["record"]?.string ?? "?"
            for metric in PromQLNames.names(in: rule["expr"]?.scalarText ?? "") {
                used[metric, default: []].append("alerts.yml: \(name)")
            }
        }
        for dashboard in try Dashboard.all() {
            for query in dashboard.queries {
                for metric in PromQLNames.names(in: query.expression) {
                    used[metric, default: []].append("\(dashboard.file): \(query.panel)")
                }
            }
            for expression in dashboard.variableExpressions {
                for metric in PromQLNames.names(in: expression) {
                    used[metric, default: []].append("\(dashboard.file): a variable")
                }
            }
        }
        // Recording rules' own names come from Prometheus, as do its synthetic series.
        return used.filter { !recorded.contains($0.key) && !prometheusOwnNames.contains($0.key) }
    }

    @Test("the names are found in the rules and the dashboards")
    func somethingIsRead() async throws {
        let used = try await Self.usedNames()
        for name in ["orderflow_consumer_lag", "orderflow_dead_letters_total", "orderflow_outbox_oldest_age_seconds",
                     "orderflow_relay_owned_shards", "orderflow_circuit_state", "orderflow_readiness_check_success",
                     "orderflow_handler_duration_seconds_bucket", "orderflow_saga_duration_seconds_bucket"] {
            #expect(used[name] != nil, "nothing reads \(name)")
        }
    }

    @Test("every metric an alert rule or a dashboard query reads is exported by a process of the dev stack",
          .timeLimit(.minutes(5)))
    func everyUsedNameIsExported() async throws {
        let used = try await Self.usedNames()
        let stack = try await DevStackRun.up()
        var exported = ExportedNames()
        var scraped: [String] = []
        do {
            // Orders through every service, so that what only traffic creates exists too.
            let produce = try await stack.orderflow(["orders", "produce", "--count", "20", "--rate", "0", "--wait", "--wait-timeout", "60"])
            #expect(produce.succeeded, "orders produce --wait failed:\n\(produce.summary)")
            for process in try stack.processes() {
                let text = try await Self.scrape(port: process.httpPort)
                exported.add(exposition: text)
                scraped.append(process.name)
            }
        } catch {
            Issue.record("\(error)")
        }
        await stack.down()

        #expect(scraped.count >= 10, "scraped only \(scraped)")
        for (name, places) in used.sorted(by: { $0.key < $1.key }) where !exported.contains(name) {
            Issue.record("\(name) is read by \(places.joined(separator: "; ")), but no process of the dev stack exports it (scraped \(scraped.joined(separator: ", ")))")
        }
    }

    static func scrape(port: Int) async throws -> String {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/metrics"))
        let (data, response) = try await URLSession.shared.data(from: url)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw DeploymentCheckError("GET \(url) answered \(status)") }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Metric names in Prometheus text expositions: those of samples, and families declared by `# TYPE`
/// (a histogram's `_bucket`, `_sum` and `_count` come with its family).
struct ExportedNames {
    private(set) var samples: Set<String> = []
    private(set) var families: [String: String] = [:]

    mutating func add(exposition text: String) {
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count >= 4 { families[String(parts[2])] = String(parts[3]) }
            } else if !line.hasPrefix("#"), let end = line.firstIndex(where: { $0 == "{" || $0 == " " }) {
                samples.insert(String(line[..<end]))
            }
        }
    }

    func contains(_ name: String) -> Bool {
        if samples.contains(name) || families[name] != nil { return true }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let family = String(name.dropLast(suffix.count))
            if ["histogram", "summary"].contains(families[family] ?? "") { return true }
        }
        return false
    }
}
