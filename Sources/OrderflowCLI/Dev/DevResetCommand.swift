import ArgumentParser
import Foundation
import LocalStack
import Postgres

/// `orderflow dev reset`: the dev stack's state, wiped: the stack is stopped (its broker's records go
/// with it), the local PostgreSQL cluster and everything under `.orderflow/dev` are deleted, and with
/// DATABASE_URL the five service databases on that server are dropped. The next `dev up` starts from
/// nothing.
struct DevResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Stop the dev stack and delete its state: broker, databases, logs, keys.",
        discussion: """
            Deletes .orderflow/postgres (the local cluster) and .orderflow/dev (env, logs, the order API's \
            signing key: tokens printed earlier stop working). With DATABASE_URL set, drops the service \
            databases (orders, payments, inventory, shipping, notifications) on that server instead.

            Example:
              orderflow dev reset
            """)

    func run() async throws {
        let (directory, _) = DevStackPointer.locate()
        let stopped = await DevDownCommand.stop(directory, timeout: .seconds(60))
        if stopped > 0 { say("dev stack stopped") }
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            let admin: PostgresConfiguration
            do {
                admin = try PostgresConfiguration(url: url)
            } catch {
                throw DevError("DATABASE_URL: \(error)")
            }
            do {
                try await StackDatabases(admin: admin).dropAll()
            } catch {
                throw DevError("could not drop the service databases on \(admin.redactedURL): \(error)")
            }
            say("dropped the service databases on \(admin.redactedURL)")
        }
        for folder in [directory.postgres, directory.dev] where FileManager.default.fileExists(atPath: folder.path) {
            do {
                try FileManager.default.removeItem(at: folder)
            } catch {
                throw DevError("could not delete \(folder.path): \(error.localizedDescription)")
            }
            say("deleted \(DevSummary.relative(folder.path))")
        }
        say("the dev stack is reset; `orderflow dev up` starts from nothing")
    }
}
