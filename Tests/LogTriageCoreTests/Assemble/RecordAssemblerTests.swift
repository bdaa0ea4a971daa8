import Testing

@testable import LogTriageCore

struct RecordAssemblerTests {
    // MARK: Python

    @Test func chainedTracebackJoinsTheLoggingHeader() throws {
        let records = try assembleFixture("python_chained_traceback.log")
        #expect(records.map(\.lineStart) == [1, 2, 28])
        let error = records[1]
        #expect(error.lineEnd == 27)  // blank lines between the tracebacks are part of the record
        #expect(error.format == "python-logging")
        #expect(error.level == .error)
        #expect(error.message == "Failed to load user 42")
        let exception = try #require(error.exception, "\(describeChain(error.exception))")
        #expect(
            exception.chain.map(\.type) == ["app.errors.ServiceUnavailable", "psycopg2.OperationalError", "KeyError"])
        #expect(exception.frames == [StackFrame(file: "/app/backend/api/users.py", line: 24, function: "get_user")])
        #expect(
            exception.cause?.message
                == "connection to server at \"db\" (10.0.0.5), port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?"
        )
        #expect(exception.cause?.frames.map(\.function) == ["get_user", "load_user", "fetch_one"])
        #expect(records[2].exception == nil)
    }

    /// A tool that prints every line one space in, a status glyph first (` ⨯ TypeError: …`): each line at that
    /// indentation starts a record, deeper lines continue it, and the glyph is the level.
    @Test func linesPrintedOneSpaceInAreRecordsWithTheirGlyphsLevel() throws {
        let text = [
            " ✓ Ready in 1200ms",
            " ⨯ TypeError: Cannot read properties of undefined (reading 'map')",
            "    at Page (/app/.next/server/app/page.js:1:2345)",
            "    at renderToString (/app/node_modules/react-dom/server.js:9:10)",
            " ⨯ TypeError: Cannot read properties of undefined (reading 'map')",
            "    at Page (/app/.next/server/app/page.js:1:2345)",
            " Traceback (most recent call last):",
            "   File \"/srv/job.py\", line 3, in <module>",
            "     run()",
            " ValueError: bad input",
            " ⚠ The config option `images.domains` is deprecated",
        ].joined(separator: "\n")
        let records = RecordReader().records(in: text, name: "web.log")
        #expect(records.map(\.lineStart) == [1, 2, 5, 7, 11])
        #expect(records.map(\.level) == [.info, .error, .error, nil, .warning])
        #expect(records[1].exception?.type == "TypeError")
        #expect(records[1].exception?.frames.count == 2)
        #expect(records[1].message == "TypeError: Cannot read properties of undefined (reading 'map')")
        // a traceback printed one space in keeps its exception line
        #expect(records[3].exception?.type == "ValueError" && records[3].lineEnd == 10)
    }

    /// An error's details printed on unindented lines of their own (its name, context, an id, then the trace)
    /// belong to it up to the next header; one unheadered line between records stands alone, as do unheadered
    /// lines after an INFO record.
    @Test func detailLinesAfterAnErrorJoinItAndALoneLineStandsApart() throws {
        let records = assembleMultiline([
            "2024-05-04 12:43:47,913 - web - ERROR - \"GET /admin/users\" 403 3ms",
            "",
            "Role check rejected",
            "",
            "\"Check that the session cookie is passed through.\"",
            "",
            "Error ID:",
            "    4f1c2b7e-9d3a-4e51-8c2f-6a0b9e7d1c35",
            "NoPermissionError: Role check rejected",
            "    at authorize (/srv/app/auth/authorize.js:33:25)",
            "",
            "2024-05-04 12:43:48,002 - web - ERROR - Cannot index order 17",
            "print: cache warm-up finished in 812 ms",
            "2024-05-04 12:43:49,120 - web - INFO - Started",
            "worker ready",
            "listening on :8080",
        ])
        #expect(records.map(\.lineStart) == [1, 12, 13, 14, 15, 16])
        let error = records[0]
        #expect(error.lineEnd == 10)
        // The message is the one the code wrote; the details stay beside it and name the cause in the signature.
        #expect(error.message == #""GET /admin/users" 403 3ms"#)
        let details = error.attributes.first { $0.key == "details" }?.value.stringValue
        #expect(details?.hasPrefix("Role check rejected\n\"Check that") == true, "\(details ?? "")")
        #expect(details?.contains("Error ID:") == true)
        #expect(error.signatureText == #""GET /admin/users" 403 3ms — details: Role check rejected"#)
        #expect(error.exception?.type == "NoPermissionError")
        #expect(error.exception?.frames.first?.file == "/srv/app/auth/authorize.js")
        #expect(records[1].lineEnd == 12 && records[2].format == "plain")
        #expect(records[2].message == "print: cache warm-up finished in 812 ms")
    }

    /// A finished request carries no trace: a traceback after an access line was printed by someone else.
    @Test func aTraceAfterAnAccessLineIsARecordOfItsOwn() throws {
        let records = assembleMultiline([
            "2024-05-04 12:43:47,913 - web.access - INFO - 10.0.0.7 - \"GET /api/tasks HTTP/1.1\" 200 11.5",
            "Traceback (most recent call last):",
            "  File \"/srv/app/consumer.py\", line 326, in watch",
            "    exists = path.exists()",
            "PermissionError: [Errno 13] Permission denied: '/srv/inbox/a.pdf'",
            "2024-05-04 12:43:48,002 - web - INFO - Refresh crashed",
            "Traceback (most recent call last):",
            "  File \"/srv/app/refresh.py\", line 3, in run",
            "ValueError: bad row",
        ])
        #expect(records.map(\.lineStart) == [1, 2, 6])
        #expect(records[0].exception == nil)
        #expect(records[1].exception?.type == "PermissionError")
        #expect(records[2].exception?.type == "ValueError", "a logger's own line keeps its trace")
    }

    /// A Rust panic hook logs the panic and prints its backtrace on indented lines: the frames are the record's
    /// trace, not its message.
    @Test func rustBacktraceAfterAPanicLineIsItsTrace() throws {
        let records = assembleMultiline([
            "2024-05-04 12:43:47,913 - panic - ERROR - thread 'worker' panicked at 'disk full': src/store/blob.rs:88",
            "   0: depot::logging::install::{{closure}}",
            "   1: std::panicking::rust_panic_with_hook",
            "   2: depot::store::blob::write_blob::{{closure}}",
            "   3: depot::api::upload::{{closure}}",
            "2024-05-04 12:43:48,002 - web - INFO - GET /upload 500",
        ])
        #expect(records.map(\.lineStart) == [1, 6])
        #expect(records[0].message == "thread 'worker' panicked at 'disk full': src/store/blob.rs:88")
        #expect(records[0].exception?.frames.map(\.function) == ["depot::api::upload", "depot::store::blob::write_blob"])
    }

    /// Rails logs an unhandled exception as a FATAL record: a blank line, `Type (message):`, a blank line, then the
    /// backtrace, every line under the request's tag. The tag stays on the message, the lines below are read
    /// without it: the exception and its frames (innermost last) are the record's.
    @Test func aRailsExceptionUnderItsRequestTagIsTheRecordsTrace() throws {
        let tagged = assembleMultiline([
            "F, [2025-03-04T10:04:23.328000 #12] FATAL -- : [4f1c9a20-77ab]   ",
            "[4f1c9a20-77ab] NoMethodError (undefined method `total_cents' for nil:NilClass):",
            "[4f1c9a20-77ab]   ",
            "[4f1c9a20-77ab] app/models/order.rb:42:in `display_total'",
            "[4f1c9a20-77ab] app/controllers/orders_controller.rb:17:in `show'",
            "I, [2025-03-04T10:04:23.330000 #12]  INFO -- : [4f1c9a20-77ab] Completed 500 Internal Server Error in 12ms",
        ], formats: [RubyLoggerFormat()])
        #expect(tagged.map(\.lineStart) == [1, 6])
        #expect(tagged[0].message == "[4f1c9a20-77ab] NoMethodError: undefined method `total_cents' for nil:NilClass")
        #expect(tagged[0].exception?.type == "NoMethodError")
        #expect(tagged[0].exception?.frames.map { "\($0.file ?? ""):\($0.line ?? 0) \($0.function ?? "")" } == [
            "app/controllers/orders_controller.rb:17 show", "app/models/order.rb:42 display_total",
        ])
        // A tagged message of its own keeps it, once.
        let worded = assembleMultiline([
            "E, [2025-03-04T10:04:25.000000 #12] ERROR -- : [9b2e] Checkout failed",
            "[9b2e] ArgumentError (bad total):",
            "[9b2e] app/models/cart.rb:9:in `total'",
        ], formats: [RubyLoggerFormat()])
        #expect(worded.first?.message == "[9b2e] Checkout failed")
        #expect(worded.first?.exception?.type == "ArgumentError")
        // Without tags, the blank line between the exception line and the backtrace does not end the record.
        let plain = assembleMultiline([
            "F, [2025-03-04T10:04:23.328000 #12] FATAL -- : ",
            "ActiveRecord::RecordNotFound (Couldn't find Order with 'id'=7):",
            "  ",
            "app/controllers/orders_controller.rb:17:in 'OrdersController#show'",
            "I, [2025-03-04T10:04:23.330000 #12]  INFO -- : Completed 404 Not Found in 3ms",
        ], formats: [RubyLoggerFormat()])
        #expect(plain.map(\.lineStart) == [1, 5])
        #expect(plain[0].exception?.type == "ActiveRecord::RecordNotFound")
        #expect(plain[0].exception?.frames.first?.function == "OrdersController#show")
    }

    /// Elixir's Logger prints `** (Type) message` and the stacktrace's `(app vsn) file:line: Mod.fun/arity` lines,
    /// on the error's own line or on the lines below a message (`GenServer … terminating`).
    @Test func anElixirStacktraceIsTheRecordsTrace() throws {
        let records = assembleMultiline([
            "2025-03-04 10:00:05.789 request_id=F1a2b3 [error] ** (DBConnection.ConnectionError) tcp connect (db:5432): connection refused - :econnrefused",
            "    (db_connection 2.6.0) lib/db_connection.ex:1000: DBConnection.transaction/3",
            "    (shop 0.1.0) lib/shop/orders.ex:42: Shop.Orders.get!/1",
            "2025-03-04 10:00:05.790 request_id=F1a2b3 [info] Sent 500 in 334ms",
            "2025-03-04 10:02:00.000 [error] GenServer Shop.Cart.Server terminating",
            "** (ArithmeticError) bad argument in arithmetic expression",
            "    (shop 0.1.0) lib/shop/cart/server.ex:88: Shop.Cart.Server.handle_call/3",
            "    (stdlib 5.0) gen_server.erl:1113: :gen_server.try_handle_call/4",
            "2025-03-04 10:02:01.000 [info] restarted",
        ], formats: [LeveledTextFormat()])
        #expect(records.map(\.lineStart) == [1, 4, 5, 9])
        #expect(records[0].message == "DBConnection.ConnectionError: tcp connect (db:5432): connection refused - :econnrefused")
        // innermost last: the frame that raised, the application's frame that called it before
        #expect(records[0].exception?.frames.first.map { "\($0.file ?? ""):\($0.line ?? 0) \($0.function ?? "")" }
            == "lib/shop/orders.ex:42 Shop.Orders.get!/1")
        #expect(records[2].message == "GenServer Shop.Cart.Server terminating")
        #expect(records[2].exception?.type == "ArithmeticError")
        #expect(records[2].exception?.frames.map(\.file) == ["gen_server.erl", "lib/shop/cart/server.ex"])
    }

    /// NestJS prints the error's message on its header line, then the stack (`TypeError: …`, `at` frames).
    @Test func aNestErrorsStackIsItsTrace() throws {
        let records = assembleMultiline([
            "[Nest] 1  - 03/04/2025, 10:05:12 AM   ERROR [ExceptionsHandler] Cannot read properties of undefined (reading 'id')",
            "TypeError: Cannot read properties of undefined (reading 'id')",
            "    at OrdersService.total (/app/dist/orders/orders.service.js:41:29)",
            "    at OrdersController.get (/app/dist/orders/orders.controller.js:22:35)",
            "[Nest] 1  - 03/04/2025, 10:05:13 AM     LOG [RoutesResolver] AppController {/}",
        ], formats: [NestFormat()])
        #expect(records.map(\.lineStart) == [1, 5])
        #expect(records[0].message == "Cannot read properties of undefined (reading 'id')")
        #expect(records[0].exception?.type == "TypeError")
        #expect(records[0].exception?.frames.last?.file == "/app/dist/orders/orders.service.js")
    }

    /// AWS Lambda's Python runtime names the exception above a traceback that has no exception line: the frames are
    /// the record's, named by that line; the runtime's next line is no exception line.
    @Test func aTracebackCutBeforeItsExceptionLineIsNamedByTheLineAbove() throws {
        let records = assembleMultiline([
            "[ERROR] KeyError: 'price'",
            "Traceback (most recent call last):",
            "  File \"/var/task/handler.py\", line 21, in handler",
            "    total += item[\"price\"]",
            "END RequestId: 8f5c2a1e-1111-4a4a-9f9f-aaaaaaaaaaaa",
        ], formats: [LeveledTextFormat()])
        let exception = try #require(records.first?.exception)
        #expect(exception.type == "KeyError")
        #expect(exception.frames.map(\.file) == ["/var/task/handler.py"])
        #expect(records.first?.message == "KeyError: 'price'")
    }

    /// An exception nothing rescued: Ruby prints the innermost frame with `: message (Type)`, then `from` lines.
    @Test func anUncaughtRubyExceptionIsATraceOfItsOwn() throws {
        let records = assembleMultiline([
            "2024-05-04 12:43:47,913 - jobs - INFO - starting",
            "/app/lib/worker.rb:12:in `perform': undefined method `id' for nil:NilClass (NoMethodError)",
            "\tfrom /app/lib/worker.rb:30:in `block in run'",
            "\tfrom /usr/local/bundle/gems/sidekiq-7.0.0/lib/sidekiq/processor.rb:202:in `execute_job'",
            "2024-05-04 12:43:48,002 - jobs - INFO - restarting",
        ])
        #expect(records.map(\.lineStart) == [1, 2, 5])
        let exception = try #require(records[1].exception)
        #expect(exception.type == "NoMethodError")
        #expect(exception.message == "undefined method `id' for nil:NilClass")
        #expect(exception.frames.last?.file == "/app/lib/worker.rb")
        #expect(exception.frames.last?.line == 12)
        #expect(exception.frames.count == 3)
        // a line that mentions `:in ` is no frame without a path and line before it
        #expect(Array("retry scheduled:in `5s'".utf8).withUnsafeBufferPointer { TraceSyntax.rubyFrame($0, at: 0) } == nil)
    }

    /// Monolog prints an exception's trace after `[stacktrace]`, as `#N file(line): function` lines, with the
    /// exception itself in the message's context: the frames are the record's trace, innermost last, and the
    /// exception's type is the one the context names.
    @Test func aMonologStacktraceIsTheRecordsTrace() throws {
        let text = [
            #"[2025-02-14 08:06:48] production.ERROR: Argument #1 must be of type User, int given {"userId":1,"exception":"[object] (TypeError(code: 0): Argument #1 must be of type User at /srv/app/Factory/GroupFactory.php:94)"#,
            "[stacktrace]",
            #"#0 /srv/app/Repositories/GroupRepository.php(403): App\\Factory\\GroupFactory->setUser()"#,
            #"#1 [internal function]: App\\Jobs\\Recurring->handle()"#,
            #"#2 /srv/app/Jobs/Recurring.php(389): App\\Repositories\\GroupRepository->store()"#,
            "#3 {main}",
            #""}"#,
            "[2025-02-14 08:06:49] production.INFO: next",
        ].joined(separator: "\n")
        let records = RecordReader().records(in: text, name: "laravel.log")
        #expect(records.map(\.lineStart) == [1, 8])
        let exception = try #require(records[0].exception)
        #expect(exception.type == "TypeError")
        #expect(exception.message == "Argument #1 must be of type User")
        #expect(exception.frames.map { "\($0.file ?? "-"):\($0.line ?? 0)" } == [
            "/srv/app/Jobs/Recurring.php:389", "-:0", "/srv/app/Repositories/GroupRepository.php:403",
        ])
        #expect(exception.frames.last?.function == #"App\Factory\GroupFactory->setUser"#)
        #expect(TraceSyntax.withBytes("#12 not a frame", { TraceSyntax.phpFrame($0, at: 0) }) == nil)
    }

    /// ASP.NET Core's console logger prints the level and category on a line of their own: the message is the first
    /// indented line below, and an exception after it is the record's trace.
    @Test func aHeaderWithoutAMessageTakesItFromTheLineBelow() throws {
        let text = [
            "warn: Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionMiddleware[3]",
            "      Failed to determine the https port for redirect.",
            "fail: Microsoft.AspNetCore.Server.Kestrel[13]",
            #"      Connection id "0HMVFE1F": An unhandled exception was thrown by the application."#,
            "      System.InvalidOperationException: Sequence contains no elements",
            "         at Shop.Api.OrdersController.Get(Int32 id) in /src/Shop.Api/OrdersController.cs:line 42",
        ].joined(separator: "\n")
        let records = RecordReader().records(in: text, name: "api.log")
        #expect(records.map(\.lineStart) == [1, 3])
        #expect(records[0].message == "Failed to determine the https port for redirect.")
        #expect(records[0].level == .warning && records[0].logger == "Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionMiddleware")
        #expect(records[1].message == #"Connection id "0HMVFE1F": An unhandled exception was thrown by the application."#)
        #expect(records[1].exception?.type == "System.InvalidOperationException")
        #expect(records[1].exception?.frames.last?.line == 42)
    }

    /// java.util.logging writes each record on two lines, when and where, then the level and the message; a trace
    /// follows them.
    @Test func javaUtilLoggingTwoLineRecordsAreOne() throws {
        let text = [
            "Feb 27, 2024 12:00:01 PM com.example.db.Pool connect",
            "SEVERE: Failed to connect",
            "java.sql.SQLException: Connection refused",
            "\tat com.example.db.Pool.connect(Pool.java:42)",
            "Feb 27, 2024 12:00:02 PM com.example.App main",
            "INFO: Started",
        ].joined(separator: "\n")
        let records = RecordReader().records(in: text, name: "server.log")
        #expect(records.map(\.lineStart) == [1, 5])
        #expect(records[0].level == .error && records[0].message == "Failed to connect" && records[0].logger == "com.example.db.Pool")
        #expect(records[0].time == Timestamp(year: 2024, month: 2, day: 27, hour: 12, second: 1))
        #expect(records[0].exception?.type == "java.sql.SQLException")
        #expect(records[1].level == .info && records[1].message == "Started")
    }

    /// In a script's output most lines have no header: the lines after its one leveled warning are its own
    /// statements, not the warning's details.
    @Test func inAStreamOfUnheaderedLinesEachLineIsARecord() throws {
        let records = assembleMultiline([
            "export: starting",
            "export: target /srv/exports/orders.csv.gz",
            "2024-05-04 12:43:47,913 - export - WARNING - Running without a lock file",
            "tar: write error: No space left on device",
            "export FAILED (exit 2) - partial archive left",
            "export: next run in 2h",
        ])
        #expect(records.map(\.lineStart) == [1, 2, 3, 4, 5, 6])
        #expect(records[2].message == "Running without a lock file")
        #expect(records[2].attributes.first { $0.key == "details" } == nil)
    }

    @Test func uvicornErrorLineTakesTheExceptionGroupTraceback() throws {
        let records = try assembleFixture("python_uvicorn_exception_group.log")
        #expect(records.map(\.lineStart) == [1, 2, 3, 4, 5, 32])
        let error = records[4]
        #expect(error.message == "ERROR:    Exception in ASGI application")
        #expect(error.lineEnd == 31)
        let exception = try #require(error.exception)
        #expect(
            exception.chain.map(\.type) == [
                "fastapi.exceptions.HTTPException", "ExceptionGroup", "jwt.exceptions.InvalidAudienceError",
            ])
        #expect(exception.message == "401: Token verification failed")
        #expect(exception.cause?.frames.last?.function == "__aexit__")
        #expect(exception.cause?.cause?.frames.first?.file == "/app/backend/middleware/auth_middleware.py")
        #expect(records.filter { $0.exception != nil }.count == 1)
    }

    @Test func loguruDiagnoseTracebackWithBlankLinesAndAnnotations() throws {
        let records = try assembleFixture("python_loguru_diagnose.log")
        #expect(records.map(\.lineStart) == [1, 2, 25])
        let error = records[1]
        #expect(error.format == "loguru")
        #expect(error.message == "Provider call failed")
        #expect(error.lineEnd == 24)
        let exception = try #require(error.exception)
        #expect(exception.type == "huggingface_hub.utils._errors.HfHubHTTPError")
        #expect(exception.frames.map(\.function) == ["<module>", "generate", "hf_raise_for_status"])
        #expect(exception.frames.last?.line == 371)
    }

    @Test func multiLineExceptionMessagesStayWithTheirException() throws {
        let records = try assembleFixture("python_multiline_messages.log")
        #expect(records.map(\.lineStart) == [1, 11, 21, 22])
        let pydantic = try #require(records[0].exception)
        #expect(pydantic.type == "pydantic_core._pydantic_core.ValidationError")
        #expect(pydantic.message.hasPrefix("2 validation errors for UserIn\nemail\n  Field required"))
        #expect(pydantic.message.hasSuffix("input_value='ten', input_type=str]"))
        #expect(records[0].lineEnd == 10)

        let sqlalchemy = try #require(records[1].exception)
        #expect(sqlalchemy.type == "sqlalchemy.exc.IntegrityError")
        #expect(sqlalchemy.message.contains("\nDETAIL:  Key (email)=(a@example.com) already exists.\n\n[SQL: INSERT"))
        #expect(sqlalchemy.message.hasSuffix("(Background on this error at: https://sqlalche.me/e/20/gkpj)"))
        #expect(records[1].lineEnd == 20)
        // A print() right after the traceback is its own record, with the last time seen.
        #expect(records[2].message == "Retrying without the duplicate row")
        #expect(records[2].format == "plain")
        #expect(records[2].time == records[1].time)
    }

    @Test func plainTracebackWithoutAHeaderIsARecordOfItsOwn() throws {
        let records = assembleMultiline([
            "2024-05-04 12:43:47,913 - app - INFO - started",
            "",
            "Traceback (most recent call last):",
            "  File \"/app/x.py\", line 3, in <module>",
            "    main()",
            "RuntimeError: boom",
        ])
        #expect(records.count == 2)
        #expect(records[0].lineEnd == 1)
        let crash = records[1]
        #expect(crash.format == "plain")
        #expect(crash.lineStart == 3)
        #expect(crash.lineEnd == 6)
        #expect(crash.time == records[0].time)
        #expect(crash.message == "RuntimeError: boom")  // the whole record was the trace
        #expect(crash.exception?.frames == [StackFrame(file: "/app/x.py", line: 3, function: "<module>")])
    }

    @Test func aSecondTracebackDoesNotJoinARecordThatHasOne() throws {
        let traceback = [
            "Traceback (most recent call last):", "  File \"/app/x.py\", line 3, in f", "    g()", "KeyError: 'a'",
        ]
        let records = assembleMultiline(["2024-05-04 12:43:47,913 - app - ERROR - failed"] + traceback + traceback)
        #expect(records.map(\.lineStart) == [1, 6])
        #expect(records.allSatisfy { $0.exception?.type == "KeyError" })
    }

    // MARK: Traces carried inside a header line

    @Test func tracebackInAJSONExceptionField() throws {
        var assembler = RecordAssembler(file: "app.jsonl")
        let parsed = ParsedLine(
            severity: Severity(.error), message: "payment capture failed",
            exceptionText:
                "Traceback (most recent call last):\n  File \"/app/pay.py\", line 77, in capture\n    resp.raise_for_status()\nrequests.exceptions.HTTPError: 502 Server Error: Bad Gateway for url: https://psp.example.com/capture"
        )
        var records: [LogRecord] = []
        assembler.start(parsed, time: nil, format: "json", line: 1, into: &records)
        #expect(records.isEmpty)
        assembler.finish(into: &records)
        let record = try #require(records.first)
        #expect(record.message == "payment capture failed")
        #expect(record.exception?.type == "requests.exceptions.HTTPError")
        #expect(record.exception?.frames == [StackFrame(file: "/app/pay.py", line: 77, function: "capture")])
        #expect(record.lineEnd == 1)
    }

    @Test func exceptionFieldsWithoutATrace() throws {
        var assembler = RecordAssembler(file: "app.jsonl")
        var records: [LogRecord] = []
        assembler.start(
            ParsedLine(message: "lookup failed", exceptionType: "KeyError", exceptionMessage: "'tenant'"), time: nil,
            format: "json", line: 1, into: &records)
        assembler.finish(into: &records)
        let typed = try #require(records.first)
        #expect(typed.exception == ExceptionInfo(type: "KeyError", message: "'tenant'"))

        records = []
        assembler.start(
            ParsedLine(message: "lookup failed", exceptionText: "no stack available"), time: nil, format: "json",
            line: 2, into: &records)
        assembler.finish(into: &records)
        let unreadable = try #require(records.first)
        #expect(unreadable.exception == nil)
        #expect(unreadable.message == "lookup failed\nno stack available")  // kept, not lost
    }

    @Test func tracebackEmbeddedInALoggedMessage() throws {
        var assembler = RecordAssembler(file: "app.log")
        let message =
            "worker crashed:\nTraceback (most recent call last):\n  File \"/app/w.py\", line 5, in run\n    step()\nValueError: bad step"
        var records: [LogRecord] = []
        assembler.start(ParsedLine(message: message), time: nil, format: "json", line: 1, into: &records)
        assembler.finish(into: &records)
        let record = try #require(records.first)
        #expect(record.message == "worker crashed:")
        #expect(record.exception?.type == "ValueError")
        #expect(record.exception?.frames.first?.function == "run")
    }

    // MARK: JVM, Go, Node, .NET

    @Test func javaStackAfterALogbackLine() throws {
        let records = try assembleFixture("java_logback_caused_by.log")
        #expect(records.map(\.lineStart) == [1, 2, 24])
        let error = records[1]
        #expect(error.lineEnd == 23)
        #expect(error.message == "Order submission failed")
        let exception = try #require(error.exception)
        #expect(
            exception.chain.map(\.type) == [
                "org.springframework.dao.DataIntegrityViolationException",
                "org.hibernate.exception.ConstraintViolationException", "org.postgresql.util.PSQLException",
            ])
        #expect(exception.chain.map(\.frames.count) == [6, 2, 3])
        #expect(
            exception.frames.last
                == StackFrame(
                    file: "HibernateJpaDialect.java", line: 276,
                    function: "org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException"))
    }

    @Test func javaExceptionLineWithoutFramesStaysInTheMessage() {
        let records = assembleMultiline([
            "2024-05-04 12:43:47,913 ERROR [main] com.acme.Job - Job failed",
            "java.util.concurrent.TimeoutException: no reply within 30s",
            "2024-05-04 12:43:48,000 INFO [main] com.acme.Job - next",
        ])
        #expect(records.count == 2)
        #expect(records[0].message == "Job failed\njava.util.concurrent.TimeoutException: no reply within 30s")
        #expect(records[0].exception == nil)
    }

    @Test func uncaughtJVMExceptionStartsItsOwnRecord() throws {
        let records = assembleMultiline([
            "2024-05-04 12:43:47,913 INFO [main] com.acme.App - starting",
            "Exception in thread \"main\" java.lang.NoClassDefFoundError: com/acme/Plugin",
            "\tat com.acme.App.main(App.java:12)",
            "Caused by: java.lang.ClassNotFoundException: com.acme.Plugin",
            "\tat java.base/jdk.internal.loader.BuiltinClassLoader.loadClass(BuiltinClassLoader.java:641)",
            "\t... 1 more",
        ])
        #expect(records.map(\.lineStart) == [1, 2])
        #expect(records[1].lineEnd == 6)
        #expect(
            records[1].exception?.chain.map(\.type) == [
                "java.lang.NoClassDefFoundError", "java.lang.ClassNotFoundException",
            ])
        #expect(records[1].message == "java.lang.NoClassDefFoundError: com/acme/Plugin")
    }

    @Test func goPanicWithBlankLinesAndSeveralGoroutines() throws {
        let records = try assembleFixture("go_panic_goroutines.log")
        #expect(records.map(\.lineStart) == [1, 2, 3, 30])
        let panic = records[2]
        #expect(panic.lineEnd == 29)
        #expect(panic.format == "plain")
        #expect(panic.message == "runtime error: index out of range [5] with length 3")
        let exception = try #require(panic.exception)
        #expect(exception.type == "runtime error")
        #expect(exception.frames.count == 5)  // the first goroutine only
        #expect(exception.frames.last?.file == "/app/internal/orders/handler.go")
        #expect(records[3].message == "exit status 2")
    }

    @Test func nodeStackWithCauseAndClosingBrace() throws {
        let records = try assembleFixture("node_fetch_cause.log")
        #expect(records.map(\.lineStart) == [1, 2, 3, 18])
        let error = records[2]
        #expect(error.lineEnd == 17)
        #expect(error.message == "TypeError: fetch failed")
        #expect(error.exception?.chain.map(\.type) == ["TypeError", "Error"])
        #expect(error.exception?.frames.count == 5)
        #expect(error.exception?.cause?.message == "connect ECONNREFUSED 10.0.3.7:8080")
    }

    @Test func dotnetExceptionUnderAConsoleLoggerEntry() throws {
        let records = try assembleFixture("dotnet_inner_exception.log")
        #expect(records.map(\.lineStart) == [1, 3, 16])
        let failure = records[1]
        #expect(failure.lineEnd == 15)
        #expect(
            failure.message
                == "fail: Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware[1]\n      An unhandled exception has occurred while executing the request."
        )
        let exception = try #require(failure.exception)
        #expect(
            exception.chain.map(\.type) == [
                "System.InvalidOperationException", "System.Collections.Generic.KeyNotFoundException",
            ])
        #expect(
            exception.frames.last
                == StackFrame(
                    file: "/src/Acme.Pricing/PriceService.cs", line: 64, function: "Acme.Pricing.PriceService.Quote"))
        #expect(exception.cause?.frames.last?.function == "System.Collections.Generic.Dictionary`2.get_Item")
    }

    // MARK: Plain lines, blank lines, limits

    @Test func printLinesInheritTheLastTime() throws {
        let records = try assembleFixture("python_print_lines.log")
        #expect(records.map(\.lineStart) == [1, 2, 3, 5, 6, 9])
        #expect(records.map(\.format) == ["python-logging", "plain", "plain", "plain", "python-logging", "plain"])
        #expect(records[1].time == records[0].time)
        #expect(records[2].message == "Processing item 2 of 3\n    skipped: empty payload")
        #expect(records[2].lineEnd == 4)
        #expect(records[4].lineEnd == 6)  // the blank lines after it were dropped
        #expect(records[5].time == records[4].time)
        #expect(records[5].time != records[0].time)
    }

    @Test func blankLinesAreHeldAndDroppedUnlessTheTraceGoesOn() {
        let records = assembleMultiline([
            "2024-05-04 12:43:47,913 - app - INFO - query plan:",
            "    Seq Scan on users",
            "",
            "    (cost=0.00..35.50)",
            "",
            "",
        ])
        // The indented line after the blank does not continue a record that is not in a trace.
        #expect(records.map(\.lineStart) == [1, 4])
        #expect(records.map(\.lineEnd) == [2, 4])
        #expect(records[0].message == "query plan:\n    Seq Scan on users")
        #expect(records[1].format == "plain")
        #expect(assembleMultiline(["", "", ""]).isEmpty)
    }

    @Test func continuationIsCappedPerRecord() throws {
        let lines =
            ["2024-05-04 12:43:47,913 - app - ERROR - dump follows"] + (1...3_000).map { "    row \($0)" }
            + ["2024-05-04 12:43:48,000 - app - INFO - after"]
        let records = assembleMultiline(lines)
        #expect(records.count == 2)
        let dump = records[0]
        #expect(dump.lineEnd == 3_001)
        let kept = dump.message.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(kept.count == 1 + RecordAssembler.maxContinuationLines + 1)
        #expect(kept[1] == "    row 1")
        #expect(kept.last == "… [1000 more lines]")

        let big = String(repeating: "x", count: 700_000)
        let bytes = assembleMultiline(["2024-05-04 12:43:47,913 - app - ERROR - blob", "  " + big, "  " + big, "  tail"])
        #expect(bytes.count == 1)
        #expect(bytes[0].lineEnd == 4)
        #expect(bytes[0].message.hasSuffix("… [2 more lines]"))
        #expect(bytes[0].message.utf8.count < 800_000)
    }

    @Test func stateIsPerStream() {
        var first = RecordAssembler(file: "a.log")
        var second = RecordAssembler(file: "b.log")
        func feed(_ assembler: inout RecordAssembler, _ line: String, _ number: Int) -> [LogRecord] {
            var copy = line
            var records: [LogRecord] = []
            copy.withUTF8 { assembler.other($0, number: number, into: &records) }
            return records
        }
        func finish(_ assembler: inout RecordAssembler) -> LogRecord? {
            var records: [LogRecord] = []
            assembler.finish(into: &records)
            return records.first
        }
        _ = feed(&first, "Traceback (most recent call last):", 1)
        _ = feed(&first, "  File \"/app/x.py\", line 1, in f", 2)
        #expect(feed(&second, "ValueError: not part of a.log's traceback", 1).isEmpty)
        #expect(feed(&first, "ValueError: bad", 3).isEmpty)
        #expect(finish(&first)?.exception?.type == "ValueError")
        let other = finish(&second)
        #expect(other?.exception == nil)
        #expect(other?.file == "b.log")
    }

    @Test func randomTextNeverProducesAnException() {
        var random = SeededGenerator(seed: 42)
        var lines: [String] = []
        for index in 0..<5_000 {
            lines.append(index % 97 == 0 ? "2024-05-04 12:43:47,913 - app - INFO - tick \(index)" : randomTraceFuzzLine(&random))
        }
        let records = assembleMultiline(lines)
        #expect(records.allSatisfy { $0.exception == nil })
        #expect(records.last?.lineEnd ?? 0 <= lines.count)
        // Every non-blank line is in exactly one record.
        #expect(records.map { $0.lineEnd - $0.lineStart + 1 }.reduce(0, +) <= lines.count)
    }
}
