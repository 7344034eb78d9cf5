import Foundation

/// The offline checks of deploy/kubernetes (Python scripts in deploy/kubernetes/checks), run with the
/// virtualenv scripts/install-kubernetes-tools.sh installs at .build-tools/kubernetes: its kubectl
/// renders the overlays, its kubernetes-validate, checkov and compose-lint do the rest.
enum KubernetesChecks {
    static let virtualenv: URL = {
        if let custom = ProcessInfo.processInfo.environment["ORDERFLOW_KUBERNETES_VENV"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return Repository.path(".build-tools/kubernetes")
    }()

    static var python: URL { virtualenv.appendingPathComponent("bin/python") }

    /// The executables the Deployments run, whose --help the environment and grace-period checks read.
    static let products = ["order-service", "payment-service", "inventory-service", "shipping-service",
                           "notification-service", Shared.relayProduct]

    static func requireInstalled() throws {
        for tool in ["python", "kubectl", "checkov", "compose-lint"] {
            let url = virtualenv.appendingPathComponent("bin/\(tool)")
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw DeploymentCheckError(
                    "\(Repository.relativePath(of: url)) is not installed; run `make deps` (or scripts/install-kubernetes-tools.sh)")
            }
        }
    }

    /// `python deploy/kubernetes/checks/<script> --root <root> <arguments>`; the script prints one
    /// line per problem and exits 1 when there is any.
    static func run(_ script: String, root: URL = Repository.root, arguments: [String] = []) async throws -> ProcessOutput {
        try requireInstalled()
        let path = Repository.path("deploy/kubernetes/checks/\(script)").path
        return try await ProcessRunner.run(python.path, [path, "--root", root.path] + arguments, timeout: .seconds(180))
    }

    /// The --help listings of `products` as the JSON the checks read (`--helps FILE`):
    /// {"payment-service": {"LOG_LEVEL": {"requirement": "default", "default": "info"}, ...}, ...}.
    static func helpsFile() async throws -> URL {
        var document: [String: [String: [String: String]]] = [:]
        for product in products {
            var variables: [String: [String: String]] = [:]
            let help = try await Shared.helps.help(of: product)
            for variable in help.variables {
                switch variable.requirement {
                case .required: variables[variable.name] = ["requirement": "required"]
                case .optional: variables[variable.name] = ["requirement": "optional"]
                case .defaultValue(let value): variables[variable.name] = ["requirement": "default", "default": value]
                }
            }
            for secret in help.secretsWithFileForm {
                variables[secret + "_FILE"] = ["requirement": "optional", "fileOf": secret]
            }
            document[product] = variables
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-helps-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]).write(to: file)
        return file
    }

    /// A scratch copy of what the checks read (deploy/kubernetes, topics/topics.json, compose/), to break on purpose.
    static func scratchCopy() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-k8s-\(UUID().uuidString)")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("deploy"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("topics"), withIntermediateDirectories: true)
        try manager.copyItem(at: Repository.path("deploy/kubernetes"), to: root.appendingPathComponent("deploy/kubernetes"))
        try manager.copyItem(at: Repository.topicsFile, to: root.appendingPathComponent("topics/topics.json"))
        try manager.copyItem(at: Repository.path("compose"), to: root.appendingPathComponent("compose"))
        // compose/.env is the developer's own; the checks read only the committed files.
        try? manager.removeItem(at: root.appendingPathComponent("compose/.env"))
        return root
    }
}
