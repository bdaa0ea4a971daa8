import Foundation
import HTTPTypes
import Hummingbird
import LogTriageCore
import LogTriageService
import LogTriageStore
import ServiceLifecycle

/// The dashboard's pages, forms and live updates on the intake server. Forms post to the same rules as the CLI
/// (the status lifecycle, hand edits that later scans keep); each carries the server's anti-forgery token and a
/// request from another site is refused.
extension IntakeServer {
    func addDashboard(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in
            let query = Self.parameters(request.uri.queryParameters)
            let list = DashboardHTML.issueList(
                try await documents.document(), filter: DashboardHTML.Filter(parameters: query), csrf: csrf, notice: query["done"],
                error: query["error"])
            return page("Issues", list, current: "/")
        }
        router.get("/issues/:number") { request, context in
            let number = try Self.number(context)
            let document = try await documents.document()
            guard let issue = document.issues.first(where: { $0.number == number }) else {
                return page("No such issue", "<h1>No issue \(number)</h1>\n<p><a href=\"/\">All issues</a></p>\n", current: "", status: .notFound)
            }
            let query = Self.parameters(request.uri.queryParameters)
            return page(
                "Issue \(number)", DashboardHTML.issuePage(issue, document: document, csrf: csrf, notice: query["done"], error: query["error"]),
                current: "")
        }
        router.get("/graph") { _, _ in try page("Cause → effect", DashboardHTML.graph(try await documents.document()), current: "/graph") }
        router.get("/order") { _, _ in
            try page("Investigation order", DashboardHTML.investigationOrder(try await documents.document()), current: "/order")
        }
        router.get("/log") { _, _ in try page("Update log", DashboardHTML.updateLog(try await documents.document()), current: "/log") }
        router.get("/assets/app.css") { _, _ in Self.asset(DashboardHTML.stylesheet, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in Self.asset(DashboardHTML.script, type: "text/javascript; charset=utf-8") }
        router.get("/events") { _, _ in events() }
        router.post("/scan") { request, _ in
            let form = try await checkedForm(request)
            let path = form["path"]?.first?.trimmingWhitespace() ?? ""
            guard !path.isEmpty else { return Self.redirect("/", error: "Please give the path of a log file or directory.") }
            do {
                return Self.redirect("/", notice: try await live.scan(paths: [path], reader: RecordReader(options: readerOptions)))
            } catch let error as LiveScanError {
                throw IntakeError(error)
            } catch {
                return Self.redirect("/", error: "\(error)")
            }
        }
        for action in ["status", "edit", "note", "merge", "split"] {
            router.post("/issues/:number/\(action)") { request, context in
                try await change(action, request, context)
            }
        }
    }

