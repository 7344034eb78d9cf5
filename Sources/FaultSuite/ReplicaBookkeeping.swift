import LocalStack
import Synchronization

/// Replicas an injector is restarting in the background, and what went wrong meanwhile; shared between
/// the injector's loop and its restart tasks.
final class ReplicaBookkeeping: Sendable {
    private let busy = Mutex<Set<StackProcessID>>([])
    private let problems = Mutex<[String]>([])

    func begin(_ id: StackProcessID) { busy.withLock { _ = $0.insert(id) } }
    func end(_ id: StackProcessID) { busy.withLock { _ = $0.remove(id) } }
    var inProgress: Set<StackProcessID> { busy.withLock { $0 } }

    func fail(_ problem: String) { problems.withLock { $0.append(problem) } }
    var firstProblem: String? { problems.withLock { $0.first } }
}
