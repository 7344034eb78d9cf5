/// The release of the orderflow tools, as `orderflow --version` prints it. Declared here and nowhere else.
enum OrderflowVersion {
    static let current = "0.9.0"
}
