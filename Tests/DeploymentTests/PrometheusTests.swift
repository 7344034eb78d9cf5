import Testing

@Suite("Prometheus")
struct PrometheusTests {
    @Test("Prometheus scrapes every replica of every orderflow process on its HTTP port")
    func scrapesEveryProcess() async throws {
        let compose = try await Shared.compose.value
        let config = try await ComposeTool.readYAML(Repository.prometheusConfig)
        let jobs = config["scrape_configs"]?.array ?? []
        // (DNS name, port) pairs: each DNS lookup of a compose service name returns every replica.
        var discovered: Set<String> = []
        for job in jobs {
            for discovery in job["dns_sd_configs"]?.array ?? [] {
                let port = discovery["port"]?.scalarText ?? ""
                #expect(discovery["type"]?.string ?? "SRV" == "A", "dns_sd_configs in job \(job["job_name"]?.string ?? "?") must look up A records")
                for name in discovery["names"]?.array ?? [] {
                    if let name = name.string { discovered.insert("\(name):\(port)") }
                }
            }
        }
        for service in compose.longRunningOrderflowServices {
            let port = service.environment["HTTP_PORT"] ?? "<unset>"
            #expect(discovered.contains("\(service.name):\(port)"),
                    "compose/prometheus/prometheus.yml does not scrape \(service.name) on port \(port) (HTTP_PORT)")
        }
    }

    @Test("the Prometheus container reads compose/prometheus/prometheus.yml")
    func mountsTheConfiguration() async throws {
        let prometheus = try await Shared.compose.value.service("prometheus")
        let mounted = prometheus.volumes.contains {
            $0.source == Repository.prometheusConfig.path && $0.target == "/etc/prometheus/prometheus.yml"
        }
        #expect(mounted, "prometheus mounts \(prometheus.volumes.map { "\($0.source):\($0.target)" })")
        let tag = prometheus.image?.split(separator: ":").last.map(String.init) ?? ""
        #expect(tag.contains("."), "prometheus image \(prometheus.image ?? "none") is not pinned")
    }
}
