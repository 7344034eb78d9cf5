import Foundation
import Testing

/// compose/grafana: the data source and the dashboards Grafana provisions, checked offline.
@Suite("Grafana dashboards")
struct GrafanaTests {
    static let datasourceUID = "orderflow-prometheus"

    @Test("compose runs a pinned Grafana with the provisioning and the dashboards mounted where the provider reads them")
    func grafanaIsProvisioned() async throws {
        let grafana = try await Shared.compose.value.service("grafana")
        let tag = grafana.image?.split(separator: ":").last.map(String.init) ?? ""
        #expect(grafana.image?.hasPrefix("grafana/grafana:") == true && tag.contains("."), "grafana image \(grafana.image ?? "none") is not pinned")
        let mounts = Dictionary(grafana.volumes.map { ($0.source, $0.target) }, uniquingKeysWith: { first, _ in first })
        #expect(mounts[Repository.path("compose/grafana/provisioning").path] == "/etc/grafana/provisioning", "mounts: \(mounts)")
        let dashboardsTarget = try #require(mounts[MonitoringFiles.dashboardsFolder.path], "compose/grafana/dashboards is not mounted: \(mounts)")

        let providers = try await ComposeTool.readYAML(MonitoringFiles.dashboardProviders)
        let paths = (providers["providers"]?.array ?? []).compactMap { $0["options"]?["path"]?.string }
        #expect(paths == [dashboardsTarget], "the dashboard provider reads \(paths), the dashboards are mounted at \(dashboardsTarget)")
        #expect(!grafana.publishedPorts.isEmpty, "grafana publishes no host port")
    }

    @Test("the data source is the compose Prometheus, under the uid the dashboards name")
    func datasourceIsPrometheus() async throws {
        let document = try await ComposeTool.readYAML(MonitoringFiles.datasources)
        let sources = document["datasources"]?.array ?? []
        #expect(sources.count == 1)
        let source = try #require(sources.first)
        #expect(source["uid"]?.string == Self.datasourceUID)
        #expect(source["type"]?.string == "prometheus")
        let prometheus = try await Shared.compose.value.service("prometheus")
        #expect(source["url"]?.string == "http://\(prometheus.name):9090", "data source url \(source["url"]?.string ?? "none")")
    }

    @Test("the four dashboards exist, each with its own uid, and every query uses the provisioned data source")
    func dashboardsAreWellFormed() throws {
        let dashboards = try Dashboard.all()
        #expect(Set(dashboards.map(\.file)) == ["pipeline-overview.json", "services.json", "relays.json", "payment-provider.json"])
        let uids = dashboards.compactMap(\.uid)
        #expect(uids.count == dashboards.count && Set(uids).count == uids.count, "dashboard uids \(uids)")
        for dashboard in dashboards {
            let title = dashboard.title ?? ""
            #expect(!title.isEmpty, "\(dashboard.file) has no title")
            let panels = dashboard.panels.filter { $0["type"]?.string != "row" }
            #expect(!panels.isEmpty, "\(dashboard.file) has no panels")
            for panel in panels {
                let targets = panel["targets"]?.array ?? []
                #expect(!targets.isEmpty, "\(dashboard.file): panel \(panel["title"]?.string ?? "?") has no query")
            }
            for query in dashboard.queries {
                #expect(query.datasourceUID == Self.datasourceUID, "\(dashboard.file): \(query.panel) queries data source \(query.datasourceUID ?? "none")")
            }
        }
    }

    @Test("promtool parses every dashboard query")
    func queriesParse() async throws {
        // As recording rules of a scratch rule file: promtool check rules parses each expression.
        var rules = "groups:\n  - name: dashboards\n    rules:\n"
        var count = 0
        for dashboard in try Dashboard.all() {
            for expression in dashboard.expressions {
                count += 1
                let quoted = Dashboard.plainPromQL(expression).replacingOccurrences(of: "'", with: "''")
                rules += "      - record: dashboard_query_\(count)\n        expr: '\(quoted)'\n"
            }
        }
        #expect(count > 20)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-dashboard-queries-\(UUID().uuidString).yml")
        try rules.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try await Promtool.run(["check", "rules", file.path])
        #expect(output.succeeded, "\(output.summary)\n\(rules)")
    }
}
