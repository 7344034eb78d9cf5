/// How the stack connects the payment service to the provider simulator it starts.
public enum PaymentProviderWiring {
    /// The payment service's setting naming the provider (declared by the payment service).
    public static let urlVariable = "PAYMENT_PROVIDER_URL"

    /// The provider's base URL on this machine.
    public static func url(port: Int) -> String { "http://127.0.0.1:\(port)" }
}
