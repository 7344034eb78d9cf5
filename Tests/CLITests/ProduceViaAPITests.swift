import Foundation
import Testing

/// `orders produce --via api` against a dev stack: the orders go through the order API with the dev
/// token, reach the outcomes their scenarios say, and the API's refusals and rate limit are handled.
@Suite("orders produce --via api", .serialized)
struct ProduceViaAPITests {
    @Test func ordersThroughTheAPISettleAndRefusalsAreOneLine() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        // A tight limit, so the run meets 429s and has to honour Retry-After.
        let up = try await runner.run(
            ["dev", "up", "--detach"], extraEnvironment: ["API_RATE_LIMIT_PER_S": "5", "API_RATE_LIMIT_BURST": "5"])
        #expect(up.status == 0, "dev up failed: \(up.stderr)")
        guard up.status == 0 else { return }
        var failure: (any Error)?
        do {
            try await Self.produceThroughTheAPI(runner)
        } catch {
            failure = error
        }
        let down = try await runner.run(["dev", "down"])
        #expect(down.status == 0, "dev down failed: \(down.stderr)")
        if let failure { throw failure }
    }

    static func produceThroughTheAPI(_ runner: DevCommandRunner) async throws {
        let run = try await runner.run(
            ["orders", "produce", "--via", "api", "--count", "20", "--rate", "0", "--seed", "7", "--wait", "--wait-timeout", "90"],
            timeout: .seconds(180))
        #expect(run.status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        #expect(run.stdout.contains("sent 20 orders to the order API http://127.0.0.1:"), "\(run.stdout)")
        #expect(run.stdout.contains("20/20 as expected, 0 unexpected, 0 unsettled"), "\(run.stdout)")
        #expect(run.stderr.contains("rate limiting (429)"), "\(run.stderr)")

        let forged = try await runner.run(["orders", "produce", "--via", "api", "--count", "3", "--token", "not-a-jwt"])
        #expect(forged.status != 0)
        #expect(forged.stderrLines.last?.hasPrefix("orderflow: error: the order API at http://127.0.0.1:") == true, "\(forged.stderr)")
        #expect(forged.stderrLines.last?.contains("refused the token (HTTP 401): the token is not a JWT") == true, "\(forged.stderr)")

        let readOnly = try await runner.run(["token", "--scope", "orders:read", "--ttl", "60"])
        #expect(readOnly.status == 0, "\(readOnly.stderr)")
        let scoped = try await runner.run(
            ["orders", "produce", "--via", "api", "--count", "3", "--token", readOnly.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(scoped.status != 0)
        #expect(scoped.stderrLines.last?.contains("refused the token (HTTP 403)") == true, "\(scoped.stderr)")
    }

    @Test func anAPIThatIsNotThereIsOneLine() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let run = try await runner.run(
            ["orders", "produce", "--via", "api", "--count", "1", "--api", "http://127.0.0.1:1", "--token", "t", "--api-timeout", "2"],
            timeout: .seconds(60))
        #expect(run.status != 0)
        #expect(run.stderrLines.last?.hasPrefix("orderflow: error: 1 of 1 orders were not accepted; first error: the order API at http://127.0.0.1:1") == true,
                "\(run.stderr)")
    }
}
