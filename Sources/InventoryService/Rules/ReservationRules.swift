import Events

/// All lines of an order are reserved together or not at all.
enum ReservationRules {
    enum Decision: Equatable {
        case reserve([ReservedLine])
        case reject([StockRejected.Unavailable])
    }

    /// Lines of one SKU are summed first: two lines of 3 need 6 on hand, not 3.
    static func requested(_ lines: [OrderLine]) -> [ReservedLine] {
        var totals: [String: Int] = [:]
        for line in lines { totals[line.sku, default: 0] += line.quantity }
        return totals.keys.sorted().map { ReservedLine(sku: $0, quantity: totals[$0] ?? 0) }
    }

    /// `available` maps SKU to units not yet reserved; unknown SKUs have none.
    static func decide(_ requested: [ReservedLine], available: [String: Int]) -> Decision {
        let short = requested.compactMap { line -> StockRejected.Unavailable? in
            let have = available[line.sku] ?? 0
            return have < line.quantity ? .init(sku: line.sku, requested: line.quantity, available: have) : nil
        }
        return short.isEmpty ? .reserve(requested) : .reject(short)
    }
}
