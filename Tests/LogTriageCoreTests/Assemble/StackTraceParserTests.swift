import Testing

@testable import LogTriageCore

struct StackTraceParserTests {
    private func parse(_ text: String) -> ExceptionInfo? { StackTraceParser.parse(text: text) }

    // MARK: Python

    /// Rust's panic message carries where it panicked, in the layout of either side of Rust 1.73.
    @Test func rustPanicLocations() {
        let new = StackTraceParser.panicLocation(in: "thread 'tokio-runtime-worker' panicked at src/api/admin.rs:701:70:\nindex out of bounds")
        #expect(new == SourceLocation(file: "src/api/admin.rs", line: 701))
        let old = StackTraceParser.panicLocation(
            in: "thread 'rocket-worker-thread' panicked at 'Error writing file: Os { code: 28 }': src/api/icons.rs:570:43")
        #expect(old == SourceLocation(file: "src/api/icons.rs", line: 570))
        #expect(StackTraceParser.panicLocation(in: "worker panicked at 12:30:01 on shutdown") == nil)
        #expect(StackTraceParser.panicLocation(in: "src/api/icons.rs:570:43 failed") == nil)
        let oldest = StackTraceParser.panicLocation(in: "thread 'main' panicked at 'disk full', src/store/blob.rs:88")
        #expect(oldest == SourceLocation(file: "src/store/blob.rs", line: 88))
    }

