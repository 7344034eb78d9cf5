/// A deployment check could not run or found the files inconsistent; the message says which file and what to do.
struct DeploymentCheckError: Error, CustomStringConvertible, Sendable {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
