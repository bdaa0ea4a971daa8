#!/usr/bin/env python3
"""Source index benchmark: `logtriage scan LOG --db X --source TREE` against `logtriage scan LOG --db Y` (the
anchor, measured in the same run). The difference is the time to index the tree and match the log's signatures
against it.

Generates a synthetic multi-language repository (default 5,000 files, ~40 MB: Python, TypeScript/JavaScript, Go,
Java, Kotlin, Swift, Ruby, each file with functions, classes, logging calls in the language's usual styles,
environment and settings reads, comments and docstrings) plus a small log whose messages come from some of those
calls, in the Python logging format. Builds nothing: run `swift build -c release` first.
Reports files/s and MB/s of the index and the ratio of the two scan times (median of --runs, interleaved).

  python3 Benchmarks/source_bench.py --files 5000
"""
import argparse, json, os, random, shutil, statistics, subprocess, sys

from ingest_bench import peak_rss_mb, timed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

VERBS = ["fetch", "charge", "refund", "index", "sync", "upload", "render", "verify", "resolve", "publish", "archive",
         "import", "export", "schedule", "notify", "validate", "reserve", "release", "compress", "migrate"]
NOUNS = ["order", "invoice", "payment", "customer", "session", "token", "document", "report", "shipment", "webhook",
         "snapshot", "bucket", "template", "account", "ledger", "cart", "coupon", "profile", "device", "batch"]
REASONS = ["timed out", "was rejected", "is not initialized", "returned an empty body", "hit the rate limit",
           "lost its connection", "failed validation", "is locked by another worker", "exceeded the size limit",
           "was cancelled", "could not be decoded", "is missing a required field", "was not found"]
SERVICES = ["gateway", "search service", "cache", "database", "queue", "object store", "mailer", "scheduler",
            "auth provider", "feature store", "ledger service", "notification hub"]
LEVELS = ["info", "warning", "error", "error", "critical", "debug"]
LANGUAGES = [("py", 40), ("ts", 14), ("js", 10), ("go", 15), ("java", 10), ("kt", 4), ("swift", 4), ("rb", 3)]


LEADS = ["Cannot", "Failed to", "Unable to", "Gave up trying to", "Refusing to", "Could not", "Timed out trying to",
         "Skipped attempt to", "Aborted", "Will retry to", "Not allowed to", "Deferred request to"]
EXTRAS = ["for tenant", "in region", "during the nightly run", "from the primary replica", "behind the load balancer",
          "while draining the queue", "on shard", "with stale credentials", "after a config reload", "under high load",
          "for the legacy client", "via the fallback path"]


class Message:
    """A message as parts: literal strings and ("num"|"word", name) holes."""

    def __init__(self, rng, serial):
        syllables = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "ve", "zu", "ba", "do", "fi", "go", "ha", "ji"]
        # a made-up word per message keeps every message distinct, as in a real code base
        tag, n = "", serial + 16
        while n:
            tag, n = syllables[n % 16] + tag, n // 16
        words = [rng.choice(LEADS), rng.choice(VERBS), rng.choice(NOUNS), tag]
        words += rng.sample(EXTRAS, rng.randrange(0, 3))
        words += [rng.choice(SERVICES), rng.choice(REASONS)]
        text = " ".join(words).split(" ")
        # holes after some words: ids, sizes, keys
        self.parts = []
        names = ["id", "ms", "key", "attempt"]
        chosen = sorted(rng.sample(range(2, len(text)), min(rng.randrange(0, 4), len(text) - 2)))
        literal = []
        for i, word in enumerate(text):
            literal.append(word)
            if chosen and i == chosen[0]:
                chosen.pop(0)
                self.parts.append(" ".join(literal) + " ")
                literal = []
                name = names.pop(0)
                self.parts.append(("word" if name == "key" else "num", name))
                if rng.random() < 0.5:
                    literal.append(rng.choice([":", "-", "(ok)", "ms", "items"]))
        if literal:
            self.parts.append((" " if self.parts else "") + " ".join(literal))

    def holes(self):
        return [p[1] for p in self.parts if isinstance(p, tuple)]

    def render(self, style):
        """The message as a literal of `style`: printf, pyformat, fstring, brace, template, dollar, swift, ruby, concat."""
        out = []
        holes = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p.replace("%", "%%") if style == "printf" else p)
                continue
            kind, name = p
            holes.append(name)
            out.append({"printf": "%d" if kind == "num" else "%s", "pyformat": "{}", "brace": "{}",
                        "fstring": "{%s}" % name, "template": "${%s}" % name, "dollar": "$%s" % name,
                        "swift": "\\(%s)" % name, "ruby": "#{%s}" % name, "concat": '" + %s + "' % name}[style])
        return "".join(out), holes

    def value(self, rng):
        out = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
            elif p[0] == "num":
                out.append(str(rng.randrange(1, 99999)))
            else:
                out.append("k%x" % rng.getrandbits(32))
        return "".join(out)


