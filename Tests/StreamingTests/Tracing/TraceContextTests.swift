import Testing
import Tracing

@testable import Streaming

/// W3C trace context as it travels: read strictly, written canonically.
@Suite struct TraceContextTests {
    static let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func aTraceparentReadsAndWritesBackTheSame() throws {
        let context = try #require(TraceContext(traceparent: Self.valid))
        #expect(context.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(context.spanID == "00f067aa0ba902b7")
        #expect(context.sampled)
        #expect(context.traceparent == Self.valid)
        #expect(TraceContext(traceparent: "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00")?.traceparent
                == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
    }

    @Test(arguments: [
        "", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
    ])
    func malformedTraceparentsAreNil(_ text: String) {
        #expect(TraceContext(traceparent: text) == nil)
    }

    @Test func aLaterVersionIsReadByItsFirstFields() {
        #expect(TraceContext(traceparent: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-later")?.sampled == true)
    }

    @Test func newIDsAreWellFormedAndAChildKeepsTheTrace() throws {
        let root = TraceContext(traceID: TraceContext.newTraceID(), spanID: TraceContext.newSpanID(), sampled: true)
        #expect(TraceContext(traceparent: root.traceparent) == root)
        let child = root.child(sampled: true)
        #expect(child.traceID == root.traceID && child.spanID != root.spanID)
    }

    @Test func theSamplerFollowsTheParentAndDecidesRootsByTraceID() {
        let parentBased = TraceSampler(parentBased: true, ratio: 0)
        let sampledParent = TraceContext(traceID: TraceContext.newTraceID(), spanID: TraceContext.newSpanID(), sampled: true)
        #expect(parentBased.samples(traceID: sampledParent.traceID, parent: sampledParent))
        #expect(!parentBased.samples(traceID: sampledParent.traceID, parent: nil), "a root under ratio 0 is not recorded")
        #expect(!TraceSampler(parentBased: false, ratio: 0).samples(traceID: sampledParent.traceID, parent: sampledParent))

        let half = TraceSampler(parentBased: false, ratio: 0.5)
        #expect(half.samples(traceID: "0000000000000000" + "7fffffffffffffff", parent: nil))
        #expect(!half.samples(traceID: "0000000000000000" + "8000000000000001", parent: nil))
        let recorded = (0..<2_000).filter { _ in half.samples(traceID: TraceContext.newTraceID(), parent: nil) }.count
        #expect((800...1_200).contains(recorded), "about half of 2,000 new traces: \(recorded)")
    }
}
