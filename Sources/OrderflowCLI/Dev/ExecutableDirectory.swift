import Foundation
import LocalStack

/// `ExecutableLocator` as the dev commands use it: an explicit option wins, and failures read as `DevError`s.
enum ExecutableDirectory {
    static var ownExecutable: URL { ExecutableLocator.ownExecutable }

    /// `--bin-dir`, else next to the running `orderflow` binary.
    static func locate(_ option: String?) throws -> URL {
        do {
            return try ExecutableLocator.directory(option)
        } catch {
            throw DevError(error.description)
        }
    }

    static func topicsFile(_ option: String?) throws -> TopicsFile {
        do {
            return try ExecutableLocator.topicsFile(option)
        } catch {
            throw DevError(error.description)
        }
    }
}
