import Testing

@testable import LogTriageCore

struct TemplateMinerTests {
    private func mine(_ lines: [String]) -> (TemplateMiner, [TemplateMiner.TemplateRef]) {
        let miner = TemplateMiner()
        let refs = lines.enumerated().map { miner.add($1, origin: .init(line: $0 + 1)) }
        return (miner, refs)
    }

    @Test func typedValuesNeverSplitATemplate() {
        let lines = (0..<50).map { "request \($0 * 7919 % 1000) took \($0 % 9 + 1)ms from 10.0.\($0).1" }
        let (miner, _) = mine(lines)
        #expect(miner.templates.map(\.text) == ["request <num> took <duration> from <ip>"])
        #expect(miner.templates[0].count == 50)
    }

    @Test func aPositionWithMoreThanTwoWordsBecomesAParameter() {
        let (miner, refs) = mine([
            "Invalid user alice from 10.0.0.1", "Invalid user bob from 10.0.0.2", "Invalid user alice from 10.0.0.3",
            "Invalid user carol from 10.0.0.4",
        ])
        #expect(miner.templates.map(\.text) == ["Invalid user <*> from <ip>"])
        // every line, including the first ones, now reports the final template
        #expect(Set(refs.map { miner.identity($0).text }) == ["Invalid user <*> from <ip>"])
        let user = miner.templates[0].parameters.first { $0.position == 2 }
        #expect(user?.top.first == ValueSummary.Entry(value: "alice", count: 2))
        #expect(user?.distinct == 3)
    }

    @Test func twoAlternatingWordsStayTwoStatements() {
        let lines = (0..<20).map { "link up via interface \($0 % 2 == 0 ? "eth" : "ib")" }
        let (miner, _) = mine(lines)
        #expect(Set(miner.templates.map(\.text)) == ["link up via interface eth", "link up via interface ib"])
    }

    @Test func valuesOfKeyValuePairsAreParametersAtOnce() {
        let (miner, _) = mine(["session opened user=alice", "session opened user=bob"])
        #expect(miner.templates.map(\.text) == ["session opened user=<*>"])
    }

    @Test func differentFirstWordsAreDifferentStatements() {
        let (miner, _) = mine(["Acquiring lock on table orders", "Releasing lock on table orders"])
        #expect(miner.templates.count == 2)
    }

    @Test func aStatementsFirstWordAfterALeadingValueKeepsStatementsApart() {
        let methods = ["GET", "POST", "DELETE", "PUT"]
        let lines = (0..<40).map { "10.1.0.\($0 % 7) \"\(methods[$0 % 4]) /v1/items/\($0) HTTP/1.1\" status: 200 len: \($0 * 13)" }
        let (miner, _) = mine(lines)
        #expect(Set(miner.templates.map(\.text)) == Set(methods.map { "<ip> \"\($0) <path> HTTP/1.1\" status: <num> len: <num>" }))
    }

    @Test func aValueWrittenInMoreOrFewerWordsFillsOnePosition() {
        let (miner, _) = mine([
            "edge.example.net:8080 close, 0 bytes sent, 12 bytes received, lifetime <1 sec",
            "cdn.example.org:443 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02",
            "10.0.0.1:443 close, 453 bytes sent, 2000 bytes (1.95 KB) received, lifetime 01:10",
        ])
        #expect(miner.templates.map(\.text) == ["<*> close, <*> sent, <*> received, lifetime <*>"])
        let sent = miner.templates[0].parameters.first { $0.position == 2 }
        let sentValues = Set(sent?.top.map(\.value) ?? [])
        #expect(sentValues.isSuperset(of: ["1190 bytes (1.16 KB)", "453 bytes"]))
        // positions count words, so they still point at the template text's words
        let received = miner.templates[0].parameters.first { $0.position == 4 }
        #expect(received?.top.contains { $0.value == "2000 bytes (1.95 KB)" } == true)
    }

    @Test func aListOfValuesOfAnyLengthFillsOnePosition() {
        let (miner, _) = mine([
            "ask 10.0.0.1:50010 to delete blk_-101 blk_-102 blk_-103",
            "ask 10.0.0.2:50010 to delete blk_-201",
            "ask 10.0.0.3:50010 to delete blk_-301 blk_-302",
        ])
        #expect(miner.templates.map(\.text) == ["ask <ip> to delete <*>"])
        // a list that always has the same length keeps its placeholders
        let (fixed, _) = mine((1...4).map { "IRQs \($0), \($0 + 3), \($0 + 9) enabled" })
        #expect(fixed.templates.map(\.text) == ["IRQs <num>, <num>, <num> enabled"])
    }

    @Test func oneUnitKeepsItsWordInTheTemplate() {
        let (miner, _) = mine((1...5).map { "broadcast \($0) took \($0 * 17) ms" })
        #expect(miner.templates.map(\.text) == ["broadcast <num> took <num> ms"])
    }

