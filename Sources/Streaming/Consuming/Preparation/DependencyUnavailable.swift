/// What the outside part of a handler throws when a dependency refuses to be called right now (its
/// circuit breaker is open, its bulkhead is full). Nothing is wrong with the message: the consume loop
/// puts it back without spending an attempt and without dead-lettering it, and tries it again later.
public struct DependencyUnavailable: Error, Sendable, CustomStringConvertible {
    public var dependency: String
    public var reason: String

    public init(dependency: String, reason: String) {
        self.dependency = dependency
        self.reason = reason
    }

    public var description: String { "\(dependency) unavailable: \(reason)" }
}
