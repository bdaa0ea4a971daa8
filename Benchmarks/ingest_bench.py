#!/usr/bin/env python3
"""Ingest benchmark: `logtriage records --json FILE > /dev/null` against `wc -l FILE`, same file, same run.

Builds nothing: run `swift build -c release` first. Generates the logs with make_log.py when missing.
Reports MB/s, lines/s, the ratio to wc -l (median of --runs), and logtriage's peak RSS.

  python3 Benchmarks/ingest_bench.py --mb 1024
"""
import argparse, os, resource, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(cmd, stdout=subprocess.DEVNULL):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=stdout, check=True)
    elapsed = time.perf_counter() - start
    return elapsed


def peak_rss_mb(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, check=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=512)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--styles", default="python,loguru")
    ap.add_argument("--dir", default=os.path.join(ROOT, "bench-out"))
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "logtriage"))
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    if not os.path.exists(args.binary):
        sys.exit("build first: swift build -c release")
    print("| log | size MB | lines | wc -l MB/s | logtriage MB/s | logtriage lines/s | ratio to wc -l | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for style in args.styles.split(","):
        path = os.path.join(args.dir, "%s-%dmb.log" % (style, args.mb))
        if not os.path.exists(path):
            subprocess.run([sys.executable, os.path.join(HERE, "make_log.py"), "--style", style, "--mb", str(args.mb),
                            "-o", path], check=True)
        size = os.path.getsize(path) / 1e6
        lines = int(subprocess.run(["wc", "-l", path], capture_output=True, text=True).stdout.split()[0])
        subprocess.run(["cat", path], stdout=subprocess.DEVNULL)  # warm the page cache
        wc, lt = [], []
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            wc.append(timed(["wc", "-l", path]))
            lt.append(timed([args.binary, "records", "--json", path]))
        wc_t, lt_t = statistics.median(wc), statistics.median(lt)
        rss = peak_rss_mb([args.binary, "records", "--json", path])
        print("| %s | %.0f | %d | %.0f | %.0f | %.0f | %.3f | %.1f |" % (
            style, size, lines, size / wc_t, size / lt_t, lines / lt_t, wc_t / lt_t, rss))


if __name__ == "__main__":
    main()
