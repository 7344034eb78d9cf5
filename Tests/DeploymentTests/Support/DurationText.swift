/// Compose durations such as "30s", "1m30s", "500ms".
enum DurationText {
    static func milliseconds(_ text: String) -> Int? {
        let units: [(suffix: String, factor: Int)] = [("ms", 1), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        var rest = Substring(text)
        var total = 0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber }
            guard let value = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            total += value * unit.factor
            rest = rest.dropFirst(unit.suffix.count)
        }
        return text.isEmpty ? nil : total
    }
}
