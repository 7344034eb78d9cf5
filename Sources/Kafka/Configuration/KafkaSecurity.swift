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
    /// `ssl.certificate.location` and `ssl.key.location`: the client's own certificate and key, for
    /// brokers that authenticate clients by TLS.
    public var certificateLocation: String?
    public var keyLocation: String?

    public init(
        protocol: KafkaSecurityProtocol = .plaintext, saslMechanism: String? = nil, saslUsername: String? = nil,
        saslPassword: String? = nil, caLocation: String? = nil, certificateLocation: String? = nil, keyLocation: String? = nil
    ) {
        self.protocol = `protocol`
        self.saslMechanism = saslMechanism
        self.saslUsername = saslUsername
        self.saslPassword = saslPassword
        self.caLocation = caLocation
        self.certificateLocation = certificateLocation
        self.keyLocation = keyLocation
    }

    var entries: [(String, String)] {
        var result = [("security.protocol", self.protocol.rawValue)]
        if let saslMechanism { result.append(("sasl.mechanisms", saslMechanism)) }
        if let saslUsername { result.append(("sasl.username", saslUsername)) }
        if let saslPassword { result.append(("sasl.password", saslPassword)) }
        if let caLocation { result.append(("ssl.ca.location", caLocation)) }
        if let certificateLocation { result.append(("ssl.certificate.location", certificateLocation)) }
        if let keyLocation { result.append(("ssl.key.location", keyLocation)) }
        return result
    }
}
