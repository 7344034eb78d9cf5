import Testing

@Suite("health checks and start order")
struct StartOrderTests {
    @Test("every long-running orderflow process is health-checked on /readyz")
    func readinessHealthChecks() async throws {
        let compose = try await Shared.compose.value
        #expect(compose.longRunningOrderflowServices.count >= 10, "expected five services and five relays with health checks")
        for service in compose.longRunningOrderflowServices {
            let test = service.healthcheckTest ?? []
            #expect(test.contains("/readyz"), "\(service.name) keeps running but its health check \(test) does not ask /readyz")
        }
    }

    @Test("Kafka and Postgres have health checks, and pinned image versions")
    func infrastructureIsChecked() async throws {
        let compose = try await Shared.compose.value
        for name in ["kafka", "postgres"] {
            let service = try compose.service(name)
            #expect(service.healthcheckTest != nil, "\(name) has no health check, so nothing can wait for it")
            let tag = service.image?.split(separator: ":").last.map(String.init) ?? ""
            #expect(tag.first?.isNumber == true, "\(name) image \(service.image ?? "none") is not pinned to a version")
        }
        #expect(try compose.service("kafka").image?.hasPrefix("apache/kafka:") == true)
    }

    @Test("every dependency waits for health or completion, never just for a start")
    func dependenciesHaveConditions() async throws {
        let compose = try await Shared.compose.value
        for service in compose.services.values {
            for (dependency, condition) in service.dependencies {
                let target = try compose.service(dependency)
                let expected = target.healthcheckTest != nil ? "service_healthy" : "service_completed_successfully"
                #expect(condition == expected, "\(service.name) depends on \(dependency) with \(condition), expected \(expected)")
            }
        }
    }

    @Test("orderflow processes start after the broker and the database are healthy")
    func processesWaitForInfrastructure() async throws {
        for service in try await Shared.compose.value.longRunningOrderflowServices {
            // The payment provider simulator talks HTTP and Postgres only.
            let kafka = service.executable == Shared.providerProduct || service.dependencies["kafka"] == "service_healthy"
            #expect(kafka, "\(service.name) does not wait for a healthy kafka")
            #expect(service.dependencies["postgres"] == "service_healthy", "\(service.name) does not wait for a healthy postgres")
        }
    }
}
