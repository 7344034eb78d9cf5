import ArgumentParser
import Foundation
import LocalStack

/// `orderflow token`: a bearer token for the order API, signed with the dev stack's key.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a bearer token for the order API, signed with the dev stack's key.",
        discussion: """
            The key is .orderflow/dev/api-jwt-secret, made by 'orderflow dev up' (or by this command) and \
            read by the dev stack's order service. Production tokens come from your identity provider.

            Examples:
              orderflow token
              orderflow token --scope orders:read --ttl 600
              curl -H "Authorization: Bearer $(orderflow token)" http://127.0.0.1:8080/api/v1/orders/<id>
            """)

    @Option(help: ArgumentHelp("A scope the token grants (orders:write, orders:read). Repeatable; default: both.", valueName: "scope"))
    var scope: [String] = []

    @Option(help: ArgumentHelp("Seconds the token is valid.", valueName: "seconds"))
    var ttl: Int = 24 * 3600

    @Option(help: ArgumentHelp("The token's subject (sub): who the order API records as asking.", valueName: "name"))
    var subject: String = "orderflow-dev"

    func validate() throws {
        guard (1...(366 * 24 * 3600)).contains(ttl) else { throw ValidationError("--ttl must be 1 second to 366 days") }
        for scope in scope where !DevAPIKey.allScopes.contains(scope) {
            throw ValidationError("--scope \(scope): must be one of \(DevAPIKey.allScopes.joined(separator: ", "))")
        }
        guard !subject.isEmpty else { throw ValidationError("--subject is empty") }
    }

    func run() async throws {
        let directory = DevStateDirectory.current()
        let key = try DevAPIKey.loadOrCreate(at: directory.apiKeyFile)
        let token = try await key.token(subject: subject, scopes: scope.isEmpty ? DevAPIKey.allScopes : scope, ttl: .seconds(ttl))
        say(token)
    }
}
