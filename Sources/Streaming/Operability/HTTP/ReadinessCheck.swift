/// One dependency `/readyz` verifies, e.g. "kafka", "database", "assignment".
/// The check throws (with a message worth reading) when the dependency is not usable.
public struct ReadinessCheck: Sendable {
    public var name: String
    public var check: @Sendable () async throws -> Void

    public init(name: String, check: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.check = check
    }
}

/// A line `/readyz` shows about a dependency without checking it (see `ReadinessProbe.details`).
public struct ReadinessDetail: Sendable {
    public var name: String
    public var status: @Sendable () -> String

    public init(name: String, status: @escaping @Sendable () -> String) {
        self.name = name
        self.status = status
    }
}
