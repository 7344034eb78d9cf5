/// Why a benchmark could not run (as opposed to running and missing a target).
public struct BenchError: Error, Sendable, CustomStringConvertible {
    public var stage: String
    public var message: String

    public init(_ stage: String, _ message: String) {
        self.stage = stage
        self.message = message
    }

    public var description: String { "\(stage): \(message)" }
}
