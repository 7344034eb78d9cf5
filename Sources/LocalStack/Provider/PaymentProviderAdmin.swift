import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PaymentProvider

/// The payment provider simulator seen from tools: its fault switch (`PUT`/`DELETE /admin/faults`) and
/// the charges it holds (`GET /v1/charges`), for `orderflow dev psp`, the fault suite and the bench.
public struct PaymentProviderAdmin: Sendable {
    public let baseURL: String

    public init(baseURL: String) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
    }

    public init(port: Int) {
        self.init(baseURL: PaymentProviderWiring.url(port: port))
    }

    /// The faults in force.
    public func faults() async throws(ProviderAdminError) -> FaultSettings {
        try await send("GET", "/admin/faults", FaultSettings.self)
    }

    /// Replaces the faults; returns them as the provider now has them.
    @discardableResult
    public func apply(_ settings: FaultSettings) async throws(ProviderAdminError) -> FaultSettings {
        try await send("PUT", "/admin/faults", FaultSettings.self, body: try? JSONEncoder().encode(settings))
    }

    /// Healthy again at once.
    @discardableResult
    public func reset() async throws(ProviderAdminError) -> FaultSettings {
        try await send("DELETE", "/admin/faults", FaultSettings.self)
    }

    /// Every charge the provider holds, refunded ones included. Asked with no faults in the way: tools
    /// read it after a run, once the provider answers again.
    public func charges() async throws(ProviderAdminError) -> [ChargeView] {
        try await send("GET", "/v1/charges", ChargeList.self).charges
    }

    private func send<T: Decodable>(
        _ method: String, _ path: String, _ type: T.Type, body: Data? = nil
    ) async throws(ProviderAdminError) -> T {
        guard let url = URL(string: baseURL + path) else { throw .unreachable(baseURL, "not a URL") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw .unreachable(baseURL, error.localizedDescription)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            let problem = (try? JSONDecoder().decode(ProviderProblem.self, from: data))?.detail
            throw .refused(status: status, problem ?? String(decoding: data.prefix(200), as: UTF8.self))
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw .refused(status: status, "unreadable answer: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
    }
}

public enum ProviderAdminError: Error, Sendable, CustomStringConvertible {
    case unreachable(String, String)
    case refused(status: Int, String)

    public var description: String {
        switch self {
        case .unreachable(let url, let why): "the payment provider at \(url) did not answer (\(why))"
        case .refused(let status, let why): "the payment provider answered \(status): \(why)"
        }
    }
}
