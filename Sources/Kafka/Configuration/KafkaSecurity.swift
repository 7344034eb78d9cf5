public enum KafkaSecurityProtocol: String, Sendable, CaseIterable {
    case plaintext
    case ssl
    case saslPlaintext = "sasl_plaintext"
    case saslSSL = "sasl_ssl"
}

/// How clients authenticate and encrypt. Secrets come from the environment, never from the repository.
public struct KafkaSecurity: Sendable {
    public var `protocol`: KafkaSecurityProtocol = .plaintext
    /// `sasl.mechanisms`, e.g. `PLAIN`, `SCRAM-SHA-256`.
    public var saslMechanism: String?
    public var saslUsername: String?
    public var saslPassword: String?
    /// `ssl.ca.location`: CA bundle used to verify the brokers.
    public var caLocation: String?

    public init(
        protocol: KafkaSecurityProtocol = .plaintext, saslMechanism: String? = nil, saslUsername: String? = nil,
        saslPassword: String? = nil, caLocation: String? = nil
    ) {
        self.protocol = `protocol`
        self.saslMechanism = saslMechanism
        self.saslUsername = saslUsername
        self.saslPassword = saslPassword
        self.caLocation = caLocation
    }

    var entries: [(String, String)] {
        var result = [("security.protocol", self.protocol.rawValue)]
        if let saslMechanism { result.append(("sasl.mechanisms", saslMechanism)) }
        if let saslUsername { result.append(("sasl.username", saslUsername)) }
        if let saslPassword { result.append(("sasl.password", saslPassword)) }
        if let caLocation { result.append(("ssl.ca.location", caLocation)) }
        return result
    }
}
