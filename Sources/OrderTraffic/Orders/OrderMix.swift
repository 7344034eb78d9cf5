/// How many of each scenario, in percent: `paid=70,declined=10,out-of-stock=10,invalid=10`.
public struct OrderMix: Sendable, Equatable, CustomStringConvertible {
    public private(set) var percentages: [OrderScenario: Int]

    public static let `default` = OrderMix(unchecked: [.paid: 70, .declined: 10, .outOfStock: 10, .invalid: 10])

    init(unchecked percentages: [OrderScenario: Int]) { self.percentages = percentages }

    /// Every order valid, paid and in stock.
    public static let allPaid = OrderMix(unchecked: [.paid: 100])

    /// Parses the `--mix` syntax. Scenarios left out count 0; the rest must add up to 100.
    public init(parsing text: String) throws(OrderMixError) {
        var percentages: [OrderScenario: Int] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty else { throw .malformed(String(part)) }
            guard let scenario = OrderScenario(rawValue: pair[0]) else { throw .unknownScenario(pair[0]) }
            guard let value = Int(pair[1]), (0...100).contains(value) else { throw .badPercentage(pair[0], pair[1]) }
            guard percentages[scenario] == nil else { throw .repeated(pair[0]) }
            percentages[scenario] = value
        }
        let total = percentages.values.reduce(0, +)
        guard total == 100 else { throw .doesNotSumTo100(total) }
        self.percentages = percentages
    }

    /// The scenario for a uniform draw in 0..<100.
    func scenario(forDraw draw: Int) -> OrderScenario {
        var bound = 0
        for scenario in OrderScenario.allCases {
            bound += percentages[scenario] ?? 0
            if draw < bound { return scenario }
        }
        return OrderScenario.allCases.last { (percentages[$0] ?? 0) > 0 } ?? .paid
    }

    public var description: String {
        OrderScenario.allCases.compactMap { s in percentages[s].flatMap { $0 > 0 ? "\(s.rawValue)=\($0)" : nil } }
            .joined(separator: ",")
    }
}

public enum OrderMixError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownScenario(String)
    case badPercentage(String, String)
    case repeated(String)
    case doesNotSumTo100(Int)

    public var description: String {
        let known = OrderScenario.allCases.map(\.rawValue).joined(separator: ", ")
        return switch self {
        case .malformed(let part): "mix entry \"\(part)\" is not NAME=PERCENT"
        case .unknownScenario(let name): "unknown scenario \"\(name)\" (known: \(known))"
        case .badPercentage(let name, let value): "\(name)=\(value): percentage must be a whole number 0-100"
        case .repeated(let name): "scenario \(name) appears twice"
        case .doesNotSumTo100(let total): "mix adds up to \(total), not 100"
        }
    }
}

import Foundation
