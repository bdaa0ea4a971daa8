#!/usr/bin/env python3
"""Template-mining throughput: `logtriage templates` against Drain3 on the same corpus, in the same run.

Builds the corpus with ../shared/bench/make_corpus.py (Loghub-2k messages, digits re-randomised in every
copy after the first), mines it with the release binary (`--format '<Content>'`: one message per line),
then runs ../shared/bench/drain3_rate.py on the same file. Prints lines/s and their ratio, template
counts (and the count for one copy, to show growth), and peak RSS.

  swift build -c release && python3 Benchmarks/template_throughput.py [--copies 100] [--no-drain3]
"""
import argparse, json, os, re, resource, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))


def corpus(copies, out_dir):
    path = os.path.join(out_dir, "corpus-%d.txt" % copies)
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(SHARED, "bench", "make_corpus.py"), "--copies", str(copies),
                        "-o", path], check=True)
    return path


def mine(binary, path):
    """(seconds, templates, peak RSS in MB) of one `logtriage templates --json` run."""
    t0 = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "templates", "--json", "--format", "<Content>", path],
                          check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    rss_kb = int(proc.stderr.strip().splitlines()[-1])
    return seconds, len(proc.stdout.splitlines()), rss_kb / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "logtriage"))
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "bench-out"))
    ap.add_argument("--runs", type=int, default=3, help="logtriage runs; the median is reported")
    ap.add_argument("--no-drain3", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)

    one = corpus(1, args.out_dir)
    big = corpus(args.copies, args.out_dir)
    lines = sum(1 for _ in open(big, "rb"))
    _, one_templates, _ = mine(args.binary, one)
    runs = sorted(mine(args.binary, big) for _ in range(args.runs))
    seconds, templates, rss = runs[len(runs) // 2]
    ours = lines / seconds
    print("logtriage lines=%d seconds=%.2f lines_per_s=%.0f templates=%d (one copy: %d, ratio %.2f) peak_rss_mb=%.0f"
          % (lines, seconds, ours, templates, one_templates, templates / one_templates, rss), flush=True)
    if args.no_drain3:
        return
    out = subprocess.run([sys.executable, os.path.join(SHARED, "bench", "drain3_rate.py"), big],
                         check=True, capture_output=True, text=True).stdout.strip()
    print(out)
    theirs = float(re.search(r"lines_per_s=(\d+)", out).group(1))
    print("ratio logtriage/drain3 lines/s: %.1fx" % (ours / theirs))


if __name__ == "__main__":
    main()
