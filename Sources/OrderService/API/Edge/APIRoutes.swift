import HTTPTypes

/// The paths of the versioned API and the methods each answers, so a request the router finds no
/// route for can be told apart: a known path asked with another method (405) or no such path (404).
enum APIRoutes {
    static let prefix = "/api/v1"

    /// Path templates; `{id}` stands for one non-empty segment.
    static let table: [(template: String, methods: [HTTPRequest.Method])] = [
        ("/api/v1/orders", [.post]),
        ("/api/v1/orders/{id}", [.get]),
        ("/api/v1/openapi.json", [.get]),
    ]

    static func isUnderAPI(_ path: String) -> Bool {
        path == prefix || path.hasPrefix(prefix + "/")
    }

    /// The methods `path` answers; empty when no route has this path.
    static func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for route in table {
            let template = route.template.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count else { continue }
            let matches = zip(template, segments).allSatisfy { expected, actual in
                expected == "{id}" ? !actual.isEmpty : expected == actual
            }
            if matches { return route.methods }
        }
        return []
    }
}
