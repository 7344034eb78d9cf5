@testable import FaultSuite
import Foundation
import Testing

/// The pieces of the report that need no running pipeline.
@Suite struct ReportingTests {
    @Test func memoryIsReadFromProcStatus() {
        let status = "Name:\torder-service\nVmPeak:\t 1200000 kB\nVmHWM:\t   61234 kB\nVmRSS:\t   51544 kB\nThreads:\t12\n"
        #expect(MemorySample.parse(status) == MemorySample(residentKilobytes: 51_544, peakKilobytes: 61_234))
        #expect(MemorySample.parse("Name:\tx\n") == nil)
    }

    @Test func ownProcessMemoryIsReadable() throws {
        let sample = try #require(MemorySample.of(pid: ProcessInfo.processInfo.processIdentifier))
        #expect(sample.residentKilobytes > 0 && sample.peakKilobytes >= sample.residentKilobytes)
    }

    @Test func deadLetterDifferencesNameEveryMismatch() {
        let key = DeadLetterTally.Key(topic: "orders", errorClass: "not_json")
        let other = DeadLetterTally.Key(topic: "order-requests", errorClass: "missing_key")
        let expected = DeadLetterTally(counts: [key: 4])
        #expect(DeadLetterTally(counts: [key: 4]).differences(from: expected).isEmpty)
        #expect(DeadLetterTally(counts: [key: 3, other: 1]).differences(from: expected)
            == ["order-requests missing_key: expected 0, got 1", "orders not_json: expected 4, got 3"])
    }

    @Test func verdictFollowsFailuresInvalidityAndTheOversizedCheck() {
        var result = FaultScenarioResult(plan: .standard(.poison, .short))
        #expect(result.verdict == .passed)
        var oversized = OversizedCheck(valueBytes: 2_000_000)
        oversized.canariesSent = 2
        result.oversized = oversized
        #expect(result.verdict == .failed)
        result.oversized?.deadLettered = true
        result.oversized?.canariesSettled = 2
        #expect(result.verdict == .passed)
        result.invalidity = ["broker retention: dropped"]
        #expect(result.verdict == .invalid)
    }

    @Test func tableHasARowPerScenarioWithItsFigures() {
        var result = FaultScenarioResult(plan: .standard(.consumerKill, .full))
        result.ordersSent = 5_000
        result.ordersSettled = 4_998
        result.lost = 2
        result.failures = ["2 orders never settled"]
        let lines = FaultReport(results: [result]).table.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[2].contains("consumer-kill") && lines[2].contains("5000") && lines[2].contains("4998") && lines[2].contains("FAILED"))
        #expect(!FaultReport(results: [result]).passed)
    }

    @Test func shortFormsStaySmallAndFullFormsMatchTheIssue() {
        for scenario in FaultScenario.allCases {
            let short = FaultScenarioPlan.standard(scenario, .short)
            #expect(short.orders <= 300 && short.publishWindow <= .seconds(15) && short.settleTimeout <= .seconds(90))
        }
        #expect(FaultScenarioPlan.standard(.consumerKill, .full).orders == 5_000)
        #expect(FaultScenarioPlan.standard(.relayKill, .full).scale.relaysPerDatabase == 2)
    }
}
