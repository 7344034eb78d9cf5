import Foundation
import Streaming

/// The fetch wait of the CLI's consumers, read as the services read it (`KAFKA_FETCH_WAIT_MAX_MS`): from
/// the environment, or, when the brokers are the dev stack's from its env file, the wait `dev up` wrote
/// beside them (short on its embedded broker, which answers an empty fetch only when the wait is over).
/// Nil keeps librdkafka's.
enum ConsumerFetchWait {
    static func resolve(brokersFromDevFile: Bool) throws(CLIError) -> Duration? {
        let setting = ConsumerSettings.Variables.fetchMaxWait
        let environment = ProcessInfo.processInfo.environment[setting.name].flatMap { $0.isEmpty ? nil : ($0, setting.name) }
        let devFile = brokersFromDevFile
            ? DevEnvironment.find().flatMap { dev in dev.values[setting.name].map { ($0, dev.path) } } : nil
        guard let (text, origin) = environment ?? devFile else { return nil }
        var reader = EnvironmentReader([setting.name: text])
        let wait = reader.read(setting)
        do {
            try reader.finish()
        } catch {
            throw CLIError("\(origin): \(error)")
        }
        return wait
    }
}
