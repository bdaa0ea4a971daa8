#!/usr/bin/env python3
"""Tracker accuracy of `logtriage scan` on the incident scenarios, scored against each scenario's ground truth.

For every folder of ../shared/scenarios (backend.log, ground_truth.json; schema in that folder's README.md) the
log is scanned into a fresh database in a temp dir, then `report` (JSON, Markdown, HTML), `issues` and `explain N`
run on it. Every ground-truth (GT) issue is assigned to the tracker issue its phrases land in, and scored:

  found       every key_phrase / same_issue_phrases entry lands in some tracker issue
  together    all phrases of a GT issue land in the one issue it is assigned to
  apart       no other GT issue is assigned the same tracker issue
  count       number of tracker issues within expected_issue_count min..max (one check per scenario)
  kind        the assigned issue's kind is in kind_acceptable
  code        its code evidence names a GT code_evidence file with a line within +-3 (needs the source tree)
  config      it names one of the GT env_config_keys (only GT issues that list some)
  chain       per causes/triggers relation: cause before effect in investigation_order and the two are linked;
              per precedes relation: order only
  noise-last  every expected-noise GT issue comes after every other GT issue in investigation_order
  secrets     per secret: not in any file of the temp dir (db, -wal, -shm...), terminal output or report

Phrases are placed with `logtriage match LOG --db DB --json` when the binary has it, otherwise from the JSON
report (signature templates and samples, matched against the records `logtriage records --json` reads).

  python3 Benchmarks/tracker_accuracy.py [--only NAME] [--verbose] [--json FILE] [--method auto|match|fallback]

Source trees (for `scan --source` and the code check) are looked up as <--sources>/<scenario folder name>
(default ../scenario-src). Make one from a mirror of the scenario's `source_repository` at its `code_commit`
(the scenario README names both):

  git --git-dir=MIRROR.git archive CODE_COMMIT | tar -x -C ../scenario-src/NAME

Without a tree the scan runs without --source and the code check shows "—" (not counted as a failure).
The script always exits 0 (it is a measurement), except 2 when the binary is missing.
"""
import argparse
import collections
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKS = ["found", "together", "apart", "count", "kind", "code", "config", "chain", "noise-last", "secrets"]
CAUSAL = ("causes", "triggers")  # relation types that need a link, not only the order
SCORED_RELATIONS = CAUSAL + ("precedes",)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Template placeholders: <*> and typed ones (<num>, <path>...); the tool's redaction marker and an ellipsis also
# stand for text that differs from the raw log line.
PLACEHOLDER = re.compile(r"<(?:\*|\w+)>|\[REDACTED(?::[\w-]+)?\]|…")
MIN_TEMPLATE_LITERAL = 12  # shorter templates would match almost any line
SAMPLE_REF = re.compile(r"\[(?P<file>[^\[\]\s]+?):(?P<first>\d+)(?:-(?P<last>\d+))?\]")
ISSUE_REF = re.compile(r"(?:\bissue\s*#?|#)(\d+)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------------------------
# Running the tool


def run(cmd, cwd, timeout):
    """(exit status, stdout, stderr); a timeout or a crash is an exit status too, never an exception."""
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        return -1, out, "timed out after %ss" % timeout
    except OSError as e:
        return -1, "", str(e)


def has_match_command(binary):
    # An unknown subcommand with --help prints the root help with status 0, so the status alone proves nothing:
    # the help must also be match's own.
    rc, out, err = run([binary, "match", "--help"], None, 60)
    return rc == 0 and re.search(r"USAGE:\s*\S*logtriage match\b", out + err) is not None


def run_tool(binary, log, tree, tmp, timeout):
    """Scan into tmp/tracker.sqlite and export everything; returns the db path, outputs and the JSON tracker."""
    db = os.path.join(tmp, "tracker.sqlite")
    outputs = collections.OrderedDict()  # command label -> stdout+stderr, kept for the secrets check
    errors = []

    def call(label, args):
        rc, out, err = run([binary] + args, tmp, timeout)
        outputs[label] = out + err
        if rc != 0:
            errors.append("%s exited %d: %s" % (label, rc, (err or out).strip()[:300]))
        return rc, out

    call("scan", ["scan", log, "--db", db] + (["--source", tree] if tree else []))
    rc, out = call("report json", ["report", "--format", "json", "--db", db])
    tracker = None
    try:
        tracker = json.loads(out) if rc == 0 else None
    except ValueError as e:
        errors.append("report json is not JSON: %s" % e)
    call("report markdown", ["report", "--db", db])
    call("report html", ["report", "--format", "html", "--db", db])
    call("issues", ["issues", "--db", db])
    for issue in (tracker or {}).get("issues", []):
        call("explain %s" % issue.get("id"), ["explain", str(issue.get("id")), "--db", db])
    return db, outputs, tracker or {"issues": []}, errors


# ---------------------------------------------------------------------------------------------------------------
# Records: which physical lines form one record, and which tracker issue each record belongs to


class Records:
    """Records as (first_line, last_line) with 1-based physical lines, and a lookup from line to record."""

    def __init__(self, spans, line_count):
        self.spans = spans
        self.of_line = [None] * (line_count + 2)
        for index, (first, last) in enumerate(spans):
            for n in range(max(first, 1), min(last, line_count) + 1):
                self.of_line[n] = index

    def covering(self, line_numbers):
        return sorted({self.of_line[n] for n in line_numbers if self.of_line[n] is not None})


def records_from_match(binary, log, db, tmp, timeout, line_count):
    """Method (a): the tool says itself which issue each record went to."""
    rc, out, err = run([binary, "match", log, "--db", db, "--json"], tmp, timeout)
    if rc != 0:
        raise RuntimeError("match exited %d: %s" % (rc, (err or out).strip()[:300]))
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    records = Records([(r["first_line"], r["last_line"]) for r in rows], line_count)
    issues = [r.get("issue") for r in rows]
    return records, lambda index: issues[index]


def read_records(binary, log, tmp, timeout, lines):
    """Record spans and parsed texts from `records --json`; one record per line when that is unavailable."""
    rc, out, _ = run([binary, "records", log, "--json"], tmp, timeout)
    rows = []
    if rc == 0:
        try:
            rows = [json.loads(line) for line in out.splitlines() if line.strip()]
        except ValueError:
            rows = []
    if not rows:
        rows = [{"line_start": n, "line_end": n, "message": line} for n, line in enumerate(lines, 1)]
    return rows


def exception_texts(exception):
    """'Type: message' for an exception and each of its causes (bare tracebacks have no log message)."""
    texts = []
    while isinstance(exception, dict):
        texts.append("%s: %s" % (exception.get("type") or "", exception.get("message") or ""))
        exception = exception.get("cause")
    return texts


class TemplateIndex:
    """Every usable signature template of the tracker as a regex, placeholders as lazy wildcards."""

    def __init__(self, tracker):
        self.patterns = []  # (literal length, issue number, compiled regex)
        for issue in tracker.get("issues", []):
            for signature in issue.get("signatures", []):
                compiled = template_regex(signature.get("template") or "")
                if compiled:
                    self.patterns.append((compiled[0], issue["id"], compiled[1]))
        # most specific template first, so a record goes to the issue whose template explains most of it
        self.patterns.sort(key=lambda p: (-p[0], p[1]))

    def issue_for(self, texts):
        for _, number, regex in self.patterns:
            if any(regex.search(text) for text in texts):
                return number
        return None


def template_regex(template):
    literals = PLACEHOLDER.split(template)
    literal_length = sum(len(part.strip()) for part in literals)
    if literal_length < MIN_TEMPLATE_LITERAL:
        return None
    # whitespace runs are flexible: the tool may collapse the log's alignment padding
    parts = [r"\s+".join(re.escape(word) for word in re.split(r"\s+", part)) for part in literals]
    return literal_length, re.compile(".*?".join(parts))


def sample_line_refs(tracker, log):
    """First physical line of every sample record -> issue: samples name their place as [path:N] or [path:N-M]."""
    name = os.path.basename(log)
    refs = {}
    for issue in tracker.get("issues", []):
        for sample in issue.get("samples", []):
            for m in SAMPLE_REF.finditer(sample):
                if os.path.basename(m.group("file")) == name:
                    refs.setdefault(int(m.group("first")), issue["id"])
    return refs


def records_from_report(binary, log, tracker, tmp, timeout, lines):
    """Method (b): place each record by the report alone: its samples' line references, else its templates."""
    rows = read_records(binary, log, tmp, timeout, lines)
    records = Records([(r["line_start"], r.get("line_end") or r["line_start"]) for r in rows], len(lines))
    refs = sample_line_refs(tracker, log)
    templates = TemplateIndex(tracker)
    cache = {}

    def issue_of(index):
        # lazy: only records that hold a GT phrase are ever looked at
        if index not in cache:
            row = rows[index]
            first = row["line_start"]
            if first in refs:
                cache[index] = refs[first]
            else:
                head = ANSI.sub("", lines[first - 1]) if 0 < first <= len(lines) else ""
                texts = [row.get("message") or "", head] + exception_texts(row.get("exception"))
                cache[index] = templates.issue_for([t for t in texts if t])
        return cache[index]

    return records, issue_of


def report_text_hits(phrase, tracker):
    """Issues whose templates or samples contain the phrase verbatim."""
    hits = set()
    for issue in tracker.get("issues", []):
        texts = [s.get("template") or "" for s in issue.get("signatures", [])] + list(issue.get("samples", []))
        if any(phrase in text for text in texts):
            hits.add(issue["id"])
    return hits


# ---------------------------------------------------------------------------------------------------------------
# Assigning GT issues to tracker issues


def phrase_lines(phrase, lines):
    """1-based numbers of the raw lines holding the phrase; ANSI colours are stripped only if nothing matched."""
    found = [n for n, line in enumerate(lines, 1) if phrase in line]
    if not found:
        found = [n for n, line in enumerate(lines, 1) if phrase in ANSI.sub("", line)]
    return found


def phrase_hits(phrase, lines, records, issue_of, tracker, method):
    """Multiset of tracker issues the phrase landed in: one count per record holding it."""
    hits = collections.Counter()
    for index in records.covering(phrase_lines(phrase, lines)):
        number = issue_of(index)
        if number is not None:
            hits[number] += 1
    if method == "fallback":
        # a phrase written verbatim in an issue's template or sample is in that issue even if no record matched
        for number in report_text_hits(phrase, tracker):
            if number not in hits:
                hits[number] = 1
    return hits


def assign(gt_issue, lines, records, issue_of, tracker, method):
    phrases = [gt_issue["key_phrase"]] + list(gt_issue.get("same_issue_phrases") or [])
    per_phrase = collections.OrderedDict(
        (p, phrase_hits(p, lines, records, issue_of, tracker, method)) for p in phrases)
    total = collections.Counter()
    for hits in per_phrase.values():
        total.update(hits)
    # most common issue across all phrases; ties go to the lowest issue number
    assigned = min(total, key=lambda n: (-total[n], n)) if total else None
    return {
        "phrases": per_phrase,
        "assigned": assigned,
        "found": all(per_phrase.values()),
        "together": assigned is not None and all(assigned in hits for hits in per_phrase.values()),
    }


# ---------------------------------------------------------------------------------------------------------------
# Checks on one GT issue's assigned tracker issue


def normalise_kind(kind):
    """The tool's kind spelling to the GT vocabulary (the JSON already uses it; titles such as 'Code defect' too)."""
    if not kind:
        return None
    key = re.sub(r"[\s_]+", "-", kind.strip().lower())
    for prefix, name in (("config", "configuration"), ("code", "code-defect"), ("bug", "code-defect"),
                         ("defect", "code-defect"), ("external", "external"), ("upstream", "external"),
                         ("expected", "expected-noise"), ("noise", "expected-noise")):
        if key.startswith(prefix):
            return name
    return key


def clean_path(path):
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def same_file(a, b):
    """Path suffix match either way, on whole path components."""
    a, b = clean_path(a), clean_path(b)
    return a == b or a.endswith("/" + b) or b.endswith("/" + a)


def check_code(issue, gt_issue):
    wanted = [e for e in gt_issue.get("code_evidence") or [] if e.get("file") and e.get("line") is not None]
    for got in issue.get("evidence") or []:
        if not got.get("file") or got.get("line") is None:
            continue
        for want in wanted:
            if same_file(got["file"], want["file"]) and abs(got["line"] - want["line"]) <= 3:
                return True, "%s:%s matches %s:%s" % (got["file"], got["line"], want["file"], want["line"])
    named = ["%s:%s" % (e.get("file"), e.get("line")) for e in issue.get("evidence") or []]
    return False, "evidence %s names none of %s" % (
        named or "empty", ["%s:%s" % (e["file"], e["line"]) for e in wanted])


def config_keys(entries):
    """First word of each entry, without '=value' and punctuation; dotted keys also by their last part when
    that part is still an identifier (ALLOWED_HOST_LIST) rather than a plain word (url, enabled)."""
    keys = []
    for entry in entries:
        words = entry.split()
        key = words[0].split("=")[0].strip("()[]{}<>'\"`,;:") if words else ""
        if not key:
            continue
        keys.append(key)
        tail = key.rsplit(".", 1)[-1]
        if tail != key and re.search(r"[A-Z0-9_]", tail):
            keys.append(tail)
    return keys


def check_config(issue, gt_issue):
    keys = config_keys(gt_issue.get("env_config_keys") or [])
    text = json.dumps(issue, ensure_ascii=False)
    for key in keys:
        if re.search(r"(?<![A-Za-z0-9_])%s(?![A-Za-z0-9_])" % re.escape(key), text, re.IGNORECASE):
            return True, "names %s" % key
    return False, "names none of %s" % keys


def linked(cause, effect, by_number, tracker):
    """The effect is linked to the cause: a `related` entry of either, the cause's downstream bullets naming the
    effect, or a cross-issue note naming both that does not call them independent."""
    for a, b in ((cause, effect), (effect, cause)):
        if any(r.get("issue") == b for r in by_number[a].get("related") or []):
            return True
    if any(effect in referenced(text) for text in by_number[cause].get("downstream") or []):
        return True
    for note in tracker.get("cross_issue_notes") or []:
        # the tool writes "Issue A and Issue B overlap in time but are independent" for pairs it rules out
        if {cause, effect} <= referenced(note) and "independent" not in note.lower():
            return True
    return False


def referenced(text):
    return {int(n) for n in ISSUE_REF.findall(text)}


# ---------------------------------------------------------------------------------------------------------------
# Scoring one scenario


class Score:
    """passed/total per check, plus the reasons for failures (for --verbose and --json)."""

    def __init__(self):
        self.counts = {name: [0, 0] for name in CHECKS}
        self.notes = []

    def add(self, name, ok, subject, why=""):
        self.counts[name][1] += 1
        self.counts[name][0] += bool(ok)
        if not ok:
            self.notes.append("%s %s: %s" % (name, subject, why))
        return {"ok": bool(ok), "why": why}


def score_issue_checks(gt, results, by_number, score, have_tree):
    """found, together, apart, kind, code, config for every GT issue."""
    owners = collections.Counter(r["assigned"] for r in results.values() if r["assigned"] is not None)
    for gt_issue in gt["issues"]:
        gid, r = gt_issue["id"], results[gt_issue["id"]]
        checks = r["checks"] = {}
        missing = [p for p, hits in r["phrases"].items() if not hits]
        checks["found"] = score.add("found", r["found"], gid, "no tracker issue holds %s" % missing)
        strays = [p for p, hits in r["phrases"].items() if r["assigned"] not in hits]
        checks["together"] = score.add("together", r["together"], gid, "not in #%s: %s" % (r["assigned"], strays))
        issue = by_number.get(r["assigned"])
        if issue is None:
            for name in ("apart", "kind"):
                checks[name] = score.add(name, False, gid, "not assigned")
        else:
            shared = [g for g, o in results.items() if g != gid and o["assigned"] == r["assigned"]]
            checks["apart"] = score.add("apart", owners[r["assigned"]] == 1, gid,
                                        "#%s also holds %s" % (r["assigned"], shared))
            kind = normalise_kind(issue.get("kind"))
            checks["kind"] = score.add("kind", kind in gt_issue["kind_acceptable"], gid,
                                       "#%s is %s, acceptable %s" % (issue["id"], kind, gt_issue["kind_acceptable"]))
        if gt_issue.get("code_evidence") and have_tree:
            ok, why = check_code(issue, gt_issue) if issue else (False, "not assigned")
            checks["code"] = score.add("code", ok, gid, why)
        if gt_issue.get("env_config_keys"):
            ok, why = check_config(issue, gt_issue) if issue else (False, "not assigned")
            checks["config"] = score.add("config", ok, gid, why)


def score_order_checks(gt, results, tracker, by_number, score):
    """chain (per relation between two GT issues) and noise-last (per expected-noise GT issue)."""
    order = tracker.get("investigation_order") or []
    position = {n: i for i, n in reversed(list(enumerate(order)))}
    relations = []
    for rel in gt.get("downstream_relations") or []:
        # `to` may be prose (an effect outside the tracker): only relations between two GT issues are scored
        if rel.get("from") not in results or rel.get("to") not in results or rel.get("type") not in SCORED_RELATIONS:
            continue
        cause, effect = results[rel["from"]]["assigned"], results[rel["to"]]["assigned"]
        subject = "%s -%s-> %s" % (rel["from"], rel["type"], rel["to"])
        if cause is None or effect is None or cause == effect:
            why = "same tracker issue #%s" % cause if cause == effect and cause is not None else "not assigned"
            ok = False
        elif cause not in position or effect not in position:
            ok, why = False, "#%s or #%s not in investigation_order %s" % (cause, effect, order)
        elif position[cause] > position[effect]:
            ok, why = False, "#%s is ordered after #%s in %s" % (cause, effect, order)
        elif rel["type"] in CAUSAL and not linked(cause, effect, by_number, tracker):
            ok, why = False, "#%s and #%s are not linked" % (cause, effect)
        else:
            ok, why = True, ""
        relations.append(dict(rel, cause_issue=cause, effect_issue=effect, **score.add("chain", ok, subject, why)))

    kinds = {g["id"]: g["kind"] for g in gt["issues"]}
    real = {results[g]["assigned"] for g in results if kinds[g] != "expected-noise"} - {None}
    for gid, r in results.items():
        if kinds[gid] != "expected-noise":
            continue
        n = r["assigned"]
        # an issue left out of the order counts as last; real issues left out are another failure, not this one
        mine = position.get(n, len(order))
        before = [m for m in real if m == n or position.get(m, -1) >= mine]
        ok = n is not None and not before
        r["checks"]["noise-last"] = score.add("noise-last", ok, gid,
                                              "not assigned" if n is None else "not after %s in %s" % (
                                                  ", ".join("#%s" % m for m in sorted(before)), order))
    return relations


def secret_values(secrets):
    """name -> list of strings; `note` is prose."""
    values = {}
    for name, value in (secrets or {}).items():
        if name == "note":
            continue
        items = value if isinstance(value, list) else [value]
        values[name] = [v for v in items if isinstance(v, str) and v]
    return values


def score_secrets(gt, tmp, outputs, score):
    """Every file left in the temp dir and every captured output; HTML- and JSON-escaped forms count as leaks."""
    blobs = [("output of " + label, text.encode("utf-8")) for label, text in outputs.items()]
    for folder, _, files in os.walk(tmp):
        for f in files:
            with open(os.path.join(folder, f), "rb") as fh:
                blobs.append((os.path.relpath(os.path.join(folder, f), tmp), fh.read()))
    leaks = []
    for name, values in secret_values(gt.get("secrets_must_not_appear")).items():
        for i, value in enumerate(values):
            forms = {value, html.escape(value), json.dumps(value)[1:-1]}
            where = [label for label, blob in blobs if any(f.encode("utf-8") in blob for f in forms)]
            subject = name if len(values) == 1 else "%s[%d]" % (name, i)
            score.add("secrets", not where, subject, "found in %s" % where)
            if where:
                leaks.append({"secret": subject, "found_in": where})  # names only, never the value
    return leaks


def score_scenario(folder, args, method):
    gt = json.load(open(os.path.join(folder, "ground_truth.json")))
    log = os.path.join(folder, gt.get("log_file") or "backend.log")
    name = os.path.basename(os.path.normpath(folder))
    tree = os.path.join(args.sources, name)
    tree = tree if os.path.isdir(tree) else None
    with open(log, "rb") as fh:
        lines = [l.rstrip("\r") for l in fh.read().decode("utf-8", "replace").split("\n")]
    tmp = tempfile.mkdtemp(prefix="tracker-accuracy-%s-" % name)
    try:
        return {"scenario": name, "source_tree": tree, **score_run(gt, log, lines, tree, tmp, args, method)}
    finally:
        if args.keep:
            print("kept %s" % tmp, file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def score_run(gt, log, lines, tree, tmp, args, method):
    db, outputs, tracker, errors = run_tool(args.binary, log, tree, tmp, args.timeout)
    if method == "match":
        try:
            records, issue_of = records_from_match(args.binary, log, db, tmp, args.timeout, len(lines))
        except (RuntimeError, ValueError, KeyError) as e:
            errors.append("match failed (%s); used the fallback" % e)
            method = "fallback"
    if method == "fallback":
        records, issue_of = records_from_report(args.binary, log, tracker, tmp, args.timeout, lines)
    by_number = {issue["id"]: issue for issue in tracker.get("issues", [])}
    results = collections.OrderedDict(
        (g["id"], assign(g, lines, records, issue_of, tracker, method)) for g in gt["issues"])

    score = Score()
    score_issue_checks(gt, results, by_number, score, tree is not None)
    bounds = gt.get("expected_issue_count") or {}
    lo, hi = bounds.get("min", 0), bounds.get("max", float("inf"))
    score.add("count", lo <= len(by_number) <= hi, "tracker", "%d issues, expected %s..%s" % (len(by_number), lo, hi))
    relations = score_order_checks(gt, results, tracker, by_number, score)
    leaks = score_secrets(gt, tmp, outputs, score)
    if args.keep:
        save_outputs(tmp, outputs)
    return {
        "method": method, "errors": errors, "tracker_issues": len(by_number), "expected_issue_count": bounds,
        "investigation_order": tracker.get("investigation_order"),
        "checks": score.counts, "failures": score.notes, "relations": relations, "leaks": leaks,
        "gt_issues": [dict(id=g["id"], kind=g["kind"], **plain(results[g["id"]])) for g in gt["issues"]],
    }


def plain(result):
    """A GT issue's result as JSON-friendly values (Counter keys become strings)."""
    return {
        "assigned": result["assigned"],
        "phrases": {p: {str(k): v for k, v in sorted(h.items())} for p, h in result["phrases"].items()},
        "checks": result.get("checks", {}),
    }


def save_outputs(tmp, outputs):
    # written after the secrets check so the check only sees what the tool itself left behind
    folder = os.path.join(tmp, "outputs")
    os.makedirs(folder, exist_ok=True)
    for label, text in outputs.items():
        with open(os.path.join(folder, label.replace(" ", "-") + ".txt"), "w") as fh:
            fh.write(text)


# ---------------------------------------------------------------------------------------------------------------
# Printing


def cell(counts, skipped=False):
    passed, total = counts
    return "—" if skipped or total == 0 else "%d/%d" % (passed, total)


def print_table(rows):
    header = ["scenario", "issues"] + CHECKS
    table = [header]
    totals = {name: [0, 0] for name in CHECKS}
    for row in rows:
        for name in CHECKS:
            totals[name][0] += row["checks"][name][0]
            totals[name][1] += row["checks"][name][1]
        bounds = row["expected_issue_count"]
        issues = "%d (%s-%s)" % (row["tracker_issues"], bounds.get("min", "?"), bounds.get("max", "?"))
        table.append([row["scenario"], issues] + [
            cell(row["checks"][name], skipped=(name == "code" and not row["source_tree"])) for name in CHECKS])
    table.append(["TOTAL", str(sum(r["tracker_issues"] for r in rows))] + [cell(totals[n]) for n in CHECKS])
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for i, r in enumerate(table):
        if i == len(table) - 1:
            print("  ".join("-" * w for w in widths))
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def print_verbose(row):
    print("\n== %s (%s, tree: %s)" % (row["scenario"], row["method"], row["source_tree"] or "none"))
    for error in row["errors"]:
        print("  ! %s" % error)
    print("  investigation_order: %s" % row["investigation_order"])
    for g in row["gt_issues"]:
        print("  %s (%s) -> #%s" % (g["id"], g["kind"], g["assigned"]))
        for phrase, hits in g["phrases"].items():
            where = ", ".join("#%s×%d" % (k, v) for k, v in hits.items()) or "no hit"
            print("      %-60s %s" % (repr(phrase)[:60], where))
        for name, result in g["checks"].items():
            if not result["ok"]:
                print("      FAIL %s: %s" % (name, result["why"]))
    for rel in row["relations"]:
        if not rel["ok"]:
            print("  FAIL chain %s -%s-> %s: %s" % (rel["from"], rel["type"], rel["to"], rel["why"]))
    if row["checks"]["count"][0] == 0:
        print("  FAIL count: %d issues, expected %s" % (row["tracker_issues"], row["expected_issue_count"]))
    for leak in row["leaks"]:
        print("  FAIL secrets: %s found in %s" % (leak["secret"], ", ".join(leak["found_in"])))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", default=os.path.join(ROOT, "..", "shared", "scenarios"))
    ap.add_argument("--sources", default=os.path.join(ROOT, "..", "scenario-src"),
                    help="folder of extracted source trees, one per scenario folder name")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "logtriage"))
    ap.add_argument("--only", metavar="NAME", help="run one scenario")
    ap.add_argument("--method", choices=["auto", "match", "fallback"], default="auto",
                    help="how phrases are placed in issues (auto: match when the binary has it)")
    ap.add_argument("--json", metavar="FILE", help="write the detailed results here")
    ap.add_argument("--verbose", action="store_true", help="per GT issue: where each phrase landed, why checks failed")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per logtriage command")
    ap.add_argument("--keep", action="store_true", help="keep the temp dirs (db and outputs) for inspection")
    args = ap.parse_args()
    args.binary = os.path.abspath(args.binary)
    args.sources = os.path.abspath(args.sources)
    args.scenarios = os.path.abspath(args.scenarios)  # samples quote the log path as given to scan

    if not (os.path.isfile(args.binary) and os.access(args.binary, os.X_OK)):
        print("logtriage binary not found at %s (build it: swift build -c release, or pass --binary)" % args.binary,
              file=sys.stderr)
        return 2
    folders = sorted(os.path.dirname(p) for p in glob.glob(os.path.join(args.scenarios, "*", "ground_truth.json")))
    if args.only:
        folders = [f for f in folders if os.path.basename(f) == args.only]
        if not folders:
            print("no scenario named %s in %s" % (args.only, args.scenarios), file=sys.stderr)
            return 0
    method = args.method
    if method == "auto":
        method = "match" if has_match_command(args.binary) else "fallback"
    print("phrase placement: %s" % ("`logtriage match`" if method == "match" else
                                     "fallback (JSON report templates and samples over `records --json`)"))

    rows = []
    for folder in folders:
        row = score_scenario(folder, args, method)
        rows.append(row)
        if args.verbose:
            print_verbose(row)
        else:
            for error in row["errors"]:
                print("%s: %s" % (row["scenario"], error), file=sys.stderr)
    print()
    print_table(rows)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"binary": args.binary, "method": method, "scenarios": rows}, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
