#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

@testable import LogTriageCore

struct SourceIndexTests {
    private func index(_ language: String) throws -> SourceIndex {
        try SourceIndex.build(root: Fixtures.path("source/" + language))
    }

    private func best(_ index: SourceIndex, _ template: String, logger: String? = nil) throws -> CodeMatch {
        try #require(index.emitters(of: template, logger: logger).first, "no emitter for \(template)")
    }

    private func expectMatch(
        _ match: CodeMatch, file: String, line: Int, function: String?, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(match.file == file, sourceLocation: sourceLocation)
        #expect(match.line == line, sourceLocation: sourceLocation)
        #expect(match.function == function, sourceLocation: sourceLocation)
    }

    // MARK: - Emitters by language

    @Test func pythonPercentFormatInAClassMethodSpanningLines() throws {
        let python = try index("python")
        let match = try best(python, "Payment gateway request failed: ReadTimeout after <num>s (attempt <*>)", logger: "shop.payments.client")
        expectMatch(match, file: "shop/payments/client.py", line: 26, function: "PaymentClient.charge")
        #expect(match.origin == .statement)
        #expect(match.snippetStart == 24)
        // the whole call is shown: it spans lines 26-32
        #expect(match.snippet.count == 9)
        #expect(match.snippet.dropFirst(2).first == "            logger.warning(")
        #expect(match.snippet.last == "            )")
        #expect(match.score > 0.75 && match.score < 0.85)
        #expect(match.reason == "log call explains \(Int((match.score * 100).rounded()))% of the template")
    }

    @Test func rankingPrefersTheStatementExplainingMore() throws {
        let python = try index("python")
        let matches = python.emitters(of: "Payment gateway request failed: ReadTimeout after <num>s (attempt <*>)", logger: nil)
        #expect(matches.map(\.line) == [26, 39])
        #expect(matches.map(\.function) == ["PaymentClient.charge", "PaymentClient.refund"])
        #expect(matches[0].score > matches[1].score)
        // the generic one alone explains about half
        #expect(matches[1].score >= 0.5 && matches[1].score < 0.6)
    }

    @Test func pythonFStringFormatMethodAndImplicitConcatenation() throws {
        let python = try index("python")
        expectMatch(
            try best(python, "Cannot index order <num>: search service not initialized"),
            file: "shop/search/indexer.py", line: 14, function: "index_order")
        expectMatch(try best(python, "Indexed order <num> in <duration>"), file: "shop/search/indexer.py", line: 16, function: "index_order")
        expectMatch(
            try best(python, "Search rebuild skipped <num> documents because the index is read-only"),
            file: "shop/search/indexer.py", line: 22, function: "rebuild.report")
    }

    @Test func pythonLoguruBracesAndRaisedMessages() throws {
        let python = try index("python")
        let jwt = try best(python, "JWT verification failed for GET <path>: Signature has expired")
        expectMatch(jwt, file: "shop/api/auth.py", line: 14, function: "verify_token")
        // `GET` is a value in the code: 44 of the template's 47 constant bytes are explained
        #expect(jwt.reason == "log call explains 94% of the template")

        let raised = try best(python, "Payment for order <num> timed out")
        expectMatch(raised, file: "shop/payments/client.py", line: 33, function: "PaymentClient.charge")
        #expect(raised.reason == "exception message explains 100% of the template")
        #expect(raised.score == 1)
        let detail = try best(python, "Token expired")
        expectMatch(detail, file: "shop/api/auth.py", line: 15, function: "verify_token")
    }

    @Test func namedBracePlaceholdersWithPunctuation() throws {
        let python = try index("python")
        // the miner may keep `1/3` whole or split it: either way the literal's `/` sits inside a placeholder
        for template in ["Retrying charge for order <num> (attempt <*>)", "Retrying charge for order <num> (attempt <num>/<num>)"] {
            let match = try best(python, template)
            expectMatch(match, file: "shop/api/checkout.py", line: 12, function: "retry")
            #expect(match.score > 0.95)
        }
    }

    @Test func javascriptArrowFunctionsAndClassFields() throws {
        let js = try index("js")
        expectMatch(
            try best(js, "Webhook <num> rejected: missing signature"), file: "src/handlers/webhook.ts", line: 6, function: "handleWebhook")
        expectMatch(
            try best(js, "Draining webhook <num> from queue <*>"), file: "src/handlers/webhook.ts", line: 16,
            function: "WebhookQueue.drain")
    }

    @Test func javascriptAndTypeScript() throws {
        let js = try index("js")
        expectMatch(
            try best(js, "Failed to send email to <email>: Connection refused"),
            file: "src/services/mailer.ts", line: 18, function: "Mailer.send")
        expectMatch(try best(js, "SMTP delivery failed for <email>"), file: "src/services/mailer.ts", line: 19, function: "Mailer.send")
        // after a regex holding a quote and a division, the lexer is still in step
        expectMatch(try best(js, "Order <num> has no items, rejecting"), file: "src/routes/orders.js", line: 10, function: "createOrder")
        expectMatch(try best(js, "Cancelling order <num> for user <*>"), file: "src/routes/orders.js", line: 17, function: "cancelOrder")
    }

