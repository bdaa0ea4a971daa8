#!/usr/bin/env python3
"""Scan benchmark: `logtriage scan FILE` into a fresh tracker, against `logtriage records --json FILE` (the reading
anchor, measured in the same run), then a rescan of the unchanged file (must read nothing) and a scan after an append.

Builds nothing: run `swift build -c release` first. Generates the log with make_log.py when missing.
Reports lines/s, the ratio to the anchor (median of --runs, interleaved), peak RSS, the database size and issue count.

  python3 Benchmarks/scan_bench.py --mb 512
"""
import argparse, json, os, shutil, statistics, subprocess, sys

from ingest_bench import peak_rss_mb, timed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=512)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--style", default="python")
    ap.add_argument("--dir", default=os.path.join(ROOT, "bench-out"))
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "logtriage"))
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    if not os.path.exists(args.binary):
        sys.exit("build first: swift build -c release")
    path = os.path.join(args.dir, "%s-%dmb.log" % (args.style, args.mb))
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(HERE, "make_log.py"), "--style", args.style, "--mb", str(args.mb),
                        "-o", path], check=True)
    size = os.path.getsize(path) / 1e6
    lines = int(subprocess.run(["wc", "-l", path], capture_output=True, text=True).stdout.split()[0])
    subprocess.run(["cat", path], stdout=subprocess.DEVNULL)  # warm the page cache
    db = os.path.join(args.dir, "scan-bench.sqlite")

    def fresh_scan():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        return timed([args.binary, "scan", path, "--db", db])

    anchor, scan = [], []
    for _ in range(args.runs):  # interleaved, so drift hits both alike
        anchor.append(timed([args.binary, "records", "--json", path]))
        scan.append(fresh_scan())
    anchor_t, scan_t = statistics.median(anchor), statistics.median(scan)
    rescan_t = timed([args.binary, "scan", path, "--db", db])
    db_mb = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s)) / 1e6
    report = json.loads(subprocess.run([args.binary, "report", "--format", "json", "--db", db], capture_output=True,
                                       text=True, check=True).stdout)
    issues = len(report["issues"])
    signatures = sum(len(i["signatures"]) for i in report["issues"])
    # an append: 1% of the file again, as new lines
    grown = os.path.join(args.dir, "grown.log")
    shutil.copyfile(path, grown)
    fresh_scan()
    subprocess.run([args.binary, "scan", grown, "--db", db], stdout=subprocess.DEVNULL, check=True)
    with open(path, "rb") as src, open(grown, "ab") as dst:
        dst.write(src.read(os.path.getsize(path) // 100).rsplit(b"\n", 1)[0] + b"\n")
    append_t = timed([args.binary, "scan", grown, "--db", db])
    os.remove(grown)
    rss = peak_rss_mb([args.binary, "scan", path, "--db", os.path.join(args.dir, "rss.sqlite")])
    for suffix in ("", "-wal", "-shm"):
        p = os.path.join(args.dir, "rss.sqlite" + suffix)
        if os.path.exists(p):
            os.remove(p)
    print("| log | size MB | lines | records --json s | scan s | scan lines/s | scan / records time | rescan s | +1%% append s | peak RSS MB | db MB | issues | signatures |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("| %s | %.0f | %d | %.2f | %.2f | %.0f | %.2f | %.3f | %.2f | %.0f | %.2f | %d | %d |" % (
        args.style, size, lines, anchor_t, scan_t, lines / scan_t, scan_t / anchor_t, rescan_t, append_t, rss, db_mb,
        issues, signatures))


if __name__ == "__main__":
    main()
