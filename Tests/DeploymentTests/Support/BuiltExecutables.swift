import Foundation

/// The executables of this package as built for the test run (`swift build` before `swift test`,
/// as `make test` does), next to the test binary; ORDERFLOW_BIN_PATH overrides the folder.
enum BuiltExecutables {
    static let directory: URL = {
        if let custom = ProcessInfo.processInfo.environment["ORDERFLOW_BIN_PATH"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        let testBinary = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return testBinary.resolvingSymlinksInPath().deletingLastPathComponent()
    }()

    static func url(of product: String) throws -> URL {
        let url = directory.appendingPathComponent(product)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw DeploymentCheckError(
                "executable \(product) is not built in \(directory.path); run `swift build` (or `swift build --product \(product)`) before the tests")
        }
        return url
    }

    /// `<product> --help`, which must succeed.
    static func help(of product: String) async throws -> EnvironmentHelp {
        let output = try await ProcessRunner.run(try url(of: product).path, ["--help"], timeout: .seconds(30))
        guard output.succeeded else {
            throw DeploymentCheckError("`\(product) --help` failed:\n\(output.summary)")
        }
        // The services print help on stdout; reading stderr too keeps a misdirected listing from looking empty.
        return EnvironmentHelp(text: output.stdout + "\n" + output.stderr)
    }
}