def words(rng, n):
    return " ".join(rng.choice(VERBS + NOUNS + ["the", "a", "when", "with", "for", "retry", "value"]) for _ in range(n))


def env_name(rng):
    return "%s_%s_%d" % (rng.choice(NOUNS).upper(), rng.choice(["TIMEOUT", "URL", "RETRIES", "LIMIT", "KEY", "MODE"]), rng.randrange(100))


def python_function(rng, name, message, level, method):
    style = rng.choice(["printf", "fstring", "pyformat"])
    text, holes = message.render(style)
    args = ", ".join(holes) or "context"
    if style == "printf":
        call = 'logger.%s("%s", %s)' % (level, text, args) if holes else 'logger.%s("%s")' % (level, text)
    elif style == "fstring":
        call = 'logger.%s(f"%s")' % (level, text)
    else:
        call = 'logger.%s("%s".format(%s))' % (level, text, args)
    self_arg = "self, " if method else ""
    env = env_name(rng)
    return '''
    def %s(%s%s):
        """%s."""
        limit = int(os.getenv("%s", "%d"))
        timeout = settings.%s_timeout
        # %s: "quoted" and 'single' text in a comment
        if not %s or limit < timeout:
            %s
            return None
        values = [item for item in range(limit) if item %% 3]
        return {"%s": values, "total": len(values)}
''' % (name, self_arg, ", ".join(holes) or "context", words(rng, 8).capitalize(), env, rng.randrange(1, 100),
       rng.choice(NOUNS), words(rng, 6), (holes or ["context"])[0], call, rng.choice(NOUNS))


def js_function(rng, name, message, level, typed):
    style = rng.choice(["template", "concat"])
    text, holes = message.render(style)
    params = ", ".join("%s%s" % (h, ": number" if typed else "") for h in holes) or "context"
    literal = "`%s`" % text if style == "template" else '"%s"' % text
    env = env_name(rng)
    logger = rng.choice(["logger.%s" % ("warn" if level == "warning" else level if level != "critical" else "error"), "console.error"])
    return '''
  async %s(%s)%s {
    // %s: it's a comment with a "quote"
    const limit = Number(process.env.%s ?? "%d");
    const pattern = /['"]+/g;
    if (limit / 2 > %d) {
      %s(%s);
      throw new Error(%s);
    }
    return { items: [%s], ok: true };
  }
''' % (name, params, ": Promise<unknown>" if typed else "", words(rng, 6), env, rng.randrange(1, 100), rng.randrange(100),
       logger, literal, literal, ", ".join(str(rng.randrange(9)) for _ in range(4)))


def go_function(rng, receiver, name, message, level):
    text, holes = message.render("printf")
    args = ", ".join(holes)
    env = env_name(rng)
    call = rng.choice(['log.Printf("%s"%s)', 'logger.%sf("%s"%s)' % (level.capitalize() if level != "warning" else "Warn", "%s", "%s"),
                       'return fmt.Errorf("%s"%s)'])
    call = call.replace("%s%s", "%s%s")
    rendered = call % (text, ", " + args if args else "")
    params = ", ".join("%s int64" % h for h in holes) or "context string"
    return '''
// %s %s.
func (s *%s) %s(%s) error {
	limit := os.Getenv("%s")
	if limit == "" {
		%s
	}
	values := map[string]interface{}{"limit": limit, "raw": `a raw string with "quotes"`}
	_ = values
	return nil
}
''' % (name, words(rng, 8), receiver, name, params, env, rendered)


