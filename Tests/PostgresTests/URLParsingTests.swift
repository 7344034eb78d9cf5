import Postgres
import Testing

/// Connection URLs: what parses, what is rejected and how the error reads. No server needed.
@Suite struct URLParsingTests {
    @Test func parsesAFullURL() throws {
        let configuration = try PostgresConfiguration(
            url: "postgresql://order%40svc:p%40ss%3Aw%2Fo%23rd@db.internal:6543/orders?sslmode=disable&application_name=relay&connect_timeout=9")
        #expect(configuration.user == "order@svc")
        #expect(configuration.password == "p@ss:w/o#rd")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6543)
        #expect(configuration.database == "orders")
        #expect(configuration.options == ["sslmode": "disable"])
        #expect(configuration.applicationName == "relay")
        #expect(configuration.connectTimeout == .seconds(9))
    }

    @Test func defaultsPortAndDatabase() throws {
        let configuration = try PostgresConfiguration(url: "postgres://app@localhost")
        #expect(configuration.port == 5432)
        #expect(configuration.database == "app")
        #expect(configuration.password == nil)
        let ipv6 = try PostgresConfiguration(url: "postgres://app:x@[::1]:5433/db")
        #expect(ipv6.host == "::1")
        #expect(ipv6.port == 5433)
    }

    @Test func urlRoundTripsAndRedacts() throws {
        let original = try PostgresConfiguration(url: "postgres://user:s%20cr%2Fet@host:5432/db?sslmode=require")
        #expect(try PostgresConfiguration(url: original.url) == original)
        #expect(original.redactedURL == "postgres://user:***@host:5432/db?sslmode=require")
        #expect(!original.redactedURL.contains("cr"))
        #expect("\(original)" == original.redactedURL)
        let other = original.with(database: "payments")
        #expect(other.database == "payments" && other.password == original.password)
    }

    @Test(arguments: [
        ("", "empty"),
        ("localhost:5432/db", "postgres://"),
        ("mysql://u:secretpw@h/db", "scheme"),
        ("postgres://u:secretpw@h:notaport/db", "port"),
        ("postgres://u:secretpw@h:70000/db", "port"),
        ("postgres://u:secretpw@/db", "host"),
        ("postgres://:secretpw@h/db", "user"),
        ("postgres://u:secret%zzpw@h/db", "percent"),
        ("postgres://u:secretpw@h/db?no_such_option=1", "no_such_option"),
        ("postgres://u:secretpw@[::1/db", "IPv6"),
    ])
    func malformedURLsFailWithoutEchoingThePassword(url: String, mentions: String) {
        do {
            _ = try PostgresConfiguration(url: url)
            Issue.record("parsed \(url) without error")
        } catch {
            #expect(error.kind == .invalidURL)
            #expect(error.message.contains(mentions), "message: \(error.message)")
            #expect(!error.message.contains("secret"), "message leaks the password: \(error.message)")
        }
    }
}
