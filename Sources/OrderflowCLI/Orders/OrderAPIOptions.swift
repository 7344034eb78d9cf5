import ArgumentParser

/// How `orders produce --via api` reaches the order API.
struct OrderAPIOptions: ParsableArguments {
    @Option(name: .customLong("api"), help: ArgumentHelp(
        "Order API base URL, with --via api. Default: $ORDERFLOW_API_URL, else ORDERFLOW_API_URL in .orderflow/dev/env, else http://127.0.0.1:8080.",
        valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp(
        "Bearer token, with --via api. Default: $ORDERFLOW_API_TOKEN, else ORDERFLOW_API_TOKEN in .orderflow/dev/env.",
        valueName: "token"))
    var token: String?

    @Option(name: .customLong("api-timeout"), parsing: .unconditional, help: ArgumentHelp(
        "Seconds to wait for the API's answer to one order, with --via api.", valueName: "seconds"))
    var timeout: Double = 10

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--api-timeout must be a positive number of seconds") }
    }

    var resolvedURL: String {
        SettingSource.resolve(flag: url, variable: "ORDERFLOW_API_URL")?.value ?? "http://127.0.0.1:8080"
    }

    var resolvedToken: String? {
        SettingSource.resolve(flag: token, variable: "ORDERFLOW_API_TOKEN")?.value
    }
}
