import Testing

@Suite("reading --help listings")
struct EnvironmentHelpParsingTests {
    /// The layout `environmentHelp` (Sources/Streaming/Settings) prints.
    private let listing = """
        payment-service: authorizes payments

        Configuration is read from the environment:

          KAFKA_BROKERS (required)
              Kafka bootstrap servers, comma-separated, e.g. localhost:9092
          GROUP_ID (default: payment-service)
              Kafka consumer group id, e.g. payment-service
          KAFKA_SASL_MECHANISM (optional)
              SASL mechanism (PLAIN or SCRAM-SHA-512), e.g. SCRAM-SHA-512
          HTTP_PORT (default: 8081)
              Port of the health server (0 picks a free port), e.g. 8080
          DATABASE_URL (required)
              PostgreSQL connection URL, e.g. postgres://localhost/payments; or DATABASE_URL_FILE naming a file that holds it

        """

    @Test("reads each variable with whether it is required, optional or defaulted")
    func readsVariables() {
        let help = EnvironmentHelp(text: listing)
        #expect(help.names == ["KAFKA_BROKERS", "GROUP_ID", "KAFKA_SASL_MECHANISM", "HTTP_PORT", "DATABASE_URL"])
        #expect(help.requirement(of: "KAFKA_BROKERS") == .required)
        #expect(help.requirement(of: "KAFKA_SASL_MECHANISM") == .optional)
        #expect(help.requirement(of: "HTTP_PORT") == .defaultValue("8081"))
    }

    @Test("reads which secrets also come from a file named by NAME_FILE")
    func readsSecretFileForms() {
        let help = EnvironmentHelp(text: listing)
        #expect(help.secretsWithFileForm == ["DATABASE_URL"])
        #expect(help.requirement(of: "DATABASE_URL_FILE") == nil)
    }

    @Test("ignores descriptions, option listings and prose")
    func ignoresOtherLines() {
        let help = EnvironmentHelp(text: """
            USAGE: orderflow <subcommand>
              -h, --help              Show help information. (default: none)
                  KAFKA_BROKERS (required)
              see LOG_LEVEL (default: info)
            """)
        #expect(help.names.isEmpty)
    }
}
