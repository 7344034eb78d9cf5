import Foundation
import LocalStack

/// The order API's port in the dev stack: fixed (8080 unless --api-port says otherwise), so the
/// README's `curl localhost:8080/...` and `orders get` find it; checked before anything starts, so a
/// port in use is one clear line rather than a service that never becomes ready.
enum APIPort {
    /// The port to use: `requested`, or a free one for 0. With `checkFree`, a port another program
    /// listens on is refused.
    static func claim(_ requested: Int, checkFree: Bool) throws -> Int {
        if requested == 0 {
            do {
                return try FreePort.pick()
            } catch {
                throw DevError("no free port for the order API: \(error)")
            }
        }
        if checkFree, let problem = FreePort.problem(binding: requested) {
            throw DevError(
                "port \(requested) for the order API is taken (\(problem)); stop what listens there, "
                    + "or pass --api-port with another port (0 picks a free one)")
        }
        return requested
    }
}
