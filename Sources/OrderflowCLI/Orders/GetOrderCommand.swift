import ArgumentParser
import Foundation
import OrderService

struct GetOrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Show an order's state and history.",
        discussion: """
            Asks the order API (GET /api/v1/orders/{id}); when it does not answer, reads the orders database \
            on the DATABASE_URL server instead (same tables the API reads). --source picks one explicitly. \
            For an order whose stock was reserved, the inventory service's database (on the same server) \
            tells whether the reservation was released since, as it is when the order was cancelled.

            Examples:
              orderflow orders get 6f1c2d8e-0b7a-4c1e-9d55-3f0e6c1a9b42
              orderflow orders get 6f1c2d8e-... --api http://localhost:8080 --json
              orderflow orders get 6f1c2d8e-... --source database --database-url postgres://postgres@localhost/postgres
            """)

    @Argument(help: ArgumentHelp("The order id.", valueName: "order-id"))
    var orderID: String

    @Option(help: ArgumentHelp(
        "Order API base URL. Default: $ORDERFLOW_API_URL, else http://127.0.0.1:8080.", valueName: "url"))
    var api: String?

    @Option(help: ArgumentHelp(
        "Bearer token for the API. Default: $ORDERFLOW_API_TOKEN, else ORDERFLOW_API_TOKEN in .orderflow/dev/env.",
        valueName: "token"))
    var token: String?

    @Option(name: .customLong("database-url"), help: ArgumentHelp(
        "Postgres server of the service databases (the orders database on it is read). "
            + "Default: $DATABASE_URL, else DATABASE_URL in .orderflow/dev/env.", valueName: "url"))
    var databaseURL: String?

    @Option(help: ArgumentHelp("Name of the order service's database on that server.", valueName: "name"))
    var database: String = "orders"

    @Option(name: .customLong("inventory-database"), help: ArgumentHelp(
        "Name of the inventory service's database on that server (asked whether a reservation was released).",
        valueName: "name"))
    var inventoryDatabase: String = "inventory"

    @Option(help: ArgumentHelp("Where to look: auto (API, then database), api, database.", valueName: "source"))
    var source: String = OrderLookup.Source.auto.rawValue

    @Option(help: ArgumentHelp("Seconds to wait for the API or database.", valueName: "seconds"))
    var timeout: Double = 5

    @Flag(help: "Print the order as JSON.")
    var json = false

    func validate() throws {
        guard OrderLookup.Source(rawValue: source) != nil else {
            throw ValidationError("--source must be one of \(OrderLookup.Source.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard !orderID.isEmpty else { throw ValidationError("the order id is empty") }
    }

    func run() async throws {
        let lookup = OrderLookup(
            apiURL: SettingSource.resolve(flag: api, variable: "ORDERFLOW_API_URL")?.value ?? "http://127.0.0.1:8080",
            apiToken: SettingSource.resolve(flag: token, variable: "ORDERFLOW_API_TOKEN")?.value,
            databaseURL: SettingSource.resolve(flag: databaseURL, variable: "DATABASE_URL")?.value,
            databaseName: database,
            source: OrderLookup.Source(rawValue: source) ?? .auto,
            timeout: .milliseconds(Int64(timeout * 1000)))
        switch try await lookup.find(orderID) {
        case .notFound(let via):
            throw CLIError("no order \(orderID) (asked the \(via))")
        case .found(let order, let via):
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                let data = (try? encoder.encode(order)) ?? Data("{}".utf8)
                Terminal.out(String(decoding: data, as: UTF8.self))
            } else {
                // The order records that stock was reserved; only inventory knows it was released since.
                var stock = order.stockStatus ?? "-"
                if order.stockStatus == "reserved", let url = lookup.databaseURL,
                   let reservation = await ReservationLookup(databaseURL: url, databaseName: inventoryDatabase, timeout: lookup.timeout)
                    .status(of: order.orderId) {
                    stock = reservation.stockWording
                }
                Terminal.out(render(order, stock: stock, via: via, palette: .forStdout()))
            }
        }
    }

    private func render(_ order: OrderView, stock: String, via: String, palette: Palette) -> String {
        var lines = [
            "\(palette.bold("order \(order.orderId)"))  \(statusText(order, palette))",
            "customer \(order.customerId)  total \(order.totalAmount) \(order.currency) (minor units)"
                + "  payment \(order.paymentStatus ?? "-")  stock \(stock)",
            "correlation \(order.correlationId)  (orderflow trace \(order.correlationId))",
            palette.dim("source: \(via)"),
            "",
        ]
        var table = TextTable(["TIME", "EVENT", "STATUS", "DETAIL"])
        for step in order.history {
            table.add([TimeText.iso8601(step.at), step.eventType, step.status, TextTrim.trim(step.detail ?? "", to: 80)])
        }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }

    private func statusText(_ order: OrderView, _ palette: Palette) -> String {
        let text = order.cancelReason.map { "\(order.status) (\($0))" } ?? order.status
        switch OrderStatus(rawValue: order.status) {
        case .shipped?, .confirmed?: return palette.green(text)
        case .cancelled?, .rejected?: return palette.red(text)
        case .placed?, nil: return palette.yellow(text)
        }
    }
}