def java_function(rng, name, message, level, kotlin):
    if kotlin:
        text, holes = message.render("dollar")
        params = ", ".join("%s: Long" % h for h in holes) or "context: String"
        return '''
    fun %s(%s): Boolean {
        // %s
        val limit = (System.getenv("%s") ?: "%d").toInt()
        if (limit > %d) {
            logger.%s("%s")
            return false
        }
        return true
    }
''' % (name, params, words(rng, 8), env_name(rng), rng.randrange(100), rng.randrange(100),
       "warn" if level == "warning" else level if level in ("info", "debug", "error") else "error", text)
    text, holes = message.render("brace")
    params = ", ".join("long %s" % h for h in holes) or "String context"
    return '''
    /** %s. */
    public boolean %s(%s) throws IOException {
        String limit = System.getenv("%s");
        if (limit == null) {
            log.%s("%s"%s);
            return false;
        }
        return limit.length() > %d;
    }
''' % (words(rng, 8), name, params, env_name(rng), "warn" if level == "warning" else level if level in ("info", "debug", "error") else "error",
       text, "".join(", " + h for h in holes), rng.randrange(10))


def swift_function(rng, name, message, level):
    text, holes = message.render("swift")
    params = ", ".join("%s: Int" % h for h in holes) or "context: String"
    return '''
    func %s(%s) throws -> Bool {
        // %s
        let limit = Int(ProcessInfo.processInfo.environment["%s"] ?? "%d") ?? 0
        guard limit > %d else {
            logger.%s("%s")
            return false
        }
        return true
    }
''' % (name, params, words(rng, 8), env_name(rng), rng.randrange(100), rng.randrange(100),
       "warning" if level == "warning" else level if level in ("info", "debug", "error", "critical") else "error", text)


def ruby_function(rng, name, message, level):
    text, holes = message.render("ruby")
    return '''
  # %s
  def %s(%s)
    limit = ENV.fetch("%s", "%d").to_i
    if limit > %d
      Rails.logger.%s "%s"
      return nil
    end
    { limit: limit, ok: true }
  end
''' % (words(rng, 8), name, ", ".join(holes) or "context", env_name(rng), rng.randrange(100), rng.randrange(100),
       "warn" if level == "warning" else level if level in ("info", "debug", "error") else "error", text)


def make_file(rng, ext, stem, target, serial, catalogue):
    """One file of about `target` bytes; appends (logger, level, message) of each call to `catalogue`."""
    cls = "".join(p.capitalize() for p in stem.split("_"))
    functions = []
    size = 0
    n = 0
    while size < target:
        message = Message(rng, serial[0])
        serial[0] += 1
        level = rng.choice(LEVELS)
        name = "%s_%s_%d" % (rng.choice(VERBS), rng.choice(NOUNS), n) if ext in ("py", "rb") else "%s%s%d" % (
            rng.choice(VERBS), rng.choice(NOUNS).capitalize(), n)
        if ext == "py":
            body = python_function(rng, name, message, level, method=True)
        elif ext in ("ts", "js"):
            body = js_function(rng, name, message, level, typed=ext == "ts")
        elif ext == "go":
            body = go_function(rng, cls, name[0].upper() + name[1:], message, level)
        elif ext in ("java", "kt"):
            body = java_function(rng, name, message, level, kotlin=ext == "kt")
        elif ext == "swift":
            body = swift_function(rng, name, message, level)
        else:
            body = ruby_function(rng, name, message, level)
        functions.append(body)
        catalogue.append((stem, level, message))
        size += len(body)
        n += 1
    body = "".join(functions)
    if ext == "py":
        return 'import logging\nimport os\n\nfrom app.config import settings\n\nlogger = logging.getLogger(__name__)\n\n\nclass %s:\n%s' % (cls, body)
    if ext in ("ts", "js"):
        return 'import { logger } from "../logger";\n\nexport class %s {\n%s}\n' % (cls, body)
    if ext == "go":
        return 'package %s\n\nimport (\n\t"fmt"\n\t"log"\n\t"os"\n)\n\ntype %s struct{ name string }\n%s' % (stem.split("_")[0], cls, body)
    if ext == "java":
        return 'package com.app;\n\nimport org.slf4j.Logger;\n\npublic class %s {\n    private static final Logger log = LoggerFactory.getLogger(%s.class);\n%s}\n' % (cls, cls, body)
    if ext == "kt":
        return 'package com.app\n\nprivate val logger = KotlinLogging.logger {}\n\nclass %s {\n%s}\n' % (cls, body)
    if ext == "swift":
        return 'import Foundation\nimport os\n\nstruct %s {\n    let logger = Logger(subsystem: "app", category: "%s")\n%s}\n' % (cls, stem, body)
    return 'class %s\n%send\n' % (cls, body)


