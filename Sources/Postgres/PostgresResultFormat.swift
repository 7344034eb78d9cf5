/// How the server sends a statement's result columns. Text suits every type; binary spares the server
/// printing bytea as hex and the client parsing it back, for the types `PostgresBinaryCell` reads.
public enum PostgresResultFormat: Int32, Sendable {
    case text = 0
    case binary = 1
}
