import Testing

/// Checks built on what each executable says it reads (`<executable> --help`), so a variable added to
/// a service's configuration cannot be forgotten in the compose file, the env example or the
/// Kubernetes manifests.
@Suite("every variable a service reads reaches its container")
struct EnvironmentCoverageTests {
    @Test("each service executable is built and lists its variables with --help")
    func servicesListTheirVariables() async throws {
        let compose = try await Shared.compose.value
        let manifest = try await Shared.manifest.value
        let longRunning = Set(compose.longRunningOrderflowServices.compactMap(\.executable))
        for product in manifest.productNames {
            let help = try await Shared.helps.help(of: product)
            if longRunning.contains(product) {
                let kafka = product == Shared.providerProduct || help.names.contains("KAFKA_BROKERS")
                #expect(kafka && help.names.contains("DATABASE_URL"),
                        "`\(product) --help` should list its environment variables (KAFKA_BROKERS, DATABASE_URL, ...); it listed \(help.names)")
            }
        }
    }

    @Test("every variable printed by --help is named in compose/.env.example or set in the service's environment")
    func everyVariableIsNamed() async throws {
        let compose = try await Shared.compose.value
        let example = try await Shared.envExample.value
        for product in try await Shared.manifest.value.productNames {
            let help = try await Shared.helps.help(of: product)
            for service in compose.services(running: product) {
                let environment = service.environment
                for name in help.names where environment[name] == nil {
                    let named = example.namedVariables.contains(name)
                    #expect(named,
                            "\(product) reads \(name), but compose service \(service.name) does not set it and compose/.env.example does not name it")
                }
            }
        }
    }

    @Test("every setting of compose/.env.example a service reads is passed to that service")
    func exampleSettingsArePassed() async throws {
        let compose = try await Shared.compose.value
        let example = try await Shared.envExample.value
        for product in try await Shared.manifest.value.productNames {
            let help = try await Shared.helps.help(of: product)
            for service in compose.services(running: product) {
                for name in help.names where example.assignedNames.contains(name) {
                    let passed = service.environment[name] != nil
                    #expect(passed,
                            "compose/.env.example sets \(name), which \(product) reads, but compose service \(service.name) does not pass it (add \(name): ${\(name):-})")
                }
            }
        }
    }

    @Test("every required variable has a value in each service that reads it")
    func requiredVariablesAreSet() async throws {
        let compose = try await Shared.compose.value
        for product in try await Shared.manifest.value.productNames {
            let help = try await Shared.helps.help(of: product)
            let required = help.variables.filter { $0.requirement == .required }.map(\.name)
            for service in compose.services(running: product) {
                for name in required {
                    let given = service.environment[name]?.isEmpty == false
                    #expect(given,
                            "\(product) requires \(name), but compose service \(service.name) gives it no value")
                }
            }
        }
    }

    @Test("every variable printed by --help is set, or left blank to its default, in each Kubernetes Deployment; secrets come from Secrets")
    func kubernetesDeploymentsSetEveryVariable() async throws {
        let output = try await KubernetesChecks.run("environment.py", arguments: ["--helps", try await KubernetesChecks.helpsFile().path])
        #expect(output.succeeded, "deploy/kubernetes/checks/environment.py found problems:\n\(output.summary)")
    }

    @Test("compose waits longer than the services' shutdown timeout before killing them")
    func gracePeriodOutlastsShutdown() async throws {
        let compose = try await Shared.compose.value
        let example = try await Shared.envExample.value
        let configured = example.assignments.first { $0.name == "SHUTDOWN_TIMEOUT_MS" }?.value ?? ""
        for service in compose.longRunningOrderflowServices {
            guard let product = service.executable else { continue }
            let help = try await Shared.helps.help(of: product)
            guard case .defaultValue(let defaultText)? = help.requirement(of: "SHUTDOWN_TIMEOUT_MS") else { continue }
            let timeout = Int(configured.isEmpty ? defaultText : configured) ?? 0
            let grace = DurationText.milliseconds(service.stopGracePeriod ?? "10s")
            #expect(grace.map { $0 > timeout } == true,
                    "\(service.name): stop_grace_period \(service.stopGracePeriod ?? "10s (default)") does not outlast SHUTDOWN_TIMEOUT_MS \(timeout)")
        }
    }
}