    @Test func go() throws {
        let go = try index("go")
        let printf = try best(go, "charging order <num> for <num> cents with key <*>")
        expectMatch(printf, file: "internal/payments/gateway.go", line: 34, function: "Gateway.Charge")
        #expect(printf.score == 1)
        expectMatch(try best(go, "gateway API key missing"), file: "internal/payments/gateway.go", line: 31, function: "Gateway.Charge")
        let wrapped = try best(go, "charge order <num>: missing API key")
        expectMatch(wrapped, file: "internal/payments/gateway.go", line: 32, function: "Gateway.Charge")
        #expect(wrapped.reason.hasPrefix("exception message"))
        expectMatch(try best(go, "card declined by issuer"), file: "internal/payments/gateway.go", line: 12, function: nil)
        // zerolog's chain starts the statement; zap's sugared logger logs whatever its receiver is called
        expectMatch(
            try best(go, "refund of order <num> gave up after <num> retries"), file: "internal/payments/gateway.go", line: 40,
            function: "Gateway.Refund")
        expectMatch(try best(go, "refund queue is full"), file: "internal/payments/gateway.go", line: 42, function: "Gateway.Refund")
        let refund = try best(go, "refund queue is full")
        // the function's own read first, then those of the receiver type's other methods
        #expect(go.configuration(for: refund) == [
            ConfigurationRead(
                name: "payments.refund_retries", source: .setting, defaultValue: nil, file: "internal/payments/gateway.go", line: 39,
                scope: .function),
            ConfigurationRead(
                name: "GATEWAY_API_KEY", source: .environment, defaultValue: nil, file: "internal/payments/gateway.go", line: 29,
                scope: .module),
        ])
    }

    @Test func javaAndKotlin() throws {
        let java = try index("java")
        let file = "src/main/java/com/shop/inventory/StockService.java"
        expectMatch(
            try best(java, "Reservation of <num> units of <*> in <*> timed out after <num>s"), file: file, line: 18,
            function: "StockService.reserve")
        expectMatch(try best(java, "Quantity must be positive for SKU <*>"), file: file, line: 16, function: "StockService.reserve")
        expectMatch(try best(java, "<num> items in stock"), file: file, line: 23, function: "StockService.describe")

        let kotlin = try index("kotlin")
        let kt = "src/main/kotlin/com/shop/notify/Notifier.kt"
        expectMatch(try best(kotlin, "Skipping empty push for user <*>"), file: kt, line: 13, function: "Notifier.notify")
        expectMatch(
            try best(kotlin, "Push delivery to <*> failed for user <*> after <num> retries"), file: kt, line: 16,
            function: "Notifier.notify")
    }

    @Test func kotlinGenericFunctions() throws {
        let kotlin = try index("kotlin")
        let file = "src/main/kotlin/com/shop/notify/Ranking.kt"
        // `>>` and `>>>` close nested type parameters
        expectMatch(try best(kotlin, "Picking the larger of two push candidates"), file: file, line: 9, function: "Ranking.pick")
        expectMatch(try best(kotlin, "Flattening <num> push groups"), file: file, line: 14, function: "Ranking.flatten")
    }

    @Test func swiftAndRuby() throws {
        let swift = try index("swift")
        let file = "Sources/Sync/SyncEngine.swift"
        expectMatch(try best(swift, "Upload batch of <num> items exceeds limit <num>"), file: file, line: 11, function: "SyncEngine.upload")
        expectMatch(try best(swift, "Uploading <num> items to <url>"), file: file, line: 14, function: "SyncEngine.upload")
        expectMatch(try best(swift, "Sync reset is not supported"), file: file, line: 20, function: "SyncEngine.reset")

        let ruby = try index("ruby")
        let rb = "app/services/invoice_generator.rb"
        expectMatch(try best(ruby, "Invoice for order <num> has no line items"), file: rb, line: 12, function: "InvoiceGenerator.generate")
        expectMatch(try best(ruby, "Unsupported currency <*>"), file: rb, line: 15, function: "InvoiceGenerator.generate")
        expectMatch(try best(ruby, "Generated invoice <*> in <*>"), file: rb, line: 16, function: "InvoiceGenerator.generate")
    }

    /// Elixir is read as Ruby is (comments, `#{}` strings, `do … end`); `def f(x) do` and `case x do` open one
    /// block each, and `fn x -> … end` one more, so each function ends where its `end` says.
    @Test func elixirModulesAndFunctions() throws {
        let root = Fixtures.temporaryDirectory()
        Fixtures.makeDirectory(root + "/lib")
        Fixtures.write(
            """
            defmodule Shop.Orders do
              require Logger

              def get!(id) do
                case Repo.get(Order, id) do
                  nil ->
                    Logger.error("Order #{id} not found in store")
                    raise "missing order"

                  order ->
                    order
                end
              end

              def total(order) do
                Logger.warning("Computing total for order #{order.id}")
                Enum.reduce(order.items, 0, fn item, acc -> acc + item.price end)
              end
            end
            """, to: root + "/lib/orders.ex")
        let index = try SourceIndex.build(root: root)
        expectMatch(try best(index, "Order <num> not found in store"), file: "lib/orders.ex", line: 7, function: "get!")
        expectMatch(try best(index, "Computing total for order <num>"), file: "lib/orders.ex", line: 16, function: "total")
    }

    @Test func rustMacrosLifetimesAndRawStrings() throws {
        let rust = try index("rust")
        let file = "src/storage/uploader.rs"
        // `target:` and tracing's fields come before the message; the lifetimes `'a` and `'_` are code
        expectMatch(try best(rust, "using object store at <url>"), file: file, line: 23, function: "Uploader.new")
        expectMatch(
            try best(rust, "rejecting upload of <*>: <num> bytes over the limit"), file: file, line: 32, function: "Uploader.put")
        // after the characters `'"'` and `'\''` and a raw string holding a quote, the lexer is still in step
        let failed = try best(rust, "upload of <*> to <*> failed after <num> attempts")
        expectMatch(failed, file: file, line: 36, function: "Uploader.put")
        #expect(failed.score == 1)
        #expect(failed.reason.hasPrefix("log call"))
        expectMatch(try best(rust, "uploader for bucket <*>"), file: file, line: 43, function: "Uploader.fmt")
        // thiserror's attribute names the error's message
        let attribute = try best(rust, "object <*> exceeds the limit of <num> bytes")
        expectMatch(attribute, file: file, line: 11, function: nil)
        #expect(attribute.reason.hasPrefix("exception message"))
        // `-> impl Iterator<Item = u8> + '_` is part of the function's head
        expectMatch(try best(rust, "checksum of an empty object in region <*>"), file: file, line: 53, function: "checksum")
        let expect = try best(rust, "manifest file missing or unreadable")
        expectMatch(expect, file: file, line: 58, function: "load_manifest")
        #expect(expect.reason.hasPrefix("exception message"))
        expectMatch(try best(rust, "manifest of <num> bytes loaded from <path>"), file: file, line: 59, function: "load_manifest")
        // inside a nested block comment
        #expect(rust.emitters(of: "commented out upload failure").isEmpty)
    }

    @Test func rustErrorMacrosAndPrints() throws {
        let rust = try index("rust")
        let file = "src/api/handlers.rs"
        for (template, line) in [
            ("delete request without an owner", 11), ("item <num> cannot be deleted by <*>", 13), ("owner of item <num> is empty", 16),
            ("item id <num> out of range", 18), ("API token not configured", 19),
        ] {
            let match = try best(rust, template)
            expectMatch(match, file: file, line: line, function: "Handler.delete_item")
            #expect(match.reason.hasPrefix("exception message"))
        }
        expectMatch(try best(rust, "deleted item <num> for <*>"), file: file, line: 20, function: "Handler.delete_item")
        let print = try best(rust, "listening on port <num>")
        expectMatch(print, file: file, line: 27, function: "main")
        #expect(print.reason.hasPrefix("print call"))
        expectMatch(try best(rust, "the server loop never returns"), file: file, line: 28, function: "main")
        // a project's own macro: all the texts it is given
        let own = try best(rust, "Permission denied. item <num> belongs to <*>")
        expectMatch(own, file: file, line: 33, function: "check_owner")
        #expect(own.score > 0.95)
        // a sentence handed to any method is a message: the project's own error-context helper
        let context = try best(rust, "Error saving the order.")
        expectMatch(context, file: file, line: 46, function: "save_order")
        #expect(context.reason.hasPrefix("message literal"))
    }

    @Test func phpLogFacadesConcatenationAndInterpolation() throws {
        let php = try index("php")
        let file = "app/Services/InvoiceMailer.php"
        // `.` joins the message's parts; `Log::channel(…)->warning` is a logger
        expectMatch(
            try best(php, "No SMTP password configured, invoice INV-<num> stays queued"), file: file, line: 24,
            function: "InvoiceMailer.send")
        // after a heredoc and a nullsafe `?->`; `{$…}` and `$name` are holes
        expectMatch(
            try best(php, "Delivery of invoice INV-<num> to <email> failed: Connection refused"), file: file, line: 34,
            function: "InvoiceMailer.send")
        let thrown = try best(php, "Invoice INV-<num> could not be delivered after <num> attempts")
        expectMatch(thrown, file: file, line: 35, function: "InvoiceMailer.send")
        #expect(thrown.reason.hasPrefix("exception message"))
        // PSR-3 placeholders
        expectMatch(try best(php, "Invoice INV-<num> sent to <email>"), file: file, line: 37, function: "InvoiceMailer.send")
        expectMatch(try best(php, "Invoice INV-<num> was voided by <*>"), file: file, line: 43, function: "InvoiceMailer.void")
        // a nowdoc interpolates nothing
        let nowdoc = try best(php, "Totals keep the $currency placeholder as it is")
        expectMatch(nowdoc, file: file, line: 46, function: "InvoiceMailer.void")
        #expect(nowdoc.score == 1)
        // single quotes escape only a quote and a backslash: `\n` is two characters
        let archived = try best(php, #"Customer's invoice <*> archived under C:\new"#)
        expectMatch(archived, file: file, line: 49, function: "InvoiceMailer.void")
        #expect(archived.score == 1)
        expectMatch(
            try best(php, "Retry limit read from environment: <num>"), file: file, line: 57, function: "InvoiceMailer.retryLimit")
        // a closure and an arrow function are part of the function around them
        expectMatch(try best(php, "Mapped <num> invoice rows"), file: file, line: 68, function: "helper_outside_class")
        expectMatch(
            try best(php, "Deprecated invoice helper called with <num> rows"), file: file, line: 69, function: "helper_outside_class")
        // text outside `<?php … ?>` is not code: its apostrophes open no string
        expectMatch(try best(php, "Rendering overdue invoice INV-<num>"), file: "resources/views/invoice.php", line: 5, function: nil)
    }

    @Test func rustAndPHPLexerTraps() throws {
        let directory = Fixtures.temporaryDirectory()
        Fixtures.write(
            """
            fn parse<'de>(r#type: &'de str) -> Result<char, String> {
                let quote = b'\\'';
                let text = "a \\" quote";
                let raw = br##"a "# is not the end"##;
                info!["parsed {} characters with {:>10}", text.len(), raw.len()];
                error!(target: "parser", reason = "eof", "unexpected end after {count} bytes");
                Ok('x')
            }

            """, to: directory + "/parse.rs")
        Fixtures.write(
            """
            <?php
            function render($name, $id)
            {
                $sql = sprintf(<<<SQL
                    SELECT * FROM t WHERE id = %d
                    SQL, $id);
                $this->logger?->error("Template ${name} not found for page {$id}");
                error_log('Rendered ' . $name . ' in ' . 5 . ' ms'); // it's done
            }

            """, to: directory + "/render.php")
        let index = try SourceIndex.build(root: directory)
        expectMatch(try best(index, "parsed <num> characters with <*>"), file: "parse.rs", line: 5, function: "parse")
        expectMatch(try best(index, "unexpected end after <num> bytes"), file: "parse.rs", line: 6, function: "parse")
        expectMatch(try best(index, "Template <*> not found for page <num>"), file: "render.php", line: 7, function: "render")
        expectMatch(try best(index, "Rendered <*> in <num> ms"), file: "render.php", line: 8, function: "render")
    }

    @Test func unrelatedTemplatesFindNothing() throws {
        let all = try SourceIndex.build(root: Fixtures.path("source"))
        #expect(all.emitters(of: "Disk quota exceeded on volume <*>", logger: nil).isEmpty)
        #expect(all.emitters(of: "<*> <num>", logger: nil).isEmpty)
        // sharing one common word is not enough
        #expect(all.emitters(of: "Order pipeline drained in <duration> with <num> workers idle", logger: nil).isEmpty)
    }

    @Test func loggerHintBreaksTies() throws {
        let directory = Fixtures.temporaryDirectory()
        for package in ["billing", "shipping"] {
            Fixtures.makeDirectory(directory + "/" + package)
            Fixtures.write("import logging\nlog = logging.getLogger(__name__)\n\ndef run():\n    log.error(\"Worker crashed: %s\", 1)\n", to: directory + "/\(package)/worker.py")
        }
        let index = try SourceIndex.build(root: directory)
        #expect(index.emitters(of: "Worker crashed: <*>", logger: "shipping.worker").first?.file == "shipping/worker.py")
        #expect(index.emitters(of: "Worker crashed: <*>", logger: "billing.worker").first?.file == "billing/worker.py")
        #expect(index.emitters(of: "Worker crashed: <*>", logger: nil, limit: 1).map(\.file) == ["billing/worker.py"])
    }

    // MARK: - Paths and sites

    @Test func pathMapping() throws {
        let python = try index("python")
        #expect(python.map(path: "/srv/shop/backend/shop/payments/client.py") == "shop/payments/client.py")
        #expect(python.map(path: #"C:\Users\dev\app\backend\shop\api\auth.py"#) == "shop/api/auth.py")
        #expect(python.map(path: "/app/shop/api/checkout.py:5") == "shop/api/checkout.py")
        #expect(python.map(path: "shop/api/checkout.py") == "shop/api/checkout.py")
        #expect(python.map(path: "shop.payments.client") == "shop/payments/client.py")
        #expect(python.map(path: "shop.payments.client:charge:88") == "shop/payments/client.py")
        #expect(python.map(path: "shop.payments") == "shop/payments/__init__.py")
        #expect(python.map(path: "file:///app/shop/search/indexer.py") == "shop/search/indexer.py")
        #expect(python.map(path: "/usr/lib/python3.12/site-packages/shop/payments/client.py") == nil)
        #expect(python.map(path: "/app/.venv/lib/python3.12/shop/api/auth.py") == nil)
        #expect(python.map(path: "/app/node_modules/shop/api/auth.py") == nil)
        // two `utils.py`: a bare name or an unrelated directory cannot choose
        #expect(python.map(path: "/srv/app/utils.py") == nil)
        #expect(python.map(path: "utils.py") == nil)
        #expect(python.map(path: "/srv/app/api/utils.py") == "shop/api/utils.py")
        #expect(python.map(path: "/srv/app/missing.py") == nil)
    }

    @Test func dependencyPathsAndFileNamesAloneDoNotMap() throws {
        let directory = Fixtures.temporaryDirectory()
        for folder in ["internal", "internal/rpc", "lib", "lib/puma"] { Fixtures.makeDirectory(directory + "/" + folder) }
        for file in ["internal/rpc/server.go", "main.go", "lib/puma/server.rb"] { Fixtures.write("\n", to: directory + "/" + file) }
        let index = try SourceIndex.build(root: directory)
        // Go's module cache and standard library, installed gems
        #expect(index.map(path: "/root/go/pkg/mod/google.golang.org/grpc@v1.60.0/server.go") == nil)
        #expect(index.map(path: "/usr/local/go/src/net/rpc/server.go") == nil)
        #expect(index.map(path: "/usr/local/bundle/gems/puma-6.4.0/lib/puma/server.rb:42") == nil)
        // a full path sharing only the file name
        #expect(index.map(path: "/srv/other/server.go") == nil)
        #expect(index.map(path: "/home/ci/project/internal/rpc/server.go") == "internal/rpc/server.go")
        #expect(index.map(path: "/root/go/src/github.com/shop/api/internal/rpc/server.go:12") == "internal/rpc/server.go")
        // a bare or relative name may still choose, and a file at the root is matched over its whole path
        #expect(index.map(path: "server.go:12") == "internal/rpc/server.go")
        #expect(index.map(path: "rpc/server.go") == "internal/rpc/server.go")
        #expect(index.map(path: "/usr/src/app/main.go") == "main.go")
    }

    /// Loggers that cut a long path on the left (`...s/webhook/hook.go`) still name the directory's end.
    @Test func pathsCutOnTheLeft() throws {
        let directory = Fixtures.temporaryDirectory()
        for folder in ["services", "services/hook", "models", "models/hook"] { Fixtures.makeDirectory(directory + "/" + folder) }
        for file in ["services/hook/hook.go", "models/hook/hook.go"] { Fixtures.write("\n", to: directory + "/" + file) }
        let index = try SourceIndex.build(root: directory)
        #expect(index.map(path: "...es/hook/hook.go") == "services/hook/hook.go")
        #expect(index.map(path: "...s/hook/hook.go") == nil)  // both directories end so
        #expect(index.map(path: "...ls/hook/hook.go") == "models/hook/hook.go")
        #expect(index.map(path: "…/hook/hook.go") == nil)
        #expect(index.map(path: "...x/hook/hook.go") == nil)
    }

    @Test func sitesOfFramesAndRecords() throws {
        let python = try index("python")
        let frame = try #require(python.site(file: "/srv/shop/backend/shop/payments/client.py", line: 33, function: "charge"))
        #expect(frame.file == "shop/payments/client.py")
        #expect(frame.function == "PaymentClient.charge")
        #expect(frame.snippetStart == 31)
        #expect(frame.snippet == [
            "                max_attempts,", "            )",
            "            raise PaymentError(f\"Payment for order {order_id} timed out\") from exc", "",
            "    def refund(self, order_id):",
        ])
        #expect(frame.score == 1)

        let byName = try #require(python.site(file: "shop.search.indexer", line: nil, function: "rebuild"))
        #expect(byName.line == 20)
        #expect(byName.function == "rebuild")
        #expect(python.site(file: "shop/search/indexer.py", line: 999, function: nil) == nil)
        #expect(python.site(file: "nowhere.py", line: 1, function: nil) == nil)
        // module level
        #expect(try #require(python.site(file: "shop/config.py", line: 5, function: nil)).function == nil)
    }

    // MARK: - Configuration

    @Test func pythonConfigurationByScope() throws {
        let python = try index("python")
        let charge = try best(python, "Payment for order <num> timed out")
        let reads = python.configuration(for: charge)
        #expect(reads == [
            ConfigurationRead(name: "PAYMENT_API_KEY", source: .environment, defaultValue: "\"\"", file: "shop/payments/client.py", line: 22, scope: .function),
            ConfigurationRead(
                name: "PAYMENT_GATEWAY_URL", source: .environment, defaultValue: "\"https://gateway.example.com\"",
                file: "shop/payments/client.py", line: 9, scope: .module),
            // read in the constructor of the same class; the default comes from the settings class
            ConfigurationRead(name: "settings.payment_timeout", source: .setting, defaultValue: "30", file: "shop/payments/client.py", line: 19, scope: .module),
        ])

        let report = try best(python, "Search rebuild skipped <num> documents because the index is read-only")
        // nothing read in rebuild/report; the module constant, not index_order's setting
        #expect(python.configuration(for: report).map(\.name) == ["SEARCH_TIMEOUT"])
        let indexOrder = try best(python, "Cannot index order <num>: search service not initialized")
        let indexReads = python.configuration(for: indexOrder)
        #expect(indexReads.map(\.name) == ["settings.search_url", "SEARCH_TIMEOUT"])
        #expect(indexReads.map(\.defaultValue) == ["\"http://search:9200\"", "\"2.5\""])
        #expect(indexReads.map(\.scope) == [.function, .module])

        let jwt = try best(python, "JWT verification failed for GET <path>: Signature has expired")
        #expect(python.configuration(for: jwt).map { "\($0.name)=\($0.defaultValue ?? "nil")" } == ["JWT_LEEWAY=0", "JWT_SECRET=nil"])
        let config = try #require(python.site(file: "shop/config.py", line: 14, function: nil))
        #expect(python.configuration(for: config).map { "\($0.name)=\($0.defaultValue ?? "nil")" } == ["DATABASE_URL=nil", "PAYMENT_RETRIES=3"])
    }

    /// A settings module that assigns its settings from the environment through a getter of its own: code reading
    /// `settings.INBOX_DIR` is told which variable sets it, and where.
    @Test func aSettingAssignedFromTheEnvironmentNamesItsVariable() throws {
        let root = Fixtures.temporaryDirectory()
        Fixtures.makeDirectory(root + "/inbox")
        Fixtures.write(
            """
            import os
            from pathlib import Path

            def __get_path(key, default):
                return Path(os.environ.get(key, default)).resolve()

            INBOX_DIR = __get_path("INBOX_SCAN_DIR", "/srv/inbox")
            WORKERS = int(os.getenv("INBOX_WORKERS", "2"))

            def helper():
                label = get_label("HELLO_WORLD")
            """, to: root + "/inbox/settings.py")
        Fixtures.write(
            """
            import logging
            from django.conf import settings

            logger = logging.getLogger(__name__)

            def watch(path):
                if not path.is_relative_to(settings.INBOX_DIR):
                    logger.warning("Not consuming file %s: outside the inbox", path)
            """, to: root + "/inbox/watcher.py")
        let index = try SourceIndex.build(root: root)
        let match = try #require(index.emitters(of: "Not consuming file <path>: outside the inbox").first)
        #expect(index.configuration(for: match).map { "\($0.name) \($0.file):\($0.line)" } == [
            "settings.INBOX_DIR inbox/watcher.py:7", "INBOX_SCAN_DIR inbox/settings.py:7",
        ])
    }

    /// Deployment files by their layout: a Dockerfile's `ENV` and its continuation lines, an ini file's keys and
    /// documented defaults, and nothing from other instructions or from prose.
    /// The settings a file of that name gives, as `name=value@line`.
    static func settings(_ text: String, _ name: Substring) -> [String] {
        guard let layout = DeploymentSettingsScanner.layout(ofFileNamed: name) else { return ["not settings"] }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            DeploymentSettingsScanner.scan(UnsafeBufferPointer(buffer), layout: layout).map { "\($0.name)=\($0.value)@\($0.line)" }
        }
    }

    @Test func deploymentFilesAreReadAsSettings() {
        let scan = Self.settings
        let dockerfile = "FROM eclipse-temurin:21\nRUN apt-get update\nENV JVM_OPTS=\"-Xmx256m -Xms256m\" \\\n    APP_WORK_DIR=\"/root/.app\" \\\n    TZ=UTC\nENV LANG C.UTF-8\nEXPOSE 8090\n"
        #expect(scan(dockerfile, "Dockerfile") == ["JVM_OPTS=-Xmx256m -Xms256m@3", "APP_WORK_DIR=/root/.app@4", "TZ=UTC@5", "LANG=C.UTF-8@6"])
        let ini = "[indexer]\n;REPO_INDEXER_PATH = indexers/repos.bleve\nISSUE_INDEXER_PATH = /data/indexers/issues.bleve ; kept\n; plain comment here\n"
        #expect(scan(ini, "app.example.ini") == ["REPO_INDEXER_PATH=indexers/repos.bleve@2", "ISSUE_INDEXER_PATH=/data/indexers/issues.bleve@3"])
        #expect(scan("x", "main.go") == ["not settings"])
        // A script's fallbacks for the variables it reads, literal ones only; a file without an extension is a
        // script when its first line says so.
        let script = "#!/command/with-contenv bash\ndeclare -r inbox=\"${APP_INBOX_DIR:-/srv/app/inbox}\"\nuid=${APP_UID:-$default_uid}\n: \"${APP_MODE:='worker'}\"\n"
        #expect(scan(script, "run") == ["APP_INBOX_DIR=/srv/app/inbox@2", "APP_MODE=worker@4"])
        #expect(scan(script, "entrypoint.sh") == ["APP_INBOX_DIR=/srv/app/inbox@2", "APP_MODE=worker@4"])
        #expect(scan("Copyright ${YEAR:-2024} the authors\n", "LICENSE").isEmpty, "no shebang: not a script")
    }

    /// Configuration files by their layout, as dotted paths: YAML mappings (lists, block scalars and their keys
    /// skipped), `.properties`, JSON members and TOML tables; files are known by the names frameworks give them.
    @Test func configurationFilesAreReadAsDottedSettings() {
        let scan = Self.settings
        let yaml = """
            # defaults
            server:
              port: 8090   # the HTTP port
            store:
              datasource:
                url: "jdbc:postgresql://db:5432/shop"
                password: ""
              mappings:
                - pattern: /upload/**
                  root: /data
              banner: |
                key: not a setting
            ---
            mail.host: smtp.local
            """
        #expect(scan(yaml, "application-prod.yml") == [
            "server.port=8090@3", "store.datasource.url=jdbc:postgresql://db:5432/shop@6", "store.datasource.password=\"\"@7",
            "mail.host=smtp.local@14",
        ])
        let properties = "# comment\n! also\nstore.pool.max=20\nstore.url : jdbc:h2:mem\nlong.value=a \\\n  b\n"
        #expect(scan(properties, "application.properties") == ["store.pool.max=20@3", "store.url=jdbc:h2:mem@4", "long.value=a@5"])
        let json = "{\n  \"Logging\": {\"LogLevel\": {\"Default\": \"Information\"}},\n  \"Hosts\": [\"a\"],\n  \"Cache\": {\n    \"Ttl\": 30\n  }\n}\n"
        #expect(scan(json, "appsettings.Development.json") == ["Logging.LogLevel.Default=Information@2", "Cache.Ttl=30@5"])
        let toml = "title = \"shop\"\n[database]\nurl = \"postgres://db/shop\" # main\n[[workers]]\nname = \"a\"\n"
        #expect(scan(toml, "config.toml") == ["title=shop@1", "database.url=postgres://db/shop@3"])
        #expect(scan("{}", "package.json") == ["not settings"])
        #expect(scan("a: 1", "openapi.yml") == ["not settings"])
        #expect(DeploymentSettingsScanner.layout(ofFileNamed: "config.yml.example") == .yaml)
        // a translation catalogue in a script other than ASCII is no settings file
        #expect(scan("[auth]\nnot_found = 見つかりません\nusername_error = 無効です\n", "locale_ja.ini").isEmpty)
    }

    @Test func configurationInOtherLanguages() throws {
        func summary(_ index: SourceIndex, _ template: String) throws -> [String] {
            index.configuration(for: try best(index, template)).map {
                "\($0.scope.rawValue):\($0.source.rawValue):\($0.name)=\($0.defaultValue ?? "nil")"
            }
        }
        #expect(try summary(index("js"), "Failed to send email to <email>: Connection refused") == [
            "function:environment:SMTP_PASSWORD=\"\"", "module:environment:SMTP_HOST=\"localhost\"",
        ])
        #expect(try summary(index("js"), "Order <num> has no items, rejecting") == ["module:environment:ORDER_RETRY_LIMIT=\"5\""])
        let goReads = try summary(index("go"), "charging order <num> for <num> cents with key <*>")
        // the same receiver type's other method is the module around it
        #expect(goReads == ["function:environment:GATEWAY_API_KEY=nil", "module:setting:payments.refund_retries=nil"])
        #expect(try summary(index("java"), "Quantity must be positive for SKU <*>") == [
            "function:environment:INVENTORY_REGION=nil", "module:setting:inventory.reserve-timeout=15",
        ])
        #expect(try summary(index("kotlin"), "Skipping empty push for user <*>") == [
            "function:environment:PUSH_RETRIES=\"3\"", "module:environment:PUSH_ENDPOINT=\"https://push.example.com\"",
        ])
        #expect(try summary(index("swift"), "Upload batch of <num> items exceeds limit <num>") == [
            "function:environment:SYNC_BATCH_LIMIT=\"100\"", "module:environment:SYNC_BASE_URL=\"https://sync.example.com\"",
        ])
        #expect(try summary(index("ruby"), "Unsupported currency <*>") == [
            "module:environment:INVOICE_TEMPLATE_DIR=\"/etc/invoices\"", "module:environment:INVOICE_CURRENCY=\"EUR\"",
        ])
        // Rust: `std::env::var`, `env!`, `option_env!`, `dotenv::var`, with `.unwrap_or…` fallbacks
        #expect(try summary(index("rust"), "rejecting upload of <*>: <num> bytes over the limit") == [
            "function:environment:STORE_MAX_BYTES=nil",
            "module:environment:STORE_ENDPOINT=\"http://localhost:9000\".to_string()",
        ])
        #expect(try summary(index("rust"), "checksum of an empty object in region <*>") == ["function:environment:STORE_REGION=nil"])
        #expect(try summary(index("rust"), "API token not configured") == ["function:environment:API_TOKEN=nil"])
        #expect(try summary(index("rust"), "listening on port <num>") == ["function:environment:HANDLER_PORT=\"8080\""])
        // a settings object's getter
        #expect(try summary(index("rust"), "session timeout disabled by configuration") == ["function:setting:settings.session_minutes=nil"])
        // PHP: `config('a.b')` and `Config::get` are settings; `$_SERVER['REQUEST_URI']` is the request, not configuration
        #expect(try summary(index("php"), "No SMTP password configured, invoice INV-<num> stays queued") == [
            "function:setting:mail.smtp.password=nil", "module:environment:MAIL_HOST='smtp.example.com'",
            "module:environment:INVOICE_RETRY_LIMIT='5'", "module:environment:INVOICE_LEGACY_MODE='off'",
            "module:setting:billing.retries=$fallback",
        ])
    }

    // MARK: - The tree

    @Test func missingDirectoryOrAFileIsAnError() throws {
        #expect(throws: SourceIndexError.self) { try SourceIndex.build(root: "/nonexistent/logtriage-source") }
        do {
            _ = try SourceIndex.build(root: "/nonexistent/logtriage-source/")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.description == "The source directory /nonexistent/logtriage-source/ does not exist.")
        }
        let file = Fixtures.path("source/python/shop/config.py")
        do {
            _ = try SourceIndex.build(root: file)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .notADirectory)
            #expect(error.description.contains(file))
        }
    }

    @Test func rootKeepsItsSpellingWithoutTrailingSlash() throws {
        let root = Fixtures.path("source/go")
        let index = try SourceIndex.build(root: root + "/")
        #expect(index.root == root)
        #expect(index.files == ["internal/payments/gateway.go"])
        #expect(index.statementCount == 6)
    }

    /// A message of several lines printed to a log that keeps no multi-line records arrives line by line: each
    /// line is found at the statement, once.
    @Test func eachLineOfAMultiLineMessageIsFoundAtItsStatement() throws {
        let directory = Fixtures.temporaryDirectory()
        let source = """
            fn check(token: &str) {
                if token.len() < 32 {
                    println!(
                        "[NOTICE] The admin secret you configured is short and weak.\\n\\
                    Please generate a long random secret with `server hash`.\\n\\
                    See: https://example.org/docs/admin-secret\\n"
                    );
                }
            }

            """
        Fixtures.write(Array(source.utf8), to: directory + "/config.rs")
        let index = try SourceIndex.build(root: directory)
        let first = index.emitters(of: "The admin secret you configured is short and weak.")
        #expect(first.map(\.line) == [3])
        #expect(try best(index, "Please generate a long random secret with `server hash`.").line == 3)
    }

    @Test func invalidUTF8AndBinaryFilesDoNotStopIndexing() throws {
        let directory = Fixtures.temporaryDirectory()
        var broken = Array("import logging\nlog = logging.getLogger()\n# caf".utf8) + [0xE9, 0xFF, 0x0A]
        broken += Array("def run():\n    log.error(\"Broken ".utf8) + [0xC3, 0x28] + Array(" encoding in %s\")\n".utf8)
        broken += Array("    s = \"unterminated\n    log.warning('still in step: %s', s)\n".utf8)
        Fixtures.write(broken, to: directory + "/broken.py")
        Fixtures.write([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 0x22, 0x27, 0x60, 0xFF, 0], to: directory + "/blob.js")
        Fixtures.write([0x22, 0x60, 0x27, 0x2F, 0x2A, 0x7B, 0x28, 0x5B, 0x5C], to: directory + "/junk.rb")
        let index = try SourceIndex.build(root: directory)
        #expect(index.files == ["broken.py", "junk.rb"])
        let match = try best(index, "still in step: <*>")
        #expect(match.line == 7)
        #expect(match.function == "run")
        #expect(index.emitters(of: "Broken <*> encoding in <*>", logger: nil).first?.line == 5)
    }

    @Test func randomSourceNeverStopsTheIndex() throws {
        // fragments that open and close the lexers' states in every order
        let fragments = [
            "\"", "'", "`", "\"\"\"", "'''", "#", "//", "/*", "*/", "{", "}", "(", ")", "[", "]", "${", "#{", "\\(",
            "\\", "\n", " ", "def f(", "class A", "func (r *R) M(", "fun g(", "function h(", "=> {", "end", "<<~EOS",
            "EOS", "%w[", "/re/", "logger.error(", "log.Printf(\"%d", "raise ", "throw new Error(", "f\"", "r\"",
            "#\"", "\"#", "os.getenv(\"X\"", "process.env.", "settings.", "ENV[\"Y\"]", "@Value(\"${", "=begin",
            "=end", ";", ",", "=", "?? \"d\"", "é", "\u{1F600}", "'a", "'a'", "'\\''", "r#\"", "\"#", "b'", "error!(",
            "fn x", "impl<'a> T for U {", "<<<EOT", "<<<'EOT'", "EOT;", "<?php", "?>", "{$", "$x", "?->", "env::var(",
        ]
        var generator = SeededGenerator(seed: 42)
        let directory = Fixtures.temporaryDirectory()
        for (n, ext) in ["py", "js", "ts", "go", "java", "kt", "swift", "rb", "rs", "php"].enumerated() {
            for round in 0..<12 {
                var text = ""
                for _ in 0..<400 { text += fragments[Int(generator.next() % UInt64(fragments.count))] }
                Fixtures.write(text, to: directory + "/f\(n)_\(round).\(ext)")
            }
        }
        let index = try SourceIndex.build(root: directory)
        #expect(index.files.count == 120)
        for template in ["<*> <num>", "logger error", "Value d X Y"] {
            for match in index.emitters(of: template, logger: "f1_0") {
                _ = index.configuration(for: match)
                _ = index.site(file: match.file, line: match.line, function: match.function)
            }
        }
    }

    @Test func deepNestingDoesNotExhaustTheStack() throws {
        let directory = Fixtures.temporaryDirectory()
        let depth = 100_000
        let template = String(repeating: "`${", count: depth) + "x" + String(repeating: "}`", count: depth)
        Fixtures.write("console.error(`nested ${" + template + "} failed`)\n", to: directory + "/template.js")
        let calls = String(repeating: "format(", count: depth) + "\"deep %s\"" + String(repeating: ")", count: depth)
        Fixtures.write("logging.error(" + calls + ")\nlogging.error(\"after the nesting\")\n", to: directory + "/calls.py")
        let index = try SourceIndex.build(root: directory)
        // the lexer stays in step past the depth it follows
        #expect(try best(index, "nested <*> failed").file == "template.js")
        #expect(try best(index, "after the nesting").line == 2)
    }

    @Test(.timeLimit(.minutes(1))) func longLinesIndexInLinearTime() throws {
        let directory = Fixtures.temporaryDirectory()
        // a generated one-line Ruby hash: every `=>` once looked back to the start of its line
        var hash = "LIMITS = {"
        var n = 0
        while hash.utf8.count < 1_000_000 {
            hash += ":k\(n)=>\(n),"
            n += 1
        }
        Fixtures.write(hash + "}\nRails.logger.warn \"Limits loaded\"\n", to: directory + "/limits.rb")
        // stray closers once searched the whole stack of unclosed openers
        let brackets = String(repeating: "[", count: 100_000) + String(repeating: ")", count: 100_000)
        Fixtures.write("let x = " + brackets + "\nconsole.log(\"Brackets skipped\")\n", to: directory + "/brackets.js")
        let index = try SourceIndex.build(root: directory)
        #expect(try best(index, "Limits loaded").line == 2)
        #expect(try best(index, "Brackets skipped").line == 2)
    }

    @Test func tiedCandidatesAreCutInFileOrder() throws {
        // Two words, each in 1001 statements of its own file: 2002 candidates tie, and the cut at 2000 drops the
        // last statements of the later file, whichever word the template names first. The best statement
        // (a log call, not a print) ends each file.
        let directory = Fixtures.temporaryDirectory()
        let words = ["alpha", "bravo", "delta", "gamma"]
        for word in words {
            let text = String(repeating: "print(\"\(word)\")\n", count: 1000) + "logging.error(\"\(word)\")\n"
            Fixtures.write(text, to: directory + "/\(word).py")
        }
        let index = try SourceIndex.build(root: directory)
        #expect(index.statementCount == 4004)
        for first in words {
            for second in words where second != first {
                let match = index.emitters(of: first + " " + second, limit: 1).first
                #expect(match?.file == min(first, second) + ".py")
                #expect(match?.line == 1001)
            }
        }
    }

    @Test func dependencyBuildAndHiddenDirectoriesAreSkipped() throws {
        let directory = Fixtures.temporaryDirectory()
        let statement = "import logging\nlogging.error(\"Skipped directory was read\")\n"
        for skipped in ["node_modules/pkg", ".venv/lib", "venv", "lib/python3.12/site-packages/x", "__pycache__", "build", "dist", ".git", "vendor", ".tox", "target", "env-like"] {
            var path = directory
            for part in skipped.split(separator: "/") {
                path += "/" + part
                Fixtures.makeDirectory(path)
            }
            Fixtures.write(statement, to: path + "/module.py")
        }
        // a virtualenv under any name
        Fixtures.write("home = /usr/bin\n", to: directory + "/env-like/pyvenv.cfg")
        Fixtures.makeDirectory(directory + "/src")
        Fixtures.write("import logging\nlogging.error(\"Kept file was read\")\n", to: directory + "/src/app.py")
        Fixtures.write("not code", to: directory + "/src/notes.txt")
        // a link back up the tree must not be followed
        _ = symlink(directory, directory + "/src/loop")
        let index = try SourceIndex.build(root: directory)
        #expect(index.files == ["src/app.py"])
        #expect(index.statementCount == 1)
        #expect(index.emitters(of: "Skipped directory was read", logger: nil).isEmpty)
    }

    /// Tests never wrote a production log line: their directories and files are not indexed, so a test's copy of
    /// a message cannot outrank the statement that logs it.
    @Test func testCodeIsNotIndexed() throws {
        let directory = Fixtures.temporaryDirectory()
        for folder in ["/app", "/tests", "/web", "/web/e2e", "/src", "/src/test", "/src/test/java"] { Fixtures.makeDirectory(directory + folder) }
        Fixtures.write("import logging\nlogging.error(\"Unable to write the upload\")\n", to: directory + "/app/uploads.py")
        Fixtures.write("assert 'Unable to write the upload' in log\n", to: directory + "/tests/checks.py")
        Fixtures.write("assert 'Unable to write the upload' in log\n", to: directory + "/app/test_uploads.py")
        Fixtures.write("expect(log).toContain('Unable to write the upload');\n", to: directory + "/web/uploads.spec.ts")
        Fixtures.write("cy.findByText('Unable to write the upload');\n", to: directory + "/web/e2e/uploads.js")
        Fixtures.write("class UploadsTest { String m = \"Unable to write the upload\"; }\n", to: directory + "/src/test/java/UploadsTest.java")
        Fixtures.write("class UploadTester { String m = \"x\"; }\n", to: directory + "/src/UploadTester.java")
        let index = try SourceIndex.build(root: directory)
        #expect(index.files == ["app/uploads.py", "src/UploadTester.java"])
        #expect(SourceTreeWalker.isTestFile("orders_test.go") && SourceTreeWalker.isTestFile("OrderServiceTests.cs"))
        #expect(!SourceTreeWalker.isTestFile("latest.py") && !SourceTreeWalker.isTestFile("Contest.java"))
    }
}
