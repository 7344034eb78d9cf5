import Logging

/// Loggers for the tools' own clients (admin, database setup, dev broker): their routine info lines
/// would only clutter the output of the processes the tools run; warnings still show.
public enum QuietLogger {
    public static func make(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }
}
