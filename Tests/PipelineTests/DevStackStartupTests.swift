import Foundation
import LocalStack
import Testing

/// Startup failures with stand-in executables (shell scripts): the error names the process and shows
/// its output, and nothing is left running.
@Suite("Dev stack startup failures", .serialized)
struct DevStackStartupTests {
    /// A directory with a script for every executable; `scripts` overrides some of them.
    func fakeExecutables(_ scripts: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-fakebin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in PipelineService.executables {
            let body = scripts[name] ?? "echo \"$0 waiting on $HTTP_PORT\"; exec sleep 300"
            let file = directory.appendingPathComponent(name)
            try Data("#!/bin/sh\n\(body)\n".utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
        return directory
    }

    func configuration(_ executables: URL, prefix: String) throws -> DevStackConfiguration {
        var configuration = DevStackConfiguration(
            kafkaBrokers: "127.0.0.1:1", databases: StackDatabases(admin: try TestEnvironment.adminDatabase(), prefix: prefix),
            executables: executables)
        configuration.readinessTimeout = .seconds(5)
        configuration.stopGracePeriod = .seconds(2)
        return configuration
    }

    @Test func aProcessThatExitsFailsStartupAndStopsTheRest() async throws {
        let executables = try fakeExecutables(["payment-service": "echo 'payment: no database for you' >&2; exit 3"])
        defer { try? FileManager.default.removeItem(at: executables) }
        let prefix = TestEnvironment.uniquePrefix("fake")
        let configuration = try configuration(executables, prefix: prefix)
        let started = ContinuousClock.now
        let failure = await startupFailure(configuration)
        guard case .exitedEarly(let process, let exit, let log)? = failure else {
            Issue.record("expected payment#1 to exit early, got \(String(describing: failure))")
            return
        }
        #expect(process == "payment#1")
        #expect(exit == .exited(3))
        #expect(log.contains("payment: no database for you"))
        #expect(failure?.description.contains("payment: no database for you") == true)
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(try runningStandIns(executables).isEmpty, "stand-ins still running")
        try await configuration.databases.dropAll()
    }

    @Test func aProcessThatNeverBecomesReadyIsNamed() async throws {
        let executables = try fakeExecutables([:])
        defer { try? FileManager.default.removeItem(at: executables) }
        let configuration = try configuration(executables, prefix: TestEnvironment.uniquePrefix("fake"))
        let failure = await startupFailure(configuration)
        guard case .notReady(let process, _, _, let log)? = failure else {
            Issue.record("expected a process that is not ready, got \(String(describing: failure))")
            return
        }
        #expect(!process.isEmpty)
        #expect(log.contains { $0.contains("waiting on") })
        #expect(try runningStandIns(executables).isEmpty, "stand-ins still running")
        try await configuration.databases.dropAll()
    }

    @Test func missingExecutablesAreListed() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        await #expect(throws: DevStackError.self) { _ = try await DevStack.start(try configuration(empty, prefix: "unused_")) }
    }

    func startupFailure(_ configuration: DevStackConfiguration) async -> DevStackError? {
        do {
            let stack = try await DevStack.start(configuration)
            await stack.stop()
            return nil
        } catch {
            return error
        }
    }

    /// Processes whose command line runs a script from this directory.
    func runningStandIns(_ directory: URL) throws -> [Int32] {
        let pids = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap { Int32($0) }
        return pids.filter { pid in
            ProcessProbe.isAlive(pid) && (ProcessProbe.commandLine(pid) ?? []).contains { $0.hasPrefix(directory.path) }
        }
    }
}