    /// A Rust backtrace: the panic hook's frame and the runtime's panic machinery are not the failing code; the
    /// symbols lose their closure suffixes and hashes; `at` lines give files.
    @Test func rustBacktraceKeepsTheApplicationFramesInnermostLast() throws {
        let info = try #require(
            parse(
                """
                   0: depot::logging::install::{{closure}}
                   1: std::panicking::rust_panic_with_hook
                   2: core::panicking::panic_fmt
                   3: core::result::unwrap_failed
                   4: depot::store::blob::write_blob::{{closure}}::h0123456789abcdef
                             at ./src/store/blob.rs:88:14
                   5: depot::api::upload::{{closure}}
                   6: tokio::runtime::task::raw::poll
                note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.
                """))
        #expect(info.type == "panic")
        #expect(
            info.frames == [
                StackFrame(function: "tokio::runtime::task::raw::poll"),
                StackFrame(function: "depot::api::upload"),
                StackFrame(file: "src/store/blob.rs", line: 88, function: "depot::store::blob::write_blob"),
            ])
        // a numbered list is not a backtrace
        #expect(parse("Steps:\n  0: open the file\n  1: read it") == nil)
    }

    @Test func pythonFramesInnermostLastSkippingSourceAndMarkers() throws {
        let info = try #require(
            parse(
                """
                Traceback (most recent call last):
                  File "/app/main.py", line 42, in handler
                    result = compute(x)
                             ^^^^^^^^^^
                  File "/app/compute.py", line 10, in compute
                    return 1 / x
                           ~~^~~
                ZeroDivisionError: division by zero
                """))
        #expect(info.type == "ZeroDivisionError")
        #expect(info.message == "division by zero")
        #expect(
            info.frames == [
                StackFrame(file: "/app/main.py", line: 42, function: "handler"),
                StackFrame(file: "/app/compute.py", line: 10, function: "compute"),
            ])
        #expect(info.cause == nil)
    }

    @Test func pythonChainLastPrintedIsOutermost() throws {
        let info = try #require(
            parse(
                """
                Traceback (most recent call last):
                  File "/app/a.py", line 1, in a
                    d["k"]
                KeyError: 'k'

                During handling of the above exception, another exception occurred:

                Traceback (most recent call last):
                  File "/app/b.py", line 2, in b
                    raise ValueError("bad")
                ValueError: bad

                The above exception was the direct cause of the following exception:

                Traceback (most recent call last):
                  File "/app/c.py", line 3, in c
                    raise RuntimeError("wrapped") from e
                RuntimeError: wrapped
                """))
        #expect(info.chain.map(\.type) == ["RuntimeError", "ValueError", "KeyError"])
        #expect(info.chain.map(\.message) == ["wrapped", "bad", "'k'"])
        #expect(info.chain.map { $0.frames.first?.file } == ["/app/c.py", "/app/b.py", "/app/a.py"])
    }

    @Test func pythonDottedTypesBareTypesAndMessagesKeptAsIs() throws {
        let http = try #require(
            parse(
                """
                Traceback (most recent call last):
                  File "/app/x.py", line 5, in fetch
                    r.raise_for_status()
                requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://api.example.com/v1/x
                """))
        #expect(http.type == "requests.exceptions.HTTPError")
        #expect(http.message == "404 Client Error: Not Found for url: https://api.example.com/v1/x")

        let interrupt = try #require(
            parse(
                """
                Traceback (most recent call last):
                  File "/app/worker.py", line 88, in <module>
                    loop.run_forever()
                KeyboardInterrupt
                """))
        #expect(interrupt.type == "KeyboardInterrupt")
        #expect(interrupt.message == "")

        let retry = try #require(
            parse(
                """
                Traceback (most recent call last):
                  File "/usr/lib/python3.12/site-packages/tenacity/__init__.py", line 336, in iter
                    raise retry_exc from fut.exception()
                tenacity.RetryError: RetryError[<Future at 0x7f1c2b3d4e50 state=finished raised NotFoundError>]
                """))
        #expect(retry.type == "tenacity.RetryError")
        #expect(retry.message == "RetryError[<Future at 0x7f1c2b3d4e50 state=finished raised NotFoundError>]")
    }

    @Test func pythonMultiLineMessageAndFrameWithoutFunction() throws {
        let info = try #require(
            parse(
                """
                Traceback (most recent call last):
                  File "/app/run.py", line 3, in <module>
                    import settings
                  File "/app/settings.py", line 7
                    DEBUG = (
                            ^
                SyntaxError: '(' was never closed
                Note: check the settings module
                """))
        #expect(info.type == "SyntaxError")
        #expect(info.message == "'(' was never closed\nNote: check the settings module")
        #expect(info.frames.last == StackFrame(file: "/app/settings.py", line: 7, function: nil))
    }

    @Test func pythonCauseWithoutTracebackChains() throws {
        let info = try #require(
            parse(
                """
                ConnectionError: upstream closed

                The above exception was the direct cause of the following exception:

                Traceback (most recent call last):
                  File "/app/client.py", line 9, in call
                    raise ClientError("call failed") from err
                ClientError: call failed
                """))
        #expect(info.chain.map(\.type) == ["ClientError", "ConnectionError"])
        #expect(info.cause?.frames == [])
    }

    @Test func pythonNestedExceptionGroupsFollowFirstSubException() throws {
        let info = try #require(
            parse(
                """
                  + Exception Group Traceback (most recent call last):
                  |   File "/app/main.py", line 12, in <module>
                  |     asyncio.run(main())
                  | ExceptionGroup: outer (2 sub-exceptions)
                  +-+---------------- 1 ----------------
                    | Exception Group Traceback (most recent call last):
                    |   File "/app/main.py", line 8, in main
                    |     raise ExceptionGroup("inner", [TypeError("bad type")])
                    | ExceptionGroup: inner (1 sub-exception)
                    +-+---------------- 1 ----------------
                      | TypeError: bad type
                      +------------------------------------
                    +---------------- 2 ----------------
                    | ValueError: bad value
                    +------------------------------------
                """))
        #expect(info.chain.map(\.type) == ["ExceptionGroup", "ExceptionGroup", "TypeError"])
        #expect(info.chain.map(\.message) == ["outer (2 sub-exceptions)", "inner (1 sub-exception)", "bad type"])
        #expect(info.frames == [StackFrame(file: "/app/main.py", line: 12, function: "<module>")])
        #expect(info.cause?.frames == [StackFrame(file: "/app/main.py", line: 8, function: "main")])
    }

    @Test func pythonChainedFixtureAfterRemovingTheHeader() throws {
        let lines = try MultilineFixture.lines("python_chained_traceback.log")
        let info = try #require(StackTraceParser.parse(lines: Array(lines[2..<27])))
        #expect(info.chain.map(\.type) == ["app.errors.ServiceUnavailable", "psycopg2.OperationalError", "KeyError"])
        #expect(info.cause?.frames.count == 3)
        #expect(info.cause?.frames.last?.function == "fetch_one")
    }

    // MARK: JVM

    @Test func javaFramesReversedWithCausesSuppressedSkipped() throws {
        let info = try #require(
            parse(
                """
                Exception in thread "main" java.lang.IllegalStateException: Failed to start
                \tat com.acme.App.start(App.java:42)
                \tat com.acme.App.main(App.java:10)
                Caused by: java.io.IOException: disk full
                \tat java.base/java.io.FileOutputStream.writeBytes(Native Method)
                \tat java.base/java.io.FileOutputStream.write(FileOutputStream.java:367)
                \tat jdk.internal.reflect.GeneratedMethodAccessor12.invoke(Unknown Source)
                \tat com.acme.Store$$Lambda$41/0x0000000800c03000.accept(Unknown Source)
                \tat com.acme.Store.flush(Store.kt)
                \tat app//com.acme.Store.save(Store.kt:88)
                \t... 2 more
                \tSuppressed: java.lang.IllegalStateException: close failed
                \t\tat com.acme.Store.close(Store.kt:120)
                \t\t... 3 more
                """))
        #expect(info.type == "java.lang.IllegalStateException")
        #expect(info.message == "Failed to start")
        #expect(
            info.frames == [
                StackFrame(file: "App.java", line: 10, function: "com.acme.App.main"),
                StackFrame(file: "App.java", line: 42, function: "com.acme.App.start"),
            ])
        let cause = try #require(info.cause)
        #expect(cause.type == "java.io.IOException")
        #expect(
            cause.frames == [
                StackFrame(file: "Store.kt", line: 88, function: "com.acme.Store.save"),
                StackFrame(file: "Store.kt", line: nil, function: "com.acme.Store.flush"),
                StackFrame(function: "com.acme.Store$$Lambda$41/0x0000000800c03000.accept"),
                StackFrame(function: "jdk.internal.reflect.GeneratedMethodAccessor12.invoke"),
                StackFrame(file: "FileOutputStream.java", line: 367, function: "java.io.FileOutputStream.write"),
                StackFrame(function: "java.io.FileOutputStream.writeBytes"),
            ])
        #expect(cause.cause == nil)
    }

    @Test func javaFixtureAfterTheLogbackLine() throws {
        let lines = try MultilineFixture.lines("java_logback_caused_by.log")
        let found = try #require(StackTraceParser.locate(lines[1..<23]))
        #expect(found.start == 2)  // the logback line itself is not part of the trace
        let info = found.exception
        #expect(
            info.chain.map(\.type) == [
                "org.springframework.dao.DataIntegrityViolationException",
                "org.hibernate.exception.ConstraintViolationException", "org.postgresql.util.PSQLException",
            ])
        #expect(info.chain.map(\.frames.count) == [6, 2, 3])
        #expect(info.frames.first == StackFrame(file: "Thread.java", line: 1583, function: "java.lang.Thread.run"))
        #expect(info.cause?.cause?.message.hasSuffix("is not present in table \"customers\".") == true)
    }

    // MARK: Go

    @Test func goRuntimeErrorFirstGoroutineReversed() throws {
        let lines = try MultilineFixture.lines("go_panic_goroutines.log")
        let info = try #require(StackTraceParser.parse(lines: Array(lines[2..<29])))
        #expect(info.type == "runtime error")
        #expect(info.message == "index out of range [5] with length 3")
        #expect(info.frames.count == 5)
        #expect(
            info.frames.last
                == StackFrame(
                    file: "/app/internal/orders/handler.go", line: 42, function: "main.(*OrderHandler).lookup"))
        #expect(info.frames.first?.function == "net/http.(*Server).Serve")  // `created by`
        #expect(info.cause == nil)
    }

    @Test func goRecoveredPanicsChainAndFatalErrors() throws {
        let info = try #require(
            parse(
                """
                panic: order 17 not found [recovered]
                \tpanic: handler crashed

                goroutine 6 [running]:
                main.handle.func1()
                \t/app/main.go:20 +0x45
                panic({0x4a2f40?, 0xc000014070?})
                \t/usr/local/go/src/runtime/panic.go:770 +0x132
                main.handle()
                \t/app/main.go:25 +0x5d
                """))
        #expect(info.chain.map(\.type) == ["panic", "panic"])
        #expect(info.chain.map(\.message) == ["handler crashed", "order 17 not found"])
        #expect(info.frames.map(\.function) == ["main.handle", "panic", "main.handle.func1"])

        let fatal = try #require(
            parse(
                """
                fatal error: all goroutines are asleep - deadlock!

                goroutine 1 [chan receive]:
                main.main()
                \t/app/main.go:9 +0x2d
                exit status 2
                """))
        #expect(fatal.type == "fatal error")
        #expect(fatal.message == "all goroutines are asleep - deadlock!")
        #expect(fatal.frames == [StackFrame(file: "/app/main.go", line: 9, function: "main.main")])

        let repanic = try #require(
            parse(
                """
                panic: boom [recovered]
                \tpanic: boom

                goroutine 1 [running]:
                main.main()
                \t/app/main.go:4 +0x25
                """))
        #expect(repanic.chain.count == 1)
    }

    // MARK: Node

    @Test func nodeFramesWithCauseBlocks() throws {
        let lines = try MultilineFixture.lines("node_fetch_cause.log")
        let info = try #require(StackTraceParser.parse(lines: Array(lines[2..<17])))
        #expect(info.type == "TypeError")
        #expect(info.message == "fetch failed")
        #expect(
            info.frames == [
                StackFrame(file: "/app/src/jobs/index.js", line: 9, function: "runJobs"),
                StackFrame(function: "Promise.all"),
                StackFrame(file: "/app/src/jobs/sync.js", line: 14, function: "syncInventory"),
                StackFrame(
                    file: "node:internal/process/task_queues", line: 95, function: "process.processTicksAndRejections"),
                StackFrame(file: "node:internal/deps/undici/undici", line: 12618),
            ])
        let cause = try #require(info.cause)
        #expect(cause.type == "Error")
        #expect(cause.message == "connect ECONNREFUSED 10.0.3.7:8080")
        #expect(
            cause.frames == [
                StackFrame(file: "node:net", line: 1595, function: "TCPConnectWrap.afterConnect [as oncomplete]")
            ])
    }

    @Test func nodeErrorCodesAnonymousAndConstructorFrames() throws {
        let info = try #require(
            parse(
                """
                Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'express' imported from /app/src/server.mjs
                    at new Promise (<anonymous>)
                    at file:///app/src/server.mjs:3:9
                    at Object.<anonymous> (C:\\app\\src\\index.js:1:7)
                """))
        #expect(info.type == "Error [ERR_MODULE_NOT_FOUND]")
        #expect(info.message == "Cannot find package 'express' imported from /app/src/server.mjs")
        #expect(
            info.frames == [
                StackFrame(file: "C:\\app\\src\\index.js", line: 1, function: "Object.<anonymous>"),
                StackFrame(file: "file:///app/src/server.mjs", line: 3),
                StackFrame(function: "new Promise"),
            ])
    }

    // MARK: .NET

    @Test func dotnetInnerExceptionsOnOneLine() throws {
        let info = try #require(
            parse(
                """
                System.AggregateException: One or more errors occurred. ---> System.Net.Http.HttpRequestException: Connection refused (pricing:8080) ---> System.Net.Sockets.SocketException (111): Connection refused
                   at System.Net.Sockets.Socket.Connect(EndPoint remoteEP)
                   --- End of inner exception stack trace ---
                   at System.Net.Http.HttpConnectionPool.ConnectAsync(HttpRequestMessage request) in /_/src/System.Net.Http/HttpConnectionPool.cs:line 1281
                   --- End of inner exception stack trace ---
                   at Acme.Client.Send() in C:\\src\\Acme\\Client.cs:line 42
                """))
        #expect(
            info.chain.map(\.type) == [
                "System.AggregateException", "System.Net.Http.HttpRequestException",
                "System.Net.Sockets.SocketException",
            ])
        #expect(
            info.chain.map(\.message) == [
                "One or more errors occurred.", "Connection refused (pricing:8080)", "Connection refused",
            ])
        #expect(info.frames == [StackFrame(file: "C:\\src\\Acme\\Client.cs", line: 42, function: "Acme.Client.Send")])
        #expect(info.cause?.frames.first?.line == 1281)
        #expect(info.cause?.cause?.frames == [StackFrame(function: "System.Net.Sockets.Socket.Connect")])
    }

    // MARK: Field text

    @Test func fieldTextAcceptsLoneExceptionLinesAndHeaderlessFrames() throws {
        let lone = try #require(StackTraceParser.parse(fieldText: "ValueError: bad input", type: nil, message: nil))
        #expect(lone.type == "ValueError")
        #expect(lone.message == "bad input")

        let zap = try #require(
            StackTraceParser.parse(
                fieldText: "main.handler\n\t/app/main.go:42\nmain.main\n\t/app/main.go:10", type: nil,
                message: "dial tcp 10.0.0.5:5432: connect: connection refused"))
        #expect(zap.type == "error")
        #expect(zap.message == "dial tcp 10.0.0.5:5432: connect: connection refused")
        #expect(zap.frames.map(\.function) == ["main.main", "main.handler"])

        let fields = try #require(
            StackTraceParser.parse(fieldText: nil, type: "TimeoutError", message: "read timed out"))
        #expect(fields == ExceptionInfo(type: "TimeoutError", message: "read timed out"))
        #expect(StackTraceParser.parse(fieldText: "something went wrong somewhere", type: nil, message: nil) == nil)
    }

    // MARK: Robustness

    @Test(arguments: [
        "", "\n\n", "Traceback (most recent call last):", "panic: out of cheese", "goroutine", "at",
        "    at nothing in particular", "Caused by: x", "[cause]: Error: x", "Exception in thread \"",
        "  File \"x.py\", line", "  + Exception Group Traceback (most recent call last):\n  |", "---> ", "at (", "at )",
        "at a.b(", "at a.b()", "at (x.js:1:2)", "x\n\tat a.b(Foo.java:99999999999999999999)",
        "panic: x\n\ngoroutine 1 [",
        "The meeting is at noon (probably).\nWe met at 5pm (ok).", "ERROR: disk full\n    at the moment we cannot tell",
        "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\n  +-+--\n  |",
    ])
    func malformedInputNeverCrashes(_ text: String) {
        _ = StackTraceParser.parse(text: text)
        _ = StackTraceParser.parse(fieldText: text, type: nil, message: nil)
    }

    @Test func proseIsNotATrace() {
        #expect(parse("The meeting is at noon (probably).\nWe met at 5pm (ok).") == nil)
        #expect(parse("ERROR: disk full\n    at the moment we cannot tell") == nil)
        #expect(parse("panic: out of cheese") == nil)  // no goroutine dump: a message, not a Go panic
        #expect(parse("Traceback (most recent call last):") == nil)
    }

    @Test func randomTextNeverProducesAnException() {
        var random = SeededGenerator(seed: 0x5EED)
        for _ in 0..<300 {
            let lines = (0..<Int(random.next() % 30 + 1)).map { _ in randomTraceFuzzLine(&random) }
            #expect(StackTraceParser.parse(lines: lines) == nil, "\(lines)")
        }
    }

    @Test func deepCauseChainsAreCapped() throws {
        var text = "java.lang.RuntimeException: top\n\tat a.B.c(B.java:1)\n"
        for index in 0..<5_000 {
            text += "Caused by: java.lang.IllegalStateException: level \(index)\n\tat a.B.c(B.java:1)\n"
        }
        let info = try #require(parse(text))
        #expect(info.chain.count == StackTraceParser.maxChain)
        #expect(info.chain.last?.message == "level 4999")  // the root cause is kept
    }

    @Test func largeInputsParseInLinearTime() {
        // Headerless `at` frames make the parser look upwards for an exception line: bounded, so no n².
        let frames = Array(repeating: "    at com.acme.Worker.run(Worker.java:12)", count: 100_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(StackTraceParser.parse(lines: frames) == nil) }
        #expect(elapsed < .seconds(20))

        let java =
            ["java.lang.StackOverflowError"] + Array(repeating: "\tat com.acme.Tree.walk(Tree.java:88)", count: 100_000)
        #expect(StackTraceParser.parse(lines: java)?.frames.count == 100_000)
    }
}
