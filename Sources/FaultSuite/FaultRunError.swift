/// Why a scenario could not run at all (as opposed to running and failing its checks).
public enum FaultRunError: Error, Sendable, CustomStringConvertible {
    case setup(String)
    case publishing(String)
    case injection(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .setup(let problem): "setup failed: \(problem)"
        case .publishing(let problem): "publishing failed: \(problem)"
        case .injection(let problem): "fault injection failed: \(problem)"
        case .unsupported(let problem): problem
        }
    }
}
