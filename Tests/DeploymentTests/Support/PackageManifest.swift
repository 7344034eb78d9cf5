import Foundation

/// The executables Package.swift declares, read from its text (running SwiftPM from inside
/// `swift test` would wait for the build directory lock the test run holds).
struct PackageManifest: Sendable {
    struct Executable: Sendable, Equatable {
        /// The product name: the binary's file name and what a container's command runs.
        var product: String
        /// The target, which is also its folder under Sources/.
        var target: String
    }

    var executables: [Executable]
    var executableTargets: [String]

    init(text: String) throws {
        let productPattern = try Regex(#"\.executable\(\s*name:\s*"([^"]+)"\s*,\s*targets:\s*\[\s*"([^"]+)"\s*\]"#)
        let targetPattern = try Regex(#"\.executableTarget\(\s*name:\s*"([^"]+)""#)
        executables = text.matches(of: productPattern).compactMap { match in
            guard let product = match.output[1].substring, let target = match.output[2].substring else { return nil }
            return Executable(product: String(product), target: String(target))
        }
        executableTargets = text.matches(of: targetPattern).compactMap { match in
            match.output[1].substring.map(String.init)
        }
        if executables.isEmpty {
            throw DeploymentCheckError("Package.swift declares no .executable(name:targets:) products")
        }
    }

    static func load() throws -> PackageManifest {
        try PackageManifest(text: try Repository.read(Repository.packageManifest))
    }

    var productNames: [String] { executables.map(\.product) }
}
