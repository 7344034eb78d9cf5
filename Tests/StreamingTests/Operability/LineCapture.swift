import Foundation
import Synchronization

@testable import Streaming

/// Collects log lines in memory instead of writing them to stdout.
final class LineCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var output: LogOutput {
        LogOutput { [self] line in lines.withLock { $0.append(line) } }
    }

    var captured: [String] {
        lines.withLock { $0 }
    }

    /// Each captured line parsed as a JSON object.
    func objects() throws -> [[String: Any]] {
        try captured.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let dictionary = object as? [String: Any] else {
                throw CaptureError.notAnObject(line)
            }
            return dictionary
        }
    }

    enum CaptureError: Error {
        case notAnObject(String)
    }
}
