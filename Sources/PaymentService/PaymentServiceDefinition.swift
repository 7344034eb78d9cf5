import Events
import Streaming

/// The payment service: what it consumes, its tables and its handlers; `ServiceRunner` runs it. Reads
/// the provider's settings (`PAYMENT_PROVIDER_*`) from the environment when first used.
public let definition: ServiceDefinition = {
    var reader = EnvironmentReader()
    let settings = ProviderSettings(from: &reader)
    let name = "payment-service"
    // The process's metrics are made here so the provider's calls and breaker are recorded beside the runtime's.
    let metrics = StreamingMetrics(service: name)
    let provider = PaymentProviderClient(
        settings: settings, http: PaymentProviderClient.makeHTTPClient(settings),
        metrics: DependencyMetrics(metrics, dependency: PaymentProviderClient.dependency), logLabel: name)

    var handlers = EventHandlers()
    // Enough messages in their provider call at once to fill the bulkhead, no more.
    handlers.preparationConcurrency = settings.maxConcurrentCalls
    let payments = PaymentHandlers(provider: provider)
    handlers.on(OrderPlaced.self) { event, context in
        try await payments.charge(event, context)
    } handle: { event, charge, context in
        try await payments.placed(event, charge, context)
    }
    handlers.on(OrderCancelled.self) { event, context in
        try await payments.refund(event, context)
    } handle: { event, refund, context in
        try await payments.cancelled(event, refund, context)
    }

    return ServiceDefinition(
        name: name,
        summary: "Charges each placed order at the payment provider and refunds cancelled orders' payments there.",
        defaultHTTPPort: 8081,
        database: "payments",
        topics: ServiceSubscriptions.payment,
        migrations: PaymentMigrations.all,
        handlers: handlers,
        variables: ProviderSettings.Variables.all,
        problems: reader.problems,
        // While the provider's breaker is open, the consume loop pauses instead of failing payments.
        gates: [provider.breaker],
        metrics: metrics)
}()
