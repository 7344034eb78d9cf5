import Foundation

/// A Grafana dashboard of compose/grafana/dashboards, as far as the checks read it.
struct Dashboard: Sendable {
    /// One query of a panel.
    struct Query: Sendable {
        var panel: String
        var expression: String
        var datasourceUID: String?
    }

    var file: String
    var json: JSONValue

    var uid: String? { json["uid"]?.string }
    var title: String? { json["title"]?.string }

    static func all() throws -> [Dashboard] {
        try MonitoringFiles.dashboardFiles().map { url in
            Dashboard(file: url.lastPathComponent, json: try JSONValue.parse(try Repository.read(url), source: Repository.relativePath(of: url)))
        }
    }

    /// Every panel, those inside collapsed rows included.
    var panels: [JSONValue] {
        (json["panels"]?.array ?? []).flatMap { [$0] + ($0["panels"]?.array ?? []) }
    }

    /// Every panel query.
    var queries: [Query] {
        panels.flatMap { panel in
            (panel["targets"]?.array ?? []).compactMap { target -> Query? in
                guard let expression = target["expr"]?.string else { return nil }
                return Query(panel: panel["title"]?.string ?? "?", expression: expression,
                             datasourceUID: target["datasource"]?["uid"]?.string ?? panel["datasource"]?["uid"]?.string)
            }
        }
    }

    /// The PromQL each template variable reads.
    var variableExpressions: [String] {
        (json["templating"]?["list"]?.array ?? []).compactMap { variable in
            guard variable["type"]?.string == "query" else { return nil }
            let query = variable["query"]?["query"]?.string ?? variable["query"]?.string ?? ""
            return PromQLNames.grafanaVariableExpression(query)
        }
    }

    /// Every PromQL expression the dashboard evaluates.
    var expressions: [String] { queries.map(\.expression) + variableExpressions }

    /// Grafana's own variables replaced by values PromQL accepts, so promtool can parse the query.
    static func plainPromQL(_ expression: String) -> String {
        expression
            .replacingOccurrences(of: "$__rate_interval", with: "1m")
            .replacingOccurrences(of: "$__interval", with: "1m")
            .replacingOccurrences(of: "$__range", with: "1h")
            .replacingOccurrences(of: "$service", with: ".*")
    }
}
