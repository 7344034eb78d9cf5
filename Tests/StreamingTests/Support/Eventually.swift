import Foundation

struct ConditionTimedOut: Error, CustomStringConvertible {
    var what: String
    var after: Duration
    var description: String { "timed out after \(after) waiting for: \(what)" }
}

/// Polls `condition` until it holds; throws when `timeout` passes first. Timing is never asserted with
/// sleeps: tests wait for the state they expect, with a deadline.
func waitUntil(
    _ what: String, timeout: Duration = .seconds(20), every interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw ConditionTimedOut(what: what, after: timeout) }
        try await Task.sleep(for: interval)
    }
}
