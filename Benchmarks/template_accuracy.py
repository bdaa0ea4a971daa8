#!/usr/bin/env python3
"""Template-mining accuracy of `logtriage templates` on Loghub-2k, beside Drain3 in the same run.

For each system in ../shared/loghub-2k the raw log is mined with that system's `log_format` from
settings.json (the only per-system input) and `--per-line`; GA, FGA, PA and FTA are computed with the
metric code of ../shared/bench/drain3_baseline.py (typed placeholders such as <num> count as <*>).
Drain3 runs on the same messages with the benchmark's per-system masking when it is installed.

Cross-validation: `--folds K` deals the systems round-robin (in the anchor's order) into K folds and
reports each fold's average beside the all-systems average, and the worst fold. To tune without looking
at a fold, pass `--held-out N`: fold N's systems are mined and scored (its average is printed) but their
rows and `--show` stay hidden, so a change is judged on the other folds and measured once on fold N.

  swift build -c release && python3 Benchmarks/template_accuracy.py [--truth corrected|original|loghub2]
      [--folds 3 [--held-out N]] [--data DIR]
"""
import argparse, json, os, re, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
sys.path.insert(0, os.path.join(SHARED, "bench"))
import drain3_baseline as anchor  # metric definitions and the Drain3 runner  # noqa: E402

TYPED = re.compile(r"<(?:\*|[a-z]+)>")
TRUTH = {"corrected": "_structured_corrected.csv", "original": "_structured.csv", "loghub2": "_structured_loghub2.csv"}


def mine(binary, log_path, log_format):
    t0 = time.perf_counter()
    out = subprocess.run([binary, "templates", "--per-line", "--format", log_format, log_path],
                         check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - t0
    by_line = {}
    for row in map(json.loads, out.splitlines()):
        by_line[row["line"]] = TYPED.sub("<*>", row["template"])
    return by_line, seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(SHARED, "loghub-2k"))
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "logtriage"))
    ap.add_argument("--truth", choices=sorted(TRUTH), default="corrected")
    ap.add_argument("--no-drain3", action="store_true")
    ap.add_argument("--show", metavar="SYSTEM", help="print the mismatched templates of one system")
    ap.add_argument("--folds", type=int, default=0, metavar="K", help="report K cross-validation folds")
    ap.add_argument("--held-out", type=int, default=0, metavar="N", help="hide fold N's rows (1-based)")
    args = ap.parse_args()
    if args.held_out and not 1 <= args.held_out <= args.folds:
        ap.error("--held-out needs --folds K and 1 <= N <= K")

    try:
        import drain3  # noqa: F401
        have_drain3 = not args.no_drain3
    except ImportError:
        have_drain3 = False
        print("drain3 not installed (pip install drain3): Drain3 columns left empty", file=sys.stderr)

    settings = json.load(open(os.path.join(args.data, "settings.json")))["datasets"]
    systems = [s for s in anchor.ORDER if os.path.isdir(os.path.join(args.data, s)) and s in settings]
    fold_of = {name: i % args.folds + 1 for i, name in enumerate(systems)} if args.folds else {}
    hidden = {name for name, fold in fold_of.items() if fold == args.held_out}
    if args.show in hidden:
        ap.error("%s is in the held-out fold" % args.show)
    rows, ours, theirs = [], [], []
    for name in systems:
        base = os.path.join(args.data, name, name + "_2k.log")
        contents, truth = anchor.read_gt(base + TRUTH[args.truth])
        by_line, seconds = mine(args.binary, base, settings[name]["log_format"])
        # a line the reader joined to the previous record gets a template of its own (counts as wrong)
        pred = [by_line.get(i + 1, "<missing %d>" % i) for i in range(len(truth))]
        m = anchor.metrics(truth, pred)
        ours.append(m)
        row = [name, "%d/%d" % (m["pred_templates"], m["gt_templates"]), "%.3f" % m["GA"], "%.3f" % m["FGA"],
               "%.3f" % m["PA"], "%.3f" % m["FTA"]]
        if have_drain3:
            original = anchor.read_gt(base + "_structured.csv")[0]
            d_pred, _, _ = anchor.drain3_parse(original, settings[name])
            d = anchor.metrics(truth, d_pred)
            theirs.append(d)
            row += ["%.3f" % d["GA"], "%.3f" % d["PA"]]
        if name not in hidden:
            rows.append(row)
        if args.show == name:
            from collections import Counter
            bad = Counter((t, p) for t, p in zip(truth, pred) if anchor.ws(t) != anchor.ws(p))
            for (t, p), n in bad.most_common(25):
                print("%5d  truth %s\n       mined %s" % (n, t, p))
    avg = lambda ms, k: sum(m[k] for m in ms) / len(ms)
    total = ["Average", "", "%.3f" % avg(ours, "GA"), "%.3f" % avg(ours, "FGA"), "%.3f" % avg(ours, "PA"),
             "%.3f" % avg(ours, "FTA")]
    if have_drain3:
        total += ["%.3f" % avg(theirs, "GA"), "%.3f" % avg(theirs, "PA")]
    if not hidden:
        rows.append(total)
    heads = ["System", "templates/truth", "GA", "FGA", "PA", "FTA"] + (["Drain3 GA", "Drain3 PA"] if have_drain3 else [])
    print("\n## logtriage templates on Loghub-2k (%s ground truth), one default configuration\n" % args.truth)
    print(anchor.fmt_table(heads, rows))
    if args.folds:
        print_folds(args.folds, args.held_out, systems, fold_of, ours)


def print_folds(k, held_out, systems, fold_of, scores):
    """Each fold's average as if it were unseen, the all-systems average and the worst fold."""
    keys = ["GA", "FGA", "PA", "FTA"]
    rows, folds = [], []
    for fold in range(1, k + 1):
        members = [i for i, name in enumerate(systems) if fold_of[name] == fold]
        if not members:
            continue
        avg = {key: sum(scores[i][key] for i in members) / len(members) for key in keys}
        folds.append((fold, avg))
        label = "%d%s" % (fold, " (held out)" if fold == held_out else "")
        rows.append([label, " ".join(systems[i] for i in members)] + ["%.3f" % avg[key] for key in keys])
    if not held_out:
        overall = {key: sum(m[key] for m in scores) / len(scores) for key in keys}
        rows.append(["all", "%d systems" % len(systems)] + ["%.3f" % overall[key] for key in keys])
        worst = min(folds, key=lambda f: min(f[1]["GA"], f[1]["PA"]))
        rows.append(["worst", "fold %d" % worst[0]] + ["%.3f" % worst[1][key] for key in keys])
    print("\n## %d folds (systems dealt round-robin)\n" % k)
    print(anchor.fmt_table(["Fold", "Systems", "GA", "FGA", "PA", "FTA"], rows))


if __name__ == "__main__":
    main()
