import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OrderService
import Postgres

/// Finds an order through the order API, falling back to the `orders` database when the API does not
/// answer (the service is down, or not started). A 404 from the API is an answer, not a reason to fall back.
struct OrderLookup {
    enum Source: String, CaseIterable, Sendable {
        case auto, api, database
    }

    enum Answer {
        case found(OrderView, via: String)
        case notFound(via: String)
    }

    var apiURL: String
    /// Bearer token for the API; nil sends none (an API with authentication answers 401).
    var apiToken: String? = nil
    var databaseURL: String?
    var databaseName: String
    var source: Source
    var timeout: Duration

    func find(_ orderID: String) async throws(CLIError) -> Answer {
        switch source {
        case .api:
            return try await fromAPI(orderID)
        case .database:
            return try await fromDatabase(orderID)
        case .auto:
            do {
                return try await fromAPI(orderID)
            } catch let apiError {
                guard databaseURL != nil else {
                    throw CLIError("\(apiError.message), and no database to fall back to (set DATABASE_URL or pass --database-url)")
                }
                // Said, not hidden: the answer then comes from elsewhere, and the API may need looking at.
                Terminal.err("orderflow: \(apiError.message); reading the orders database instead (--source api does not fall back)")
                return try await fromDatabase(orderID)
            }
        }
    }

    private func fromAPI(_ orderID: String) async throws(CLIError) -> Answer {
        let base = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        let escaped = orderID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? orderID
        guard let url = URL(string: "\(base)/api/v1/orders/\(escaped)"), url.scheme == "http" || url.scheme == "https" else {
            throw CLIError("--api \(apiURL) is not an http(s) URL")
        }
        var request = URLRequest(url: url)
        request.timeoutInterval = max(1, timeout.seconds)
        if let apiToken { request.setValue("Bearer \(apiToken)", forHTTPHeaderField: "Authorization") }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw CLIError("the order API at \(base) did not answer (\(error.localizedDescription))")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        switch status {
        case 200:
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            do {
                return .found(try decoder.decode(OrderView.self, from: data), via: "order API \(base)")
            } catch {
                throw CLIError("the order API at \(base) answered with an unexpected body: \(error)")
            }
        case 404:
            return .notFound(via: "order API \(base)")
        default:
            let body = String(decoding: data.prefix(200), as: UTF8.self)
            throw CLIError("the order API at \(base) answered HTTP \(status): \(body)")
        }
    }

    private func fromDatabase(_ orderID: String) async throws(CLIError) -> Answer {
        guard let databaseURL else {
            throw CLIError("no database URL: set DATABASE_URL, pass --database-url, or start the dev stack with 'orderflow dev up'")
        }
        var configuration: PostgresConfiguration
        do {
            configuration = try PostgresConfiguration(url: databaseURL).with(database: databaseName)
        } catch {
            throw CLIError("invalid database URL: \(error)")
        }
        configuration.connectTimeout = timeout
        configuration.applicationName = "orderflow-cli"
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration, logger: CLILogging.logger("postgres"))
        } catch {
            throw CLIError("cannot connect to \(configuration.redactedURL): \(error.message)")
        }
        let snapshot: OrderView?
        do {
            snapshot = try await OrderReads(connection).view(of: orderID)
        } catch {
            await connection.close()
            throw CLIError("reading order \(orderID) from \(configuration.redactedURL): \(error.message)")
        }
        await connection.close()
        let via = "database \(configuration.redactedURL)"
        return snapshot.map { .found($0, via: via) } ?? .notFound(via: via)
    }
}
