import Streaming

/// How the payment service reaches its payment provider, read from the environment.
struct ProviderSettings: Sendable {
    var url: String
    var callTimeout: Duration
    var maxConcurrentCalls: Int
    var bulkheadWait: Duration
    var attempts: Int
    var retry: RetryPolicy
    var breaker: CircuitBreakerConfiguration

    enum Variables {
        static let url = RequiredSetting.string(
            name: "PAYMENT_PROVIDER_URL", description: "Base URL of the payment provider's API",
            example: "http://payment-provider:8080")
        static let callTimeout = Setting.milliseconds(
            name: "PAYMENT_PROVIDER_TIMEOUT_MS", description: "Deadline of one call to the provider, in milliseconds",
            default: 1_000, range: 10...60_000, example: "2000")
        static let maxConcurrentCalls = Setting.integer(
            name: "PAYMENT_PROVIDER_MAX_CONCURRENT_CALLS",
            description: "Calls to the provider in flight at once (the bulkhead); also how many messages of a batch are prepared at once",
            default: 32, range: 1...1_024, example: "64")
        static let bulkheadWait = Setting.milliseconds(
            name: "PAYMENT_PROVIDER_BULKHEAD_WAIT_MS",
            description: "How long a call waits for a free place in the bulkhead before it is refused, in milliseconds",
            default: 2_000, range: 0...60_000, example: "500")
        static let attempts = Setting.integer(
            name: "PAYMENT_PROVIDER_ATTEMPTS",
            description: "Tries of one call when the provider times out, answers 5xx or refuses the connection (never after a decline)",
            default: 3, range: 1...10, example: "5")
        static let retryBase = Setting.milliseconds(
            name: "PAYMENT_PROVIDER_RETRY_BASE_MS",
            description: "Backoff before the second try of a call, doubled for each further try, with full jitter, in milliseconds",
            default: 50, range: 1...60_000, example: "100")

        static let failureRate = Setting.integer(
            name: "PAYMENT_PROVIDER_BREAKER_FAILURE_RATE",
            description: "Percent of failed calls (timeouts, 5xx, refused) in the breaker's window that opens it",
            default: 50, range: 1...100, example: "25")
        static let slowCallRate = Setting.integer(
            name: "PAYMENT_PROVIDER_BREAKER_SLOW_CALL_RATE",
            description: "Percent of slow calls in the breaker's window that opens it",
            default: 80, range: 1...100, example: "50")
        static let slowCall = Setting.milliseconds(
            name: "PAYMENT_PROVIDER_BREAKER_SLOW_CALL_MS",
            description: "A call taking at least this long counts as slow, in milliseconds",
            default: 500, range: 1...60_000, example: "800")
        static let window = Setting.integer(
            name: "PAYMENT_PROVIDER_BREAKER_WINDOW",
            description: "Calls in the breaker's sliding window", default: 20, range: 1...1_000, example: "50")
        static let minimumCalls = Setting.integer(
            name: "PAYMENT_PROVIDER_BREAKER_MINIMUM_CALLS",
            description: "Calls the window must hold before the breaker may open", default: 10, range: 1...1_000, example: "20")
        static let openWait = Setting.milliseconds(
            name: "PAYMENT_PROVIDER_BREAKER_OPEN_MS",
            description: "How long the open breaker refuses calls (and the consume loop stays paused) before probing, in milliseconds",
            default: 5_000, range: 100...600_000, example: "10000")
        static let halfOpenCalls = Setting.integer(
            name: "PAYMENT_PROVIDER_BREAKER_PROBES",
            description: "Probe calls in the half-open state that decide between closing and opening again",
            default: 3, range: 1...100, example: "5")

        static var all: [any SettingDeclaration] {
            [url, callTimeout, maxConcurrentCalls, bulkheadWait, attempts, retryBase,
             failureRate, slowCallRate, slowCall, window, minimumCalls, openWait, halfOpenCalls]
        }
    }

    init(from reader: inout EnvironmentReader) {
        url = reader.read(Variables.url)
        while url.hasSuffix("/") { url.removeLast() }
        if !url.isEmpty, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            reader.report("\(Variables.url.name) must be an http:// or https:// URL (e.g. \(Variables.url.example))")
        }
        callTimeout = reader.read(Variables.callTimeout)
        maxConcurrentCalls = reader.read(Variables.maxConcurrentCalls)
        bulkheadWait = reader.read(Variables.bulkheadWait)
        attempts = reader.read(Variables.attempts)
        let base = reader.read(Variables.retryBase)
        retry = RetryPolicy(base: base, cap: base * 16, maxAttempts: attempts)
        breaker = CircuitBreakerConfiguration(
            failureRateThreshold: Double(reader.read(Variables.failureRate)),
            slowCallRateThreshold: Double(reader.read(Variables.slowCallRate)),
            slowCallDurationThreshold: reader.read(Variables.slowCall),
            slidingWindowSize: reader.read(Variables.window), minimumNumberOfCalls: reader.read(Variables.minimumCalls),
            waitDurationInOpenState: reader.read(Variables.openWait),
            permittedNumberOfCallsInHalfOpenState: reader.read(Variables.halfOpenCalls))
    }
}
