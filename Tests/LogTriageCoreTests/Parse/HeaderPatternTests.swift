import Testing

@testable import LogTriageCore

struct HeaderPatternTests {
    @Test func readsAnHDFSLine() throws {
        let format = try HeaderPatternFormat(pattern: "<Date> <Time> <Pid> <Level> <Component>: <Content>")
        let line = try #require(format.parse("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating"))
        #expect(line.pid == 148)
        #expect(line.severity?.level == .info)
        #expect(line.logger == "dfs.DataNode$PacketResponder")
        #expect(line.message == "PacketResponder 1 for block blk_38865049064139660 terminating")
        var resolver = TimeResolver(referenceDate: CivilDate(year: 2024, month: 1, day: 1))
        #expect(line.time.map { resolver.resolve($0).rfc3339 } == "2008-11-09T20:36:15.000Z")
    }

    @Test func escapesAndOptionalGroups() throws {
        let format = try HeaderPatternFormat(pattern: "<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>")
        let withPid = try #require(format.parse("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; uid=0"))
        #expect(withPid.logger == "sshd(pam_unix)")
        #expect(withPid.pid == 19939)
        #expect(withPid.message == "authentication failure; uid=0")
        let withoutPid = try #require(format.parse("Jun 15 04:06:18 combo su: session opened for user cyrus"))
        #expect(withoutPid.logger == "su")
        #expect(withoutPid.pid == nil)
        #expect(withoutPid.message == "session opened for user cyrus")
    }

    @Test func literalPipesAndUnknownFieldsBecomeAttributes() throws {
        let format = try HeaderPatternFormat(pattern: "<Time>\\|<Component>\\|<Pid>\\|<Content>")
        let line = try #require(format.parse("20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579"))
        #expect(line.logger == "Step_LSC")
        #expect(line.pid == 30_002_312)
        #expect(line.message == "onStandStepChanged 3579")
        let zookeeper = try HeaderPatternFormat(pattern: "<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>")
        let zk = try #require(zookeeper.parse("2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200"))
        #expect(zk.message == "Notification time out: 3200")
        // Fields match as little as they can, as in LogPAI's `.*?`: the node takes up to the first ':'.
        #expect(zk.attributes.contains(Attribute("Node", .string("QuorumPeer[myid=1]/0"))))
        #expect(zk.logger == "0:0:0:0:0:0:0:2181:FastLeaderElection")
        #expect(zk.attributes.contains(Attribute("Id", .string("774"))))
    }

    @Test func linesThatDoNotMatchAreRejected() throws {
        let format = try HeaderPatternFormat(pattern: "\\[<Time>\\] \\[<Level>\\] <Content>")
        #expect(format.parse("no brackets here") == nil)
        #expect(format.parse("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6")?.severity?.level == .error)
    }

    @Test(arguments: ["<Date> <Time>", "<Unclosed", "(<Content>", "<Bad Name> <Content>", "trailing \\"])
    func invalidPatternsExplainThemselves(_ pattern: String) {
        #expect(throws: HeaderPatternFormat.PatternError.self) { try HeaderPatternFormat(pattern: pattern) }
    }

    @Test func adversarialLinesStayCheap() throws {
        let format = try HeaderPatternFormat(pattern: "<A> <B> <C> <D> <E>: <Content>")
        let line = String(repeating: "a ", count: 5000)
        #expect(format.parse(line) == nil)
    }
}
