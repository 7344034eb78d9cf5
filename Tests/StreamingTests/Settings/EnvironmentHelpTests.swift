import Testing

@testable import Streaming

@Suite("environmentHelp")
struct EnvironmentHelpTests {
    @Test func helpNamesEveryVariableWithItsDefaultAndDescription() {
        let variables = ServiceConfiguration.variables(service: "order-service", defaultHTTPPort: 8080, hostname: "h")
            + RelayConfiguration.variables
        let help = environmentHelp(service: "order-service", summary: "Takes orders.", variables: variables)
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "order-service: Takes orders.")
        for v in variables {
            #expect(help.contains("  \(v.name) ("), "missing \(v.name)")
            #expect(help.contains(v.description), "missing description of \(v.name)")
        }
        #expect(lines.contains("  KAFKA_BROKERS (required)"))
        #expect(lines.contains("  KAFKA_SASL_PASSWORD (optional)"))
        #expect(lines.contains("  HTTP_PORT (default: 8080)"))
        #expect(lines.contains("  OUTBOX_SHARDS (default: 16)"))
    }
}
