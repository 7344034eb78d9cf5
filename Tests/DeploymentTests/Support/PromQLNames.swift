import Foundation

/// The metric names a PromQL expression reads, found without a full parser: identifiers outside label
/// matchers (`{...}`), ranges (`[...]`), strings and the label lists of `by`, `without`, `on`,
/// `ignoring`, `group_left` and `group_right`, that are neither keywords nor called as functions.
/// Grafana's `$variables` can only stand in strings and ranges, which are skipped.
enum PromQLNames {
    /// Words that are part of the language, never metric names. Functions are recognised by the `(`
    /// that follows them; aggregations may be followed by `by`/`without` instead, so they are listed.
    static let keywords: Set<String> = [
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool",
        "atan2", "inf", "nan", "start", "end",
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
        "quantile", "limitk", "limit_ratio",
    ]

    /// Keywords followed by a parenthesised list of label names.
    static let labelListKeywords: Set<String> = ["by", "without", "on", "ignoring", "group_left", "group_right"]

    static func names(in expression: String) -> Set<String> {
        let characters = Array(expression)
        var names: Set<String> = []
        var index = 0
        var skipNextLabelList = false

        func skipQuoted(_ quote: Character) {
            index += 1
            while index < characters.count && characters[index] != quote {
                if characters[index] == "\\" && quote != "`" { index += 1 }
                index += 1
            }
            index += 1
        }

        func skipBracketed(_ open: Character, _ close: Character) {
            var depth = 0
            while index < characters.count {
                let character = characters[index]
                if character == "\"" || character == "'" || character == "`" {
                    skipQuoted(character)
                    continue
                }
                if character == open { depth += 1 }
                if character == close {
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return
                    }
                }
                index += 1
            }
        }

        func nextNonSpace(after position: Int) -> Character? {
            var position = position
            while position < characters.count && characters[position].isWhitespace { position += 1 }
            return position < characters.count ? characters[position] : nil
        }

        while index < characters.count {
            let character = characters[index]
            // `group_left` and `group_right` may stand without a label list.
            if skipNextLabelList && !character.isWhitespace && character != "(" { skipNextLabelList = false }
            switch character {
            case "\"", "'", "`":
                skipQuoted(character)
            case "{":
                skipBracketed("{", "}")
            case "[":
                skipBracketed("[", "]")
            case "(" where skipNextLabelList:
                skipNextLabelList = false
                skipBracketed("(", ")")
            case "#":
                // A comment runs to the end of the line.
                while index < characters.count && characters[index] != "\n" { index += 1 }
            case _ where character.isNumber || character == ".":
                // Numbers and durations (0.99, 5m, 1e3): digits, letters and dots together.
                while index < characters.count && (characters[index].isLetter || characters[index].isNumber || characters[index] == ".") {
                    index += 1
                }
            case _ where character.isLetter || character == "_" || character == ":":
                let start = index
                while index < characters.count
                    && (characters[index].isLetter || characters[index].isNumber || characters[index] == "_" || characters[index] == ":") {
                    index += 1
                }
                let word = String(characters[start..<index])
                if labelListKeywords.contains(word.lowercased()) {
                    skipNextLabelList = true
                } else if !keywords.contains(word.lowercased()) && nextNonSpace(after: index) != "(" {
                    names.insert(word)
                }
            default:
                index += 1
            }
        }
        return names
    }

    /// The selector a Grafana variable query reads: `label_values(<selector>, <label>)` gives its first
    /// argument, any other query itself.
    static func grafanaVariableExpression(_ query: String) -> String {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("label_values("), trimmed.hasSuffix(")") else { return trimmed }
        let inner = trimmed.dropFirst("label_values(".count).dropLast()
        guard let comma = inner.lastIndex(of: ",") else { return "" }
        return String(inner[..<comma])
    }
}
