#!/usr/bin/env python3
"""Intake throughput: records/s through `logtriage serve` (POST /v1/logs as OTLP protobuf, POST /ingest as lines)
in batches of 100 and 1,000, against `logtriage scan` of the same records from a file, all in one run; then the
server's memory while 10 clients push at once.

The records are generated here (a fixed seed): a Python-logging service's traffic with a few failures, written once
as a log file (for scan and /ingest) and once as OTLP log records (service.name, scope = logger, severity, body,
time). Payloads are built before the clock starts; each client reuses one keep-alive connection and waits for each
answer (the server answers once the batch is stored). Each measurement uses a fresh tracker.

Needs the OpenTelemetry protobuf package (pip install opentelemetry-exporter-otlp-proto-http) and a release build.

  swift build -c release && python3 Benchmarks/intake_throughput.py [--records 100000] [--binary B]
"""
import argparse, http.client, os, random, re, shutil, subprocess, sys, tempfile, threading, time

from opentelemetry.proto.collector.logs.v1 import logs_service_pb2
from opentelemetry.proto.common.v1 import common_pb2
from opentelemetry.proto.logs.v1 import logs_pb2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEVELS = {"INFO": 9, "WARNING": 13, "ERROR": 17}


def generate(count, seed=7):
    """(unix seconds, level, logger, message) for `count` records over a day."""
    r = random.Random(seed)
    start = 1773100800.0
    failures = [
        ("ERROR", "shop.payments", "Payment gateway timeout after {}ms for order {}"),
        ("ERROR", "shop.db", "Connection to primary lost; retrying in {}s (attempt {})"),
        ("WARNING", "shop.cache", "Cache miss storm on key users:{} ({} misses)"),
    ]
    records = []
    for i in range(count):
        t = start + i * 86400.0 / count
        if r.random() < 0.03:
            level, logger, text = r.choice(failures)
            records.append((t, level, logger, text.format(r.randint(1, 5000), r.randint(1, 90))))
        else:
            records.append((t, "INFO", "shop.http", "GET /api/items/{} 200 in {}ms".format(r.randint(1, 9999), r.randint(1, 400))))
    return records


def line(record):
    t, level, logger, message = record
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)) + ",%03d" % int((t % 1) * 1000)
    return "%s %s %s: %s\n" % (stamp, level, logger, message)


def otlp(records):
    request = logs_service_pb2.ExportLogsServiceRequest()
    resource_logs = request.resource_logs.add()
    resource_logs.resource.attributes.add(key="service.name", value=common_pb2.AnyValue(string_value="shop"))
    by_logger = {}
    for record in records:
        by_logger.setdefault(record[2], []).append(record)
    for logger, group in by_logger.items():
        scope_logs = resource_logs.scope_logs.add()
        scope_logs.scope.name = logger
        for t, level, _, message in group:
            log = scope_logs.log_records.add()
            log.time_unix_nano = int(t * 1e9)
            log.severity_number = LEVELS[level]
            log.severity_text = level
            log.body.string_value = message
    return request.SerializeToString()


class Server:
    def __init__(self, binary, db):
        self.process = subprocess.Popen(
            [binary, "serve", "--port", "0", "--db", db, "--analysis-seconds", "3600"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        first = self.process.stdout.readline()
        match = re.search(r":(\d+) into", first)
        if not match:
            sys.exit("serve did not start: " + first)
        self.port = int(match.group(1))
        self.peak_kb = 0
        self.sampling = True
        self.sampler = threading.Thread(target=self.sample, daemon=True)
        self.sampler.start()

    def sample(self):
        while self.sampling:
            try:
                with open("/proc/%d/status" % self.process.pid) as status:
                    for row in status:
                        if row.startswith("VmRSS:"):
                            self.peak_kb = max(self.peak_kb, int(row.split()[1]))
            except OSError:
                return
            time.sleep(0.05)

    def stop(self):
        self.sampling = False
        self.process.terminate()
        self.process.wait(timeout=600)


def push(port, path, content_type, payloads):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    for payload in payloads:
        while True:
            connection.request("POST", path, body=payload, headers={"Content-Type": content_type})
            response = connection.getresponse()
            response.read()
            if response.status in (429, 503):
                time.sleep(float(response.getheader("Retry-After", "1")))
                continue
            if response.status >= 300:
                sys.exit("%s answered %d" % (path, response.status))
            break
    connection.close()


def through_server(binary, work, name, path, content_type, payloads, clients=1):
    db = os.path.join(work, name + ".sqlite")
    server = Server(binary, db)
    shares = [payloads[i::clients] for i in range(clients)]
    started = time.perf_counter()
    threads = [threading.Thread(target=push, args=(server.port, path, content_type, share)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    server.stop()
    return elapsed, server.peak_kb / 1024, issue_count(binary, db)


def issue_count(binary, db):
    out = subprocess.run([binary, "issues", "--db", db], capture_output=True, text=True).stdout
    return sum(1 for row in out.splitlines()[1:] if row.strip() and row.split()[0].isdigit())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "logtriage"))
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit("build first: swift build -c release")
    records = generate(args.records)
    work = tempfile.mkdtemp(prefix="intake-bench-")
    try:
        log = os.path.join(work, "service.log")
        with open(log, "w") as out:
            out.writelines(line(r) for r in records)
        db = os.path.join(work, "scan.sqlite")
        started = time.perf_counter()
        subprocess.run([args.binary, "scan", log, "--db", db], check=True, stdout=subprocess.DEVNULL)
        scan_seconds = time.perf_counter() - started
        scan_rate = len(records) / scan_seconds
        print("%d records (%.1f MB as lines)" % (len(records), os.path.getsize(log) / 1e6))
        print("%-34s %12s %10s %8s %7s" % ("intake", "records/s", "vs scan", "RSS MB", "issues"))
        print("%-34s %12.0f %10s %8s %7d" % ("scan FILE (anchor)", scan_rate, "1.00", "-", issue_count(args.binary, db)))
        for batch in (100, 1000):
            chunks = [records[i:i + batch] for i in range(0, len(records), batch)]
            lines = ["".join(line(r) for r in chunk).encode() for chunk in chunks]
            seconds, rss, issues = through_server(args.binary, work, "ingest-%d" % batch, "/ingest?stream=shop", "text/plain", lines)
            print("%-34s %12.0f %10.2f %8.0f %7d" % ("POST /ingest, batches of %d" % batch, len(records) / seconds, len(records) / seconds / scan_rate, rss, issues))
            protobufs = [otlp(chunk) for chunk in chunks]
            seconds, rss, issues = through_server(args.binary, work, "otlp-%d" % batch, "/v1/logs", "application/x-protobuf", protobufs)
            print("%-34s %12.0f %10.2f %8.0f %7d" % ("POST /v1/logs, batches of %d" % batch, len(records) / seconds, len(records) / seconds / scan_rate, rss, issues))
        chunks = [records[i:i + 1000] for i in range(0, len(records), 1000)]
        protobufs = [otlp(chunk) for chunk in chunks]
        seconds, rss, issues = through_server(args.binary, work, "otlp-10", "/v1/logs", "application/x-protobuf", protobufs, clients=10)
        print("%-34s %12.0f %10.2f %8.0f %7d" % ("POST /v1/logs, 1000s, 10 clients", len(records) / seconds, len(records) / seconds / scan_rate, rss, issues))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