def make_tree(path, files, mb, seed):
    rng = random.Random(seed)
    catalogue = []
    serial = [0]
    weights = [w for _, w in LANGUAGES]
    target = mb * 1_000_000 // files
    total = 0
    for i in range(files):
        ext = rng.choices([e for e, _ in LANGUAGES], weights)[0]
        directory = os.path.join(path, "services", "svc%02d" % (i % 40), rng.choice(["api", "core", "jobs", "clients"]))
        os.makedirs(directory, exist_ok=True)
        stem = "%s_%s_%d" % (rng.choice(NOUNS), rng.choice(["service", "client", "handler", "worker", "store"]), i)
        text = make_file(rng, ext, stem, int(target * rng.uniform(0.6, 1.4)), serial, catalogue)
        with open(os.path.join(directory, "%s.%s" % (stem, ext)), "w") as f:
            f.write(text)
        total += len(text)
    return catalogue, total


def make_log(path, catalogue, signatures, lines, seed):
    rng = random.Random(seed + 1)
    chosen = rng.sample(catalogue, min(signatures, len(catalogue)))
    with open(path, "w") as out:
        t = 1714780800
        for i in range(lines):
            stem, level, message = rng.choice(chosen)
            t += rng.random() * 2
            secs = int(t)
            stamp = "2024-05-04 %02d:%02d:%02d,%03d" % ((secs // 3600) % 24, (secs // 60) % 60, secs % 60, i % 1000)
            out.write("%s - app.%s - %s - %s\n" % (stamp, stem, {"warning": "WARNING", "critical": "CRITICAL"}.get(level, level.upper()),
                                                 message.value(rng)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=5000)
    ap.add_argument("--mb", type=int, default=40, help="approximate size of the source tree")
    ap.add_argument("--signatures", type=int, default=300, help="distinct log statements the log uses")
    ap.add_argument("--lines", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dir", default=os.path.join(ROOT, "bench-out"))
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "logtriage"))
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit("build first: swift build -c release")
    os.makedirs(args.dir, exist_ok=True)
    tree = os.path.join(args.dir, "source-tree-%d" % args.files)
    log = os.path.join(args.dir, "source-bench.log")
    shutil.rmtree(tree, ignore_errors=True)
    catalogue, size = make_tree(tree, args.files, args.mb, args.seed)
    make_log(log, catalogue, args.signatures, args.lines, args.seed)
    for directory, _, names in os.walk(tree):  # warm the page cache
        for name in names:
            with open(os.path.join(directory, name), "rb") as f:
                f.read()

    def fresh(db):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        return db

    plain_db, source_db = os.path.join(args.dir, "source-anchor.sqlite"), os.path.join(args.dir, "source-index.sqlite")
    anchor, indexed = [], []
    for _ in range(args.runs):  # interleaved, so drift hits both alike
        anchor.append(timed([args.binary, "scan", log, "--db", fresh(plain_db)]))
        indexed.append(timed([args.binary, "scan", log, "--db", fresh(source_db), "--source", tree]))
    anchor_t, indexed_t = statistics.median(anchor), statistics.median(indexed)
    index_t = max(indexed_t - anchor_t, 1e-9)
    found, correct, issues = evidence_accuracy(args.binary, source_db)
    rss = peak_rss_mb([args.binary, "scan", log, "--db", fresh(os.path.join(args.dir, "source-rss.sqlite")), "--source", tree])
    for db in (plain_db, source_db, os.path.join(args.dir, "source-rss.sqlite")):
        fresh(db)
    print("| files | tree MB | log lines | signatures | scan s | scan --source s | index s | files/s | MB/s | ratio | peak RSS MB | issues with code | right file first |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("| %d | %.1f | %d | %d | %.2f | %.2f | %.2f | %.0f | %.1f | %.2f | %.0f | %d/%d | %d/%d |" % (
        args.files, size / 1e6, args.lines, args.signatures, anchor_t, indexed_t, index_t, args.files / index_t,
        size / 1e6 / index_t, indexed_t / anchor_t, rss, found, issues, correct, issues))


def evidence_accuracy(binary, db):
    """Each generated message is logged by `app.<file stem>`, so an issue's code evidence is right when its first
    file is that logger's file."""
    report = json.loads(subprocess.run([binary, "report", "--format", "json", "--db", db], capture_output=True,
                                       check=True).stdout)
    found = correct = 0
    for issue in report["issues"]:
        files = [e["file"] for e in issue.get("evidence", []) if e.get("file")]
        loggers = [s.get("logger") or "" for s in issue["signatures"]]
        if files:
            found += 1
            stem = os.path.splitext(os.path.basename(files[0]))[0]
            correct += any(logger == "app." + stem for logger in loggers)
    return found, correct, len(report["issues"])


if __name__ == "__main__":
    main()
