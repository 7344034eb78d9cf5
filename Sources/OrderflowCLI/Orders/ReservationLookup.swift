import InventoryService
import Postgres

/// The inventory side of an order, asked of the inventory service's read API: the order service
/// records that stock was reserved but not that the reservation was let go after a cancellation.
struct ReservationLookup {
    var databaseURL: String
    var databaseName: String
    var timeout: Duration

    /// The reservation's status; nil when it cannot be told (no such database, no reservation): the
    /// order's own stock status then stands.
    func status(of orderID: String) async -> ReservationStatus? {
        guard var configuration = try? PostgresConfiguration(url: databaseURL).with(database: databaseName) else { return nil }
        configuration.connectTimeout = timeout
        configuration.applicationName = "orderflow-cli"
        guard let connection = try? await PostgresConnection.connect(configuration, logger: CLILogging.logger("postgres")) else {
            return nil
        }
        let reservation = try? await InventoryReads(connection).reservation(of: orderID)
        await connection.close()
        return reservation?.status
    }
}
