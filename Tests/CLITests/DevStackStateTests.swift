#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LocalStack
import Testing

/// The dev stack's state stays consistent: a fresh embedded broker comes with fresh databases, a
/// repeated seed on one stack is reported at once, `dev reset` wipes it all; `dev status` agrees with
/// itself after a replica dies and finds the stack from any folder; `dev restart` and `dev logs` work
/// on single processes.
extension DevCommandTests {
    static let seedArguments = ["orders", "produce", "--count", "12", "--rate", "0", "--seed", "42", "--wait", "--wait-timeout", "60"]

    @Test func aRepeatedSeedIsNeverSilentlyLost() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        defer { runner.stopStack() }
        for round in 1...2 {
            let up = try await runner.run(["dev", "up", "--detach", "--api-port", "0"])
            try #require(up.status == 0, "dev up failed: \(up.stderr)")
            #expect(up.stdout.contains("databases: starting empty"), "\(up.stdout)")
            // A new stack on a new broker: the orders are new to it, whatever ran before.
            let produce = try await runner.run(Self.seedArguments, timeout: .seconds(150))
            #expect(produce.status == 0, "round \(round): \(produce.stdout)\n\(produce.stderr)")
            #expect(produce.stdout.contains("12/12 as expected, 0 unexpected, 0 unsettled"), "round \(round): \(produce.stdout)")
            #expect(!produce.stdout.contains("already known"), "round \(round): \(produce.stdout)")
            if round == 1 {
                let down = try await runner.run(["dev", "down"])
                #expect(down.status == 0, "\(down.stderr)")
            }
        }
        // The same seed again on the same stack: known orders, said at once, with their recorded outcomes.
        let started = ContinuousClock.now
        let again = try await runner.run(Self.seedArguments, timeout: .seconds(150))
        let took = started.duration(to: .now)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("12 of 12 orders are already known to the order service"), "\(again.stdout)")
        #expect(again.stdout.contains("12/12 as expected"), "\(again.stdout)")
        #expect(took < .seconds(50), "waited \(took) for orders it knew would not come")

        let reset = try await runner.run(["dev", "reset"], timeout: .seconds(120))
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(reset.stdout.contains("dev stack stopped"))
        #expect(!FileManager.default.fileExists(atPath: runner.directory.appendingPathComponent(".orderflow/postgres").path))
        #expect(!FileManager.default.fileExists(atPath: runner.directory.appendingPathComponent(".orderflow/dev").path))
        let status = try await runner.run(["dev", "status"])
        #expect(status.status == 1)
    }

    @Test func statusAgreesWithItselfAfterAReplicaDiesAndRestartBringsItBack() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let up = try await runner.run(["dev", "up", "--detach", "--scale", "payment=2", "--api-port", "0"])
        try #require(up.status == 0, "dev up failed: \(up.stderr)")
        defer { runner.stopStack() }

        let healthy = try await runner.run(["dev", "status", "--json"])
        #expect(healthy.status == 0, "\(healthy.stdout)")
        let before = try Self.object(healthy.stdout)
        #expect(before["state"] as? String == "ready")
        let apiURL = try #require(before["apiURL"] as? String)
        let victim = try #require((before["processes"] as? [[String: Any]])?.first { $0["name"] as? String == "payment#2" })
        let pid = Int32(try #require(victim["pid"] as? Int))

        kill(pid, SIGKILL)
        #expect(await ProcessProbe.waitUntilGone([pid], timeout: .seconds(10)).isEmpty)
        let text = try await runner.run(["dev", "status"])
        #expect(text.status == 1)
        let headline = text.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(headline.contains("degraded: payment#2 exited"), "\(text.stdout)")
        #expect(!headline.contains(", ready"), "\(text.stdout)")
        #expect(text.stdout.contains("order API  \(apiURL)/api/v1/orders"), "\(text.stdout)")
        let json = try await runner.run(["dev", "status", "--json"])
        #expect(json.status == 1)
        let after = try Self.object(json.stdout)
        #expect(after["state"] as? String == "degraded")
        #expect(after["ready"] as? Bool == false)

        // From a folder outside the stack's: found through the announcement `dev up` made.
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-elsewhere-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let remote = try await runner.run(["dev", "status"], in: elsewhere)
        #expect(remote.status == 1)
        #expect(remote.stdout.contains("found through") && remote.stdout.contains("dev-stack"), "\(remote.stdout)")
        #expect(remote.stdout.contains("payment#2"), "\(remote.stdout)")

        let restart = try await runner.run(["dev", "restart", "payment#2"], timeout: .seconds(180))
        #expect(restart.status == 0, "\(restart.stdout)\n\(restart.stderr)")
        #expect(restart.stdout.contains("payment#2 restarted"), "\(restart.stdout)")
        let again = try await runner.run(["dev", "status", "--json"], in: elsewhere)
        #expect(again.status == 0, "\(again.stdout)")
        let restarted = try Self.object(again.stdout)
        let replaced = (restarted["processes"] as? [[String: Any]])?.first { $0["name"] as? String == "payment#2" }
        #expect(replaced?["pid"] as? Int != Int(pid))
        #expect(replaced?["state"] as? String == "ready")

        let unknown = try await runner.run(["dev", "restart", "billing#1"])
        #expect(unknown.status == 64, "\(unknown.stderr)")

        let logs = try await runner.run(["dev", "logs", "payment#2", "--lines", "0"])
        #expect(logs.status == 0, "\(logs.stderr)")
        let lines = logs.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("payment#2 ") }, "\(logs.stdout.prefix(2000))")
        let all = try await runner.run(["dev", "logs", "payment"])
        #expect(all.stdout.contains("payment#1 ") && all.stdout.contains("payment#2 "))

        let down = try await runner.run(["dev", "down"], in: elsewhere)
        #expect(down.status == 0)
        #expect(down.stdout.contains("dev stack stopped"), "\(down.stdout)")
    }

    @Test func theAPIPortMustBeFree() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let port = try FreePort.pick()
        let blocker = try TCPListener(port: port)
        defer { blocker.close() }
        let up = try await runner.run(["dev", "up", "--detach", "--api-port", String(port)], timeout: .seconds(60))
        #expect(up.status == 1)
        #expect(up.stderrLines.count == 1, "\(up.stderr)")
        #expect(up.stderr.contains("port \(port) for the order API is taken"), "\(up.stderr)")
        #expect(!FileManager.default.fileExists(atPath: runner.pidFile.path))
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}

/// A socket listening on a loopback port, to occupy it.
final class TCPListener {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    func close() { _ = Glibc.close(fd) }
}