    @Test func mergedTemplatesMapOldIDsToNewOnes() {
        let (miner, _) = mine(["cache miss for alice", "cache miss for bob"])
        let before = Set(miner.templates.map(\.id))
        #expect(before.count == 2)
        miner.add("cache miss for carol")
        let after = miner.templates
        #expect(after.map(\.text) == ["cache miss for <*>"])
        for old in before { #expect(miner.mergedIDs[old] == after[0].id) }
    }

    @Test func idsAreDerivedFromTheTextWithFNV1a() {
        // FNV-1a 64 test vectors: "" → cbf29ce484222325, "a" → af63dc4c8601ec8c
        #expect(TemplateID.of("") == "cbf29ce48422")
        #expect(TemplateID.of("a") == "af63dc4c8601")
        let (miner, _) = mine(["disk /dev/sda1 is 91% full"])
        #expect(miner.templates[0].id == TemplateID.of("disk <path> is <num> full"))
    }

    @Test func sameInputGivesIdenticalResults() {
        var generator = SeededGenerator(seed: 42)
        let words = ["alpha", "beta", "gamma", "delta", "omega"]
        let lines = (0..<2_000).map { _ -> String in
            let user = words.randomElement(using: &generator)!
            let n = Int.random(in: 0..<10_000, using: &generator)
            switch n % 4 {
            case 0: return "user \(user) logged in from 10.1.\(n % 250).\(n % 7)"
            case 1: return "payment \(n) failed: upstream timeout after \(n % 30)s"
            case 2: return "cache \(user) evicted \(n) keys"
            default: return "worker-\(n % 4) heartbeat ok"
            }
        }
        let (a, _) = mine(lines)
        let (b, _) = mine(lines)
        #expect(a.templates == b.templates)
        #expect(a.mergedIDs == b.mergedIDs)
        #expect(a.templates.count <= 6)
    }

    @Test func templateCountDoesNotGrowWithRepetitions() {
        var generator = SeededGenerator(seed: 7)
        let miner = TemplateMiner()
        var counts: [Int] = []
        for round in 0..<5 {
            for _ in 0..<2_000 {
                let n = Int.random(in: 0..<1_000_000, using: &generator)
                miner.add("order \(n) shipped to warehouse-\(n % 50) in \(n % 900)ms")
                miner.add("retrying request req_\(n) (attempt \(n % 5))")
                miner.add("node cn\(n % 1000) cn\(n % 997) cn\(n % 991) unreachable")
            }
            counts.append(miner.templates.count)
            _ = round
        }
        #expect(counts.allSatisfy { $0 == counts[0] }, "\(counts)")
        #expect(counts[0] == 3, "\(miner.templates.map(\.text))")
    }

    @Test func matchingDoesNotLearn() throws {
        let (miner, _) = mine(["Failed password for root from 10.0.0.1 port 22 ssh2", "Failed password for admin from 10.0.0.2 port 22 ssh2",
                               "Failed password for test from 10.0.0.3 port 22 ssh2"])
        let before = miner.templates
        let ref = try #require(miner.match("Failed password for oracle from 10.9.9.9 port 2222 ssh2"))
        #expect(miner.identity(ref).text == "Failed password for <*> from <ip> port <num> ssh2")
        #expect(miner.match("Disk quota exceeded on /var") == nil)
        #expect(miner.templates == before)
    }

    @Test func uniqueSentencesStayWithinTheFamilyBound() {
        var configuration = TemplateMiner.Configuration()
        configuration.maxFamilies = 20
        let miner = TemplateMiner(configuration: configuration)
        var generator = SeededGenerator(seed: 3)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        for _ in 0..<500 {
            let words = (0..<3).map { _ in String((0..<6).map { _ in letters.randomElement(using: &generator)! }) }
            miner.add(words.joined(separator: " "))
        }
        #expect(miner.templates.count <= 21)
        #expect(miner.templates.reduce(0) { $0 + $1.count } == 500)
    }

    @Test func emptyMessagesHaveATemplate() {
        let (miner, _) = mine(["", "", "x"])
        #expect(miner.templates.map(\.count) == [2, 1])
    }
}

struct TemplateAccuracyTests {
    @Test func perfectMining() {
        let truth = ["a <*>", "a <*>", "b"]
        let score = TemplateAccuracy(truth: truth, predicted: ["a <num>", "a  <num>", "b"])
        #expect(score.groupingAccuracy == 1 && score.parsingAccuracy == 1 && score.groupingF1 == 1 && score.templateF1 == 1)
    }

    @Test func oneMergedGroupSpoilsBothGroups() {
        // truth: three groups; the miner merged "b" and "c" and left "a" right
        let truth = ["a", "a", "b <*>", "c <*>"]
        let predicted = ["a", "a", "<*> <*>", "<*> <*>"]
        let score = TemplateAccuracy(truth: truth, predicted: predicted)
        #expect(score.groupingAccuracy == 0.5)
        #expect(score.parsingAccuracy == 0.5)
        // groups: 1 correct of 2 predicted and 3 true → F1 = 2·(1/2·1/3)/(1/2+1/3) = 0.4
        #expect(abs(score.groupingF1 - 0.4) < 1e-9)
        #expect(abs(score.templateF1 - 0.4) < 1e-9)
    }

    @Test func rightGroupsWithWrongTextScoreGroupingOnly() {
        let truth = ["user <*> logged in", "user <*> logged in"]
        let score = TemplateAccuracy(truth: truth, predicted: ["user bob logged <*>", "user bob logged <*>"])
        #expect(score.groupingAccuracy == 1)
        #expect(score.parsingAccuracy == 0)
        #expect(score.templateF1 == 0)
    }
}
