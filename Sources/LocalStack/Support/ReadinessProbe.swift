import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `GET /readyz` of a process: ready on 200, otherwise what the answer (or the failure) said.
public enum HTTPReadiness {
    public enum Answer: Sendable, Equatable {
        case ready
        case notReady(String)
    }

    public static func check(port: Int, path: String = "/readyz", timeout: Duration = .seconds(3)) async -> Answer {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { return .notReady("bad port \(port)") }
        var request = URLRequest(url: url)
        request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let session = probeSession
        return await withCheckedContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(returning: .notReady(error.localizedDescription))
                    return
                }
                guard let http = response as? HTTPURLResponse else {
                    continuation.resume(returning: .notReady("no HTTP answer"))
                    return
                }
                if http.statusCode == 200 {
                    continuation.resume(returning: .ready)
                } else {
                    let body = data.map { String(decoding: $0.prefix(300), as: UTF8.self) } ?? ""
                    continuation.resume(returning: .notReady("HTTP \(http.statusCode) \(body)"))
                }
            }.resume()
        }
    }

    private static let probeSession: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 4
        return URLSession(configuration: configuration)
    }()
}
