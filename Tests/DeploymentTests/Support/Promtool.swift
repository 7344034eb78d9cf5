import Foundation

/// promtool, Prometheus' checker and unit-test runner of rule files, as scripts/install-promtool.sh
/// unpacks it at .build-tools/prometheus (ORDERFLOW_PROMTOOL names another).
enum Promtool {
    static let binary: URL = {
        if let custom = ProcessInfo.processInfo.environment["ORDERFLOW_PROMTOOL"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return Repository.path(".build-tools/prometheus/bin/promtool")
    }()

    static func requireInstalled() throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw DeploymentCheckError(
                "promtool is not installed at \(Repository.relativePath(of: binary)); run `make deps` (or scripts/install-promtool.sh)")
        }
    }

    /// `promtool <arguments>`, run in `directory`.
    static func run(_ arguments: [String], directory: URL = Repository.root) async throws -> ProcessOutput {
        try requireInstalled()
        return try await ProcessRunner.run(binary.path, arguments, directory: directory, timeout: .seconds(120))
    }
}

/// The monitoring files of compose/: Prometheus' alert rules and their tests, Grafana's provisioning
/// and dashboards.
enum MonitoringFiles {
    static let prometheusFolder = Repository.path("compose/prometheus")
    static let alertRules = Repository.path("compose/prometheus/alerts.yml")
    static let alertTests = Repository.path("compose/prometheus/tests/alerts-test.yml")
    static let grafanaFolder = Repository.path("compose/grafana")
    static let dashboardsFolder = Repository.path("compose/grafana/dashboards")
    static let datasources = Repository.path("compose/grafana/provisioning/datasources/prometheus.yml")
    static let dashboardProviders = Repository.path("compose/grafana/provisioning/dashboards/orderflow.yml")

    /// Every dashboard file, by file name.
    static func dashboardFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: dashboardsFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// A scratch copy of compose/prometheus, to break on purpose.
    static func scratchPrometheusFolder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-prometheus-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: prometheusFolder, to: root)
        return root
    }
}
