#!/usr/bin/env python3
"""Dashboard latency: how long `logtriage serve` takes to answer the issue list, an issue page, the graph and the
JSON API on a tracker with many signatures (10,000 by default).

The tracker comes from a generated log (a fixed seed): failure messages whose statements start with different
words, so each is a signature of its own, a few occurrences each, over a day. Times are wall-clock per request on
loopback (median and worst of --runs, after one warm-up), with the server idle.

  swift build -c release && python3 Benchmarks/dashboard_latency.py [--signatures 10000] [--runs 20]
"""
import argparse, http.client, json, os, random, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def word(r):
    return "".join(r.choice("bcdfghjklmnprstvz") + r.choice("aeiou") for _ in range(r.randint(2, 4)))


def generate(path, signatures, seed=11):
    r = random.Random(seed)
    verbs = set()
    while len(verbs) < signatures:
        verbs.add(word(r))
    loggers = ["app.%s" % word(r) for _ in range(40)]
    start = 1773100800
    lines = []
    for index, verb in enumerate(sorted(verbs)):
        logger = loggers[index % len(loggers)]
        for repeat in range(r.randint(1, 4)):
            t = start + r.randint(0, 86399)
            lines.append((t, "%s ERROR %s: %s %s for %s %d" % (
                time.strftime("%Y-%m-%d %H:%M:%S,000", time.gmtime(t)), logger, verb.capitalize(), word(r), word(r), r.randint(1, 999))))
    lines.sort()
    with open(path, "w") as out:
        out.writelines(text + "\n" for _, text in lines)
    return len(lines)


def timed(port, path, runs):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    samples = []
    size = 0
    for run in range(runs + 1):
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            sys.exit("%s answered %d" % (path, response.status))
        if run > 0:
            samples.append(elapsed)
        size = len(body)
    connection.close()
    return statistics.median(samples), max(samples), size


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--signatures", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "logtriage"))
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="dashboard-bench-")
    try:
        log = os.path.join(work, "service.log")
        lines = generate(log, args.signatures)
        db = os.path.join(work, "tracker.sqlite")
        subprocess.run([args.binary, "scan", log, "--db", db], check=True, stdout=subprocess.DEVNULL)
        report = json.loads(subprocess.run([args.binary, "report", "--format", "json", "--db", db], capture_output=True, text=True).stdout)
        issues = report["issues"]
        signatures = sum(len(issue["signatures"]) for issue in issues)
        largest = max(issues, key=lambda issue: len(issue["signatures"]))
        server = subprocess.Popen([args.binary, "serve", "--port", "0", "--db", db], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        port = int(re.search(r":(\d+) into", server.stdout.readline()).group(1))
        print("%d lines, %d issues, %d signatures (largest issue: %d)" % (lines, len(issues), signatures, len(largest["signatures"])))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        started = time.perf_counter()
        connection.request("GET", "/")
        connection.getresponse().read()
        connection.close()
        print("first page (loads the tracker): %.0f ms" % ((time.perf_counter() - started) * 1000))
        print("%-34s %10s %10s %10s" % ("page", "median ms", "worst ms", "KB"))
        for name, path in [
            ("issue list /", "/"), ("issue list, filtered", "/?status=open&q=" + issues[0]["title"].split()[0]),
            ("largest issue /issues/%d" % largest["id"], "/issues/%d" % largest["id"]),
            ("an issue /issues/%d" % issues[-1]["id"], "/issues/%d" % issues[-1]["id"]), ("graph /graph", "/graph"),
            ("API /api/issues", "/api/issues"), ("API /api/issues/%d" % largest["id"], "/api/issues/%d" % largest["id"]),
        ]:
            median, worst, size = timed(port, path, args.runs)
            print("%-34s %10.1f %10.1f %10.0f" % (name, median, worst, size / 1024))
        server.terminate()
        server.wait(timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
