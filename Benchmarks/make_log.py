#!/usr/bin/env python3
"""Write a large, deterministic backend log for the ingest benchmark.

Messages come from ../shared/bench/make_corpus.py (Loghub-2k contents, digits re-randomised per copy);
each gets a realistic header. Styles:
  python  `2024-05-04 12:43:47,913 - app.module - LEVEL - message`, with uvicorn access lines mixed in
  loguru  `2024-05-04 12:43:47.913 | LEVEL    | app.module:function:42 - message`
Every ~400 records an ERROR is followed by a Python traceback (6-14 lines, sometimes chained).

  python3 make_log.py --style python --mb 1024 -o big.log
"""
import argparse, os, random, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "bench")

MODULES = ["app.api.orders", "app.api.auth", "app.services.billing", "app.db.session", "app.workers.indexer",
           "app.services.llm_provider", "app.middleware.auth", "uvicorn.error"]
FUNCS = ["handle", "verify_token", "charge", "execute", "index_content", "generate", "dispatch", "run"]
LEVELS = ["INFO"] * 14 + ["DEBUG"] * 3 + ["WARNING"] * 2 + ["ERROR"]


def traceback(rng):
    lines = ["Traceback (most recent call last):"]
    for _ in range(rng.randint(2, 5)):
        lines.append('  File "/app/backend/%s.py", line %d, in %s' % (
            rng.choice(MODULES).replace(".", "/"), rng.randint(10, 900), rng.choice(FUNCS)))
        lines.append("    result = await call_next(request)")
    lines.append("%s: %s" % (rng.choice(["ValueError", "KeyError", "RuntimeError", "httpx.ConnectError"]),
                             rng.choice(["'CLERK_SECRET_KEY'", "service not initialized", "All connection attempts failed"])))
    if rng.random() < 0.3:
        lines = lines + ["", "During handling of the above exception, another exception occurred:", ""] + lines
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--style", choices=["python", "loguru"], default="python")
    ap.add_argument("--mb", type=int, default=512, help="approximate output size in MB")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("-o", "--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.txt")
        subprocess.run([sys.executable, os.path.join(SHARED, "make_corpus.py"), "--copies", "4", "-o", corpus], check=True)
        with open(corpus, encoding="utf-8") as f:
            messages = [line.rstrip("\n") for line in f]
    target = args.mb * 1024 * 1024
    written = 0
    t = 1714780800.0  # 2024-05-04T00:00:00Z
    lines = records = 0
    with open(args.out, "w", encoding="utf-8") as out:
        buf = []
        i = 0
        while written < target:
            t += rng.random() * 0.05
            secs = int(t)
            ms = int((t - secs) * 1000)
            hh, mm, ss = (secs // 3600) % 24, (secs // 60) % 60, secs % 60
            day = 4 + (secs - 1714780800) // 86400
            stamp = "2024-05-%02d %02d:%02d:%02d" % (day, hh, mm, ss)
            msg = messages[i % len(messages)]
            i += 1
            level = LEVELS[i % len(LEVELS)]
            module = MODULES[i % len(MODULES)]
            if args.style == "python":
                if i % 10 == 0:
                    line = 'INFO:     10.0.%d.%d:%d - "GET /api/orders/%d HTTP/1.1" 200 OK' % (
                        i % 250, i % 200, 40000 + i % 20000, i % 100000)
                else:
                    line = "%s,%03d - %s - %s - %s" % (stamp, ms, module, level, msg)
            else:
                line = "%s.%03d | %-8s | %s:%s:%d - %s" % (stamp, ms, level, module, FUNCS[i % len(FUNCS)], 10 + i % 800, msg)
            buf.append(line)
            records += 1
            if i % 400 == 0:
                buf.append(("%s,%03d - %s - ERROR - Unhandled exception" % (stamp, ms, module)) if args.style == "python"
                           else "%s.%03d | ERROR    | %s:run:12 - Unhandled exception" % (stamp, ms, module))
                buf.extend(traceback(rng))
                records += 1
            if len(buf) >= 10000:
                chunk = "\n".join(buf) + "\n"
                out.write(chunk)
                written += len(chunk.encode("utf-8"))
                lines += len(buf)
                buf = []
        if buf:
            chunk = "\n".join(buf) + "\n"
            out.write(chunk)
            lines += len(buf)
    print("wrote %d lines (%d header records) to %s" % (lines, records, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
