import ArgumentParser
import Foundation
import Kafka

/// `orderflow produce`: one record (or one per line) of any content to any topic, as kcat -P does; the
/// order generator is `orderflow orders produce`.
struct ProduceRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Produce records of your own: topic, key, headers, value from an argument, a file or stdin.",
        discussion: """
            The value comes from --value, from --value-file (- reads stdin), or is null with --null-value. \
            With --lines every line of the file is a record of its own (empty lines skipped). Without \
            --partition a keyed record goes to the partition the murmur2 hash of its key picks, as with \
            the Java client and kcat, so it lands beside the other records of its key. Prints where each \
            record was stored.

            Examples:
              orderflow produce orders --key k1 --value '{"hello":"world"}'
              orderflow produce orders --key k1 --header source=me --value-file event.json
              orderflow produce orders --value-file events.jsonl --lines
              orderflow produce orders --key k1 --null-value
            """)

    @OptionGroup var kafka: KafkaOptions

    @Argument(help: ArgumentHelp("The topic to produce to.", valueName: "topic"))
    var topic: String

    @Option(help: ArgumentHelp("The record key (text); none when left out.", valueName: "key"))
    var key: String?

    @Option(name: .customLong("header"), help: ArgumentHelp("A header (repeatable).", valueName: "name=value"))
    var headers: [String] = []

    @Option(help: ArgumentHelp("The value, as given.", valueName: "text"))
    var value: String?

    @Option(name: .customLong("value-file"), help: ArgumentHelp("Read the value from this file; - reads stdin.", valueName: "path"))
    var valueFile: String?

    @Flag(name: .customLong("null-value"), help: "Produce a null value (a tombstone on a compacted topic).")
    var nullValue = false

    @Flag(help: "One record per line of the value file (or stdin).")
    var lines = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Produce to this partition instead of the key's.", valueName: "n"))
    var partition: Int32?

    func validate() throws {
        let sources = [value.map { _ in "--value" }, valueFile.map { _ in "--value-file" }, nullValue ? "--null-value" : nil].compactMap { $0 }
        guard sources.count == 1 else {
            throw ValidationError(sources.isEmpty
                ? "give the value: --value text, --value-file path (- for stdin) or --null-value"
                : "give the value one way, not with \(sources.joined(separator: " and "))")
        }
        if lines, valueFile == nil { throw ValidationError("--lines splits the value file (or stdin) into records: add --value-file") }
        for header in headers where !header.contains("=") || header.hasPrefix("=") {
            throw ValidationError("--header \(header): expected name=value")
        }
        if let partition, partition < 0 { throw ValidationError("--partition must be 0 or more, not \(partition)") }
    }

    func run() async throws {
        let values = try readValues()
        let session = try await kafka.connect()
        defer { session.close() }
        let described = try session.requireTopics([topic])[0]
        if let partition, !described.partitions.contains(partition) {
            throw CLIError.usage("\(topic) has no partition \(partition) (it has \(described.partitions.count))")
        }
        let recordHeaders = headers.map { header -> KafkaHeader in
            let parts = header.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return KafkaHeader(key: parts[0], string: parts[1])
        }
        let records = values.map { value in
            KafkaRecord(topic: topic, key: key.map { Array($0.utf8) }, value: value, headers: recordHeaders, partition: partition)
        }
        var configuration = KafkaProducerConfiguration(bootstrapServers: session.bootstrapServers)
        configuration.clientID = "orderflow-cli-produce"
        configuration.messageTimeout = session.timeout
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: configuration, logger: CLILogging.logger("produce"))
        } catch {
            throw CLIError("cannot create a producer: \(KafkaErrorText.describe(error))")
        }
        let results = await producer.send(records)
        await producer.close()
        var failures: [String] = []
        for result in results {
            switch result {
            case .success(let report): Terminal.out("produced \(report.topic)/\(report.partition)@\(report.offset)")
            case .failure(let error): failures.append(KafkaErrorText.describe(error))
            }
        }
        if let first = failures.first {
            throw CLIError("\(failures.count) of \(records.count) record(s) failed; first: \(first)")
        }
    }

    /// The record values: one, or one per non-empty line with --lines; nil for a null value.
    private func readValues() throws(CLIError) -> [[UInt8]?] {
        if nullValue { return [nil] }
        if let value { return [Array(value.utf8)] }
        guard let valueFile else { return [] }
        let data: Data
        do {
            data = valueFile == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                : try Data(contentsOf: URL(fileURLWithPath: valueFile))
        } catch {
            throw CLIError("cannot read --value-file \(valueFile): \(error.localizedDescription)")
        }
        guard lines else { return [Array(data)] }
        let records = Array(data).split(separator: UInt8(ascii: "\n")).map { line -> [UInt8] in
            Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
        }.filter { !$0.isEmpty }
        guard !records.isEmpty else { throw CLIError("--value-file \(valueFile) has no lines to produce") }
        return records
    }
}
