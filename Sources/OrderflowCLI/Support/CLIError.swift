/// A failure the user can act on: printed as one line (`orderflow: error: ...`), never a stack trace.
struct CLIError: Error, CustomStringConvertible, Sendable {
    var message: String
    var exitCode: Int32

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    var description: String { message }

    /// A mistake in the command line found only once the command ran (a group that needs --topic, a
    /// malformed broker list): exit 64 (EX_USAGE), as ArgumentParser's own usage errors.
    static func usage(_ message: String) -> CLIError {
        CLIError(message, exitCode: 64)
    }

    /// Ctrl-C: 128 + SIGINT, as shells report it.
    static func interrupted(_ what: String) -> CLIError {
        CLIError("interrupted: \(what)", exitCode: 130)
    }
}
