/// How log lines are written: `json` for collectors, `text` for people reading a terminal.
public enum LogFormat: String, Sendable, CaseIterable {
    case json
    case text
}
