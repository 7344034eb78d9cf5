/// Every problem found in a service's environment, reported together so one restart fixes them all.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        let count = problems.count
        let heading = "Invalid configuration (\(count) problem\(count == 1 ? "" : "s")):"
        return ([heading] + problems.map { "  - \($0)" }).joined(separator: "\n")
    }
}
