import Testing

@Suite("reading env files")
struct EnvFileParsingTests {
    @Test("separates assignments from variables only mentioned in comments")
    func assignmentsAndMentions() throws {
        let file = try EnvFile(text: """
            # CLIENT_ID is left unset; KAFKA_BROKERS is set per service.
            POSTGRES_PASSWORD=change-me

            LOG_LEVEL=
            """)
        #expect(file.assignments.map(\.name) == ["POSTGRES_PASSWORD", "LOG_LEVEL"])
        #expect(file.assignments.map(\.value) == ["change-me", ""])
        #expect(file.mentionedInComments == ["CLIENT_ID", "KAFKA_BROKERS"])
        #expect(file.namedVariables.contains("CLIENT_ID"))
    }

    @Test("rejects a line that is neither a comment nor NAME=value")
    func rejectsGarbage() {
        #expect(throws: DeploymentCheckError.self) { try EnvFile(text: "export LOG_LEVEL=debug") }
        #expect(throws: DeploymentCheckError.self) { try EnvFile(text: "LOG_LEVEL") }
    }
}