    private func page(_ title: String, _ body: String, current: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: DashboardHTML.page(title: title, body: body, current: current, live: true))))
    }

    private static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Server-sent events: one `data:` line per change of the tracker, and a comment every 15 s (so proxies keep the
    /// connection, and a closed one is noticed). The page fetches itself again; the event carries nothing but a
    /// number. The stream ends when the client leaves or the server shuts down.
    private func events() -> Response {
        let live = self.live
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                let updates = await live.updates()
                let (messages, sink) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(8))
                let forward = Task {
                    for await generation in updates { sink.yield("data: \(generation)\n\n") }
                    sink.finish()
                }
                let heartbeat = Task {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(15))
                        sink.yield(": still here\n\n")
                    }
                }
                defer {
                    forward.cancel()
                    heartbeat.cancel()
                }
                try await writer.write(ByteBuffer(string: ": connected\n\n"))
                try await withGracefulShutdownHandler {
                    for await message in messages { try await writer.write(ByteBuffer(string: message)) }
                } onGracefulShutdown: {
                    sink.finish()
                }
                try await writer.finish(nil)
            })
    }

    // MARK: - Forms

    private func change(_ action: String, _ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let number = try Self.number(context)
        let form = try await checkedForm(request)
        let now = Timestamp.now
        let done: String
        do {
            switch action {
            case "status":
                guard let status = form["status"]?.first.flatMap(IssueStatus.init(rawValue:)) else {
                    throw TrackerError("Please choose a status.")
                }
                let version = form["version"]?.first.flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0.trimmingWhitespace() }
                let updated = try store.setStatus(
                    number, to: StatusChange(status: status, force: form["force"]?.first == "1", version: status == .fixed ? version : nil),
                    at: now)
                done = "Issue \(number) is now \(updated.status.title)."
            case "edit":
                var edit = IssueEdit()
                let current = try store.issue(number)
                if let title = form["title"]?.first?.trimmingWhitespace(), title != current?.title { edit.title = title }
                if let kind = form["kind"]?.first.flatMap(IssueKind.init(rawValue:)), kind != current?.kind { edit.kind = kind }
                if let severity = form["severity"]?.first.flatMap(IssueSeverity.init(rawValue:)), severity != current?.severity {
                    edit.severity = severity
                }
                guard !edit.isEmpty else { throw TrackerError("Nothing changed.") }
                try store.apply(edit, to: number, at: now)
                done = "Saved: \(edit.changes.joined(separator: ", "))."
            case "note":
                var edit = IssueEdit()
                edit.notes = [form["note"]?.first ?? ""]
                try store.apply(edit, to: number, at: now)
                done = "Note added."
            case "merge":
                guard let other = form["other"]?.first.flatMap({ Int($0) }) else { throw TrackerError("Please choose an issue to merge.") }
                try store.merge(other, into: number, at: now)
                done = "Merged Issue \(other) into this issue."
            default:
                let signatures = form["signature"] ?? []
                guard !signatures.isEmpty else { throw TrackerError("Please tick the signatures to move.") }
                let created = try store.split(number, signatures: signatures, at: now)
                await live.changed()
                return Self.redirect("/issues/\(created.number)", notice: "Split out of Issue \(number) into this issue.")
            }
        } catch let error as TrackerError {
            return Self.redirect("/issues/\(number)", error: error.description)
        } catch let error as StatusLifecycle.Refusal {
            return Self.redirect("/issues/\(number)", error: error.description)
        }
        await live.changed()
        return Self.redirect("/issues/\(number)", notice: done)
    }

    /// A form's fields, once it is known to come from a page of this server: browsers say where a request comes
    /// from, and another site's page cannot know the token.
    private func checkedForm(_ request: Request) async throws -> [String: [String]] {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw IntakeError.forbidden("a form from another site cannot change the tracker")
        }
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let form = Self.form(String(buffer: buffer))
        guard let token = form["csrf"]?.first, BearerTokenMiddleware<BasicRequestContext>.equal(Array(token.utf8), Array(csrf.utf8)) else {
            throw IntakeError.forbidden("the form is stale or from elsewhere; reload the page")
        }
        return form
    }

    private static func redirect(_ path: String, notice: String? = nil, error: String? = nil) -> Response {
        var components = URLComponents()
        components.path = path
        components.queryItems = [notice.map { URLQueryItem(name: "done", value: $0) }, error.map { URLQueryItem(name: "error", value: $0) }]
            .compactMap { $0 }
        return Response(status: .seeOther, headers: [.location: components.string ?? path])
    }

    private static func number(_ context: BasicRequestContext) throws -> Int {
        guard let number = context.parameters.get("number", as: Int.self) else { throw IntakeError.notFound("no such issue") }
        return number
    }

    static func parameters(_ query: some Sequence<(key: Substring, value: Substring)>) -> [String: String] {
        var parameters: [String: String] = [:]
        for (key, value) in query { parameters[String(key)] = String(value) }
        return parameters
    }

    /// `application/x-www-form-urlencoded`: every value of every name, decoded.
    static func form(_ body: String) -> [String: [String]] {
        var form: [String: [String]] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text.replacingOccurrences(of: "+", with: " ")).removingPercentEncoding ?? String(text)
            }
            guard let name = parts.first else { continue }
            form[decode(name), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return form
    }
}

/// Headers every answer carries: pages may load only what the server itself serves, nothing inline, nothing framed.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[HTTPField.Name("Content-Security-Policy")!] = Self.policy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}
