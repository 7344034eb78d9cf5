/// Something outside the consume loop that says whether fetching makes sense now: a circuit breaker in
/// front of a dependency the handlers need. While a gate holds, the loop pauses its partitions (it keeps
/// polling, so it stays in its group) instead of failing messages; it resumes them when the gate lets go.
public protocol ConsumeGate: Sendable {
    /// Names the dependency in logs and in `/readyz`.
    var name: String { get }
    /// Why consuming should wait now, or nil when it may go on.
    func holdReason() -> String?
    /// One line for `/readyz`: where the gate stands.
    var status: String { get }
}
