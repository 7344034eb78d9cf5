import Testing

@Suite("replicas")
struct ScalingTests {
    @Test("no service pins a container name, which would forbid a second replica")
    func noContainerNames() async throws {
        for service in try await Shared.compose.value.services.values {
            #expect(service.containerName == nil, "\(service.name) sets container_name \(service.containerName ?? "")")
        }
    }

    @Test("orderflow processes publish no host ports, except the order API")
    func consumersPublishNoPorts() async throws {
        for service in try await Shared.compose.value.orderflowServices where !Shared.servicesWithHostPorts.contains(service.name) {
            #expect(service.publishedPorts.isEmpty, "\(service.name) publishes host ports \(service.publishedPorts); a second replica could not start")
        }
    }

    @Test("the order API and Prometheus are reachable from the host")
    func entryPointsArePublished() async throws {
        let compose = try await Shared.compose.value
        for name in Shared.servicesWithHostPorts.sorted() + ["prometheus"] {
            #expect(!(try compose.service(name)).publishedPorts.isEmpty, "\(name) publishes no host port")
        }
    }
}
