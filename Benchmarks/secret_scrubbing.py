#!/usr/bin/env python3
"""Secret scrubbing: recall on credentials, false positives on ordinary log lines, throughput.

1. Recall. A corpus written here (generated from a fixed seed; every value is fake) of realistic log lines, one
   credential kind each, in the syntaxes people log (Python logging, JSON, logfmt, access logs, env dumps, CLI
   flags, headers, query strings, DSNs, multi-line private keys). Each line goes through `logtriage redact` (line
   by line, as a user checks a file) and `logtriage records --json` (the records a scan stores); recall is the
   share of kinds whose secret appears in neither output.
2. False positives. Lines of ../shared/scenarios/*/backend.log (minus those holding a value the scenario lists as a
   secret, a JWT, a password in a URL, an unmasked password field or a query-string credential) and of ../shared/loghub-2k/*/*_2k.log:
   traffic, not secrets. Reported: lines touched and values
   redacted, with examples.
3. Throughput: `logtriage redact` on a large file (MB/s), best of three.

  swift build -c release && python3 Benchmarks/secret_scrubbing.py [--binary B] [--large FILE] [--show-touched N] [--seed S]
"""
import argparse, base64, glob, json, os, random, re, string, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))

R = random.Random(20261207)
UPPER, LOWER, DIGITS = string.ascii_uppercase, string.ascii_lowercase, string.digits
ALNUM = UPPER + LOWER + DIGITS
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"


def rand(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


def b64(n):
    return base64.b64encode(bytes(R.getrandbits(8) for _ in range(n))).decode()


def pem(label, lines=6):
    body = "\n".join(rand(B64, 64) for _ in range(lines))
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (label, body, label)


TS = "2026-03-10 09:14:%02d,%03d"


def py(level, logger, message):
    return "%s %s %s: %s" % (TS % (R.randrange(60), R.randrange(1000)), level, logger, message)


def kinds():
    """(kind, line or lines, secret) — the secret is what must never come out."""
    k = []

    def add(kind, make_secret, render):
        secret = make_secret()
        k.append((kind, render(secret), secret))

    # cloud
    add("aws-access-key-id", lambda: "AKIA" + rand(UPPER + DIGITS, 16), lambda s: py("INFO", "boto", "Found credentials: access key %s in environment" % s))
    add("aws-secret-after-word", lambda: rand(B64, 40), lambda s: py("DEBUG", "deploy", "using aws secret %s for upload" % s))
    add("aws-secret-env", lambda: rand(B64, 40), lambda s: "AWS_SECRET_ACCESS_KEY=%s" % s)
    add("aws-session-token", lambda: "FwoGZXIvYXdzE" + rand(B64, 120), lambda s: '{"level":"debug","msg":"assumed role","aws_session_token":"%s"}' % s)
    add("gcp-api-key", lambda: "AIza" + rand(URLSAFE, 35), lambda s: py("ERROR", "maps", "geocode failed for key=%s: quota" % s))
    add("gcp-service-account-json", lambda: rand(B64, 64), lambda s: '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n%s\\n-----END PRIVATE KEY-----\\n"}' % s)
    add("gcp-oauth-client-secret", lambda: "GOCSPX-" + rand(URLSAFE, 28), lambda s: py("INFO", "auth", "oauth client configured client_secret=%s" % s))
    add("azure-storage-account-key", lambda: b64(64), lambda s: py("INFO", "storage", "DefaultEndpointsProtocol=https;AccountName=prodblobs;AccountKey=%s;EndpointSuffix=core.windows.net" % s))
    add("azure-sas-sig", lambda: b64(32).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"), lambda s: '10.0.0.4 - - [10/Mar/2026:09:14:05 +0000] "GET /container/report.pdf?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-03-11T00:00:00Z&sig=%s HTTP/1.1" 200 5120' % s)
    add("azure-client-secret", lambda: rand(ALNUM + "~.-_", 34) + "Q~" + rand(ALNUM, 4), lambda s: "AZURE_CLIENT_SECRET=%s" % s)
    add("digitalocean-token", lambda: "dop_v1_" + rand(HEX, 64), lambda s: py("WARNING", "infra", "doctl auth init --access-token %s failed" % s))
    add("alibaba-access-key", lambda: "LTAI" + rand(ALNUM, 20), lambda s: py("INFO", "oss", "oss client with AccessKeyId %s" % s))
    add("heroku-api-key-env", lambda: "%s-%s-%s-%s-%s" % (rand(HEX, 8), rand(HEX, 4), rand(HEX, 4), rand(HEX, 4), rand(HEX, 12)), lambda s: "HEROKU_API_KEY=%s" % s)
    add("cloudflare-api-token", lambda: rand(URLSAFE, 40), lambda s: "time=2026-03-10T09:14:05Z level=info msg=\"dns update\" cf_api_token=%s zone=example.org" % s)
    add("vault-token", lambda: "hvs." + rand(URLSAFE, 90), lambda s: py("DEBUG", "vault", "renewed token %s ttl=768h" % s))
    add("terraform-cloud-token", lambda: rand(ALNUM, 14) + ".atlasv1." + rand(ALNUM, 67), lambda s: "TF_TOKEN_app_terraform_io=%s" % s)
    # payment
    add("stripe-secret-key", lambda: "sk_live_" + rand(ALNUM, 24), lambda s: py("ERROR", "billing", "Stripe request failed with api key %s: 401" % s))
    add("stripe-restricted-key", lambda: "rk_live_" + rand(ALNUM, 24), lambda s: '{"level":"info","msg":"stripe client","key":"%s"}' % s)
    add("stripe-webhook-secret", lambda: "whsec_" + rand(ALNUM, 32), lambda s: "STRIPE_WEBHOOK_SECRET=%s" % s)
    add("square-access-token", lambda: "EAAA" + rand(URLSAFE, 60), lambda s: py("INFO", "pos", "square sync with token EAAA%s" % s[4:]) if False else py("INFO", "pos", "square sync with access_token=%s" % s))
    add("braintree-access-token", lambda: "access_token$production$" + rand(HEX, 16) + "$" + rand(HEX, 32), lambda s: py("DEBUG", "payments", "gateway init %s" % s))
    add("card-number", lambda: luhn("4111" + rand(DIGITS, 11)), lambda s: py("WARNING", "checkout", "declined card %s for order 1842" % s))
    # chat, mail, messaging
    add("slack-bot-token", lambda: "xoxb-" + rand(DIGITS, 12) + "-" + rand(DIGITS, 13) + "-" + rand(ALNUM, 24), lambda s: py("ERROR", "notify", "slack post failed token=%s channel=#ops" % s))
    add("slack-webhook-url", lambda: rand(ALNUM, 24), lambda s: py("INFO", "notify", "posting to https://hooks.slack.com/services/T0%s/B0%s/%s" % (rand(UPPER + DIGITS, 8), rand(UPPER + DIGITS, 8), s)))
    add("discord-bot-token", lambda: rand(ALNUM, 24) + "." + rand(URLSAFE, 6) + "." + rand(URLSAFE, 38), lambda s: "DISCORD_TOKEN=%s" % s)
    add("telegram-bot-token", lambda: rand(DIGITS, 10) + ":AA" + rand(URLSAFE, 33), lambda s: py("ERROR", "bot", "request to https://api.telegram.org/bot%s/sendMessage failed: 409" % s))
    add("sendgrid-key", lambda: "SG." + rand(URLSAFE, 22) + "." + rand(URLSAFE, 43), lambda s: py("INFO", "mail", "sendgrid client ready (%s)" % s))
    add("mailgun-key", lambda: "key-" + rand(HEX, 32), lambda s: py("ERROR", "mail", "mailgun 401 with api key %s" % s))
    add("twilio-auth-token", lambda: rand(HEX, 32), lambda s: '{"level":"warn","message":"sms failed","account_sid":"AC%s","auth_token":"%s"}' % (rand(HEX, 32), s))
    add("twilio-api-key", lambda: "SK" + rand(HEX, 32), lambda s: py("INFO", "sms", "twilio api key SK%s in use" % s[2:]) if False else py("INFO", "sms", "twilio client api_key=%s" % s))
    add("postmark-server-token", lambda: "%s-%s-%s-%s-%s" % (rand(HEX, 8), rand(HEX, 4), rand(HEX, 4), rand(HEX, 4), rand(HEX, 12)), lambda s: "[2026-03-10 09:14:05] production.ERROR: Postmark rejected X-Postmark-Server-Token: %s" % s)
    add("smtp-password", lambda: rand(ALNUM + "!#%", 14), lambda s: py("DEBUG", "mail", "smtp login user=alerts@example.org pass=%s" % s))
    add("fcm-server-key", lambda: "AAAA" + rand(URLSAFE, 7) + ":APA91b" + rand(URLSAFE, 134), lambda s: py("ERROR", "push", "FCM send failed, Authorization: key=%s" % s))
    # VCS, CI, registries
    add("github-pat-classic", lambda: "ghp_" + rand(ALNUM, 36), lambda s: "2026-03-10T09:14:05.123Z git clone https://x-access-token:%s@github.com/acme/app.git" % s)
    add("github-pat-fine-grained", lambda: "github_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59), lambda s: py("INFO", "ci", "GITHUB_TOKEN=%s" % s))
    add("github-oauth", lambda: "gho_" + rand(ALNUM, 36), lambda s: '{"level":"debug","msg":"oauth exchange","token":"%s"}' % s)
    add("github-app-token", lambda: "ghs_" + rand(ALNUM, 36), lambda s: py("DEBUG", "app", "installation token ghs_%s expires in 3600s" % s[4:]) if False else py("DEBUG", "app", "installation token %s expires in 3600s" % s))
    add("gitlab-pat", lambda: "glpat-" + rand(URLSAFE, 20), lambda s: py("ERROR", "ci", "gitlab api 401 PRIVATE-TOKEN: %s" % s))
    add("gitlab-runner-token", lambda: "glrt-" + rand(URLSAFE, 20), lambda s: "Registering runner... token=%s" % s)
    add("bitbucket-app-password", lambda: "ATBB" + rand(ALNUM, 28), lambda s: py("INFO", "scm", "bitbucket auth app_password=%s" % s))
    add("npm-token", lambda: "npm_" + rand(ALNUM, 36), lambda s: "//registry.npmjs.org/:_authToken=%s" % s)
    add("pypi-token", lambda: "pypi-AgEIcHlwaS5vcmc" + rand(URLSAFE, 70), lambda s: "twine upload -u __token__ -p %s dist/*" % s)
    add("docker-hub-pat", lambda: "dckr_pat_" + rand(URLSAFE, 27), lambda s: py("INFO", "build", "docker login -u acme --password %s" % s))
    add("rubygems-key", lambda: "rubygems_" + rand(HEX, 48), lambda s: "GEM_HOST_API_KEY=%s" % s)
    add("nuget-key", lambda: "oy2" + rand(LOWER + DIGITS, 43), lambda s: "dotnet nuget push pkg.nupkg --api-key %s --source nuget.org" % s)
    add("atlassian-api-token", lambda: "ATATT3xFfGF0" + rand(URLSAFE, 180), lambda s: py("ERROR", "jira", "jira 403 for ops@example.org with token %s" % s))
    add("postman-api-key", lambda: "PMAK-" + rand(HEX, 24) + "-" + rand(HEX, 34), lambda s: "POSTMAN_API_KEY=%s" % s)
    add("grafana-service-account", lambda: "glsa_" + rand(ALNUM, 32) + "_" + rand(HEX, 8), lambda s: 'level=info msg="provisioning" token=%s' % s)
    # LLM and SaaS APIs
    add("openai-key", lambda: "sk-proj-" + rand(URLSAFE, 48), lambda s: py("ERROR", "llm", "OpenAI 429 for key %s" % s))
    add("anthropic-key", lambda: "sk-ant-api03-" + rand(URLSAFE, 93) + "AA", lambda s: '{"level":"error","msg":"completion failed","headers":{"x-api-key":"%s"}}' % s)
    add("huggingface-token", lambda: "hf_" + rand(ALNUM, 34), lambda s: py("INFO", "models", "downloading with HF_TOKEN=%s" % s))
    add("groq-key", lambda: "gsk_" + rand(ALNUM, 52), lambda s: "GROQ_API_KEY=%s" % s)
    add("datadog-api-key", lambda: rand(HEX, 32), lambda s: "DD_API_KEY=%s" % s)
    add("newrelic-user-key", lambda: "NRAK-" + rand(UPPER + DIGITS, 27), lambda s: py("WARNING", "apm", "newrelic key NRAK-%s rejected" % s[5:]) if False else py("WARNING", "apm", "newrelic user key %s rejected" % s))
    add("sentry-dsn-key", lambda: rand(HEX, 32), lambda s: py("INFO", "sentry", "init dsn=https://%s@o4505.ingest.sentry.io/4506" % s))
    add("okta-ssws", lambda: "00" + rand(URLSAFE, 40), lambda s: py("DEBUG", "okta", "GET /api/v1/users Authorization: SSWS %s" % s))
    add("shopify-token", lambda: "shpat_" + rand(HEX, 32), lambda s: py("INFO", "shop", "shopify admin api shpat_%s" % s[6:]) if False else py("INFO", "shop", "shopify admin api token %s" % s))
    add("linear-key", lambda: "lin_api_" + rand(ALNUM, 40), lambda s: "LINEAR_API_KEY=%s" % s)
    add("notion-secret", lambda: "ntn_" + rand(ALNUM, 46), lambda s: py("ERROR", "sync", "notion 401 with integration token %s" % s))
    add("mapbox-secret", lambda: "sk.eyJ1Ijoi" + rand(URLSAFE, 60) + "." + rand(URLSAFE, 22), lambda s: "MAPBOX_DOWNLOADS_TOKEN=%s" % s)
    add("age-secret-key", lambda: "AGE-SECRET-KEY-1" + rand(UPPER + DIGITS, 58), lambda s: py("DEBUG", "sops", "loaded %s" % s))
    # generic syntaxes
    add("jwt", lambda: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + rand(URLSAFE, 60) + "." + rand(URLSAFE, 43), lambda s: '{"level":"warning","event":"token verification failed","token":"%s"}' % s)
    add("bearer-header", lambda: rand(URLSAFE, 40), lambda s: py("DEBUG", "httpx", "request headers: {'Authorization': 'Bearer %s'}" % s))
    add("basic-auth-header", lambda: b64(18), lambda s: "Authorization: Basic %s" % s)
    add("postgres-dsn", lambda: rand(ALNUM, 16), lambda s: py("ERROR", "db", "could not connect to postgresql://app:%s@db.internal:5432/app" % s))
    add("mysql-dsn", lambda: rand(ALNUM + "!", 14), lambda s: "DATABASE_URL=mysql://root:%s@mysql:3306/prod" % s)
    add("mongodb-srv", lambda: rand(ALNUM, 18), lambda s: py("INFO", "mongo", "connecting mongodb+srv://svc:%s@cluster0.ab1cd.mongodb.net/db" % s))
    add("redis-no-user", lambda: rand(ALNUM, 20), lambda s: "REDIS_URL=redis://:%s@cache:6379/0" % s)
    add("amqp-url", lambda: rand(ALNUM, 16), lambda s: "[2026-03-10 09:14:05,001: ERROR/MainProcess] consumer: Cannot connect to amqp://guest:%s@rabbit:5672//" % s)
    add("jdbc-password-param", lambda: rand(ALNUM, 14), lambda s: "2026-03-10 09:14:05.123 ERROR 1 --- [main] o.h.e.j.e.i.JdbcEnvironmentInitiator : url jdbc:postgresql://db:5432/app?user=app&password=%s" % s)
    add("sqlserver-connection-string", lambda: rand(ALNUM + "!", 16), lambda s: "fail: Startup[0] Server=sql,1433;Database=Shop;User Id=sa;Password=%s;TrustServerCertificate=True" % s)
    add("env-dump-password", lambda: rand(ALNUM, 18), lambda s: "POSTGRES_PASSWORD=%s" % s)
    add("env-dump-signing-key", lambda: rand(URLSAFE, 48), lambda s: "JWT_SIGNING_KEY=%s" % s)
    add("env-dump-credentials", lambda: rand(B64, 44), lambda s: "SERVICE_CREDENTIALS=%s" % s)
    add("env-dump-pwd", lambda: rand(ALNUM, 12), lambda s: "LDAP_BIND_PWD=%s" % s)
    add("cli-flag-password", lambda: rand(ALNUM + "#", 13), lambda s: "+ mysqldump --user=backup --password %s prod" % s)
    add("cli-flag-token-equals", lambda: rand(ALNUM, 32), lambda s: "Running: deploy --api-token=%s --env prod" % s)
    add("yaml-password", lambda: rand(ALNUM, 16), lambda s: "    password: %s" % s)
    add("json-client-secret", lambda: rand(URLSAFE, 40), lambda s: '{"timestamp":"2026-03-10T09:14:05Z","level":"DEBUG","config":{"client_id":"web","client_secret":"%s"}}' % s)
    add("logfmt-quoted-password", lambda: rand(ALNUM, 10) + " " + rand(ALNUM, 6), lambda s: 'level=warn msg="login retry" password="%s"' % s)
    add("x-api-key-header", lambda: rand(ALNUM, 32), lambda s: py("DEBUG", "client", "GET /v2/items X-Api-Key: %s" % s))
    add("session-cookie", lambda: rand(URLSAFE, 40), lambda s: py("DEBUG", "web", "request cookies: sessionid=%s; csrftoken=abc" % s) if False else py("DEBUG", "web", "Cookie: sessionid=%s" % s))
    add("cookie-header-second-cookie", lambda: rand(URLSAFE, 32), lambda s: py("DEBUG", "web", "request headers: Cookie: theme=dark; sessionid=%s; lang=en" % s))
    add("set-cookie", lambda: rand(URLSAFE, 48), lambda s: "Set-Cookie: session=%s; Path=/; HttpOnly" % s)
    add("query-access-token", lambda: rand(URLSAFE, 40), lambda s: '172.18.0.1 - - [10/Mar/2026:09:14:05 +0000] "GET /api/export?access_token=%s&format=csv HTTP/1.1" 200 812' % s)
    add("query-api-key", lambda: rand(ALNUM, 32), lambda s: py("INFO", "uvicorn.access", '10.0.0.9:51234 - "GET /hooks/in?api_key=%s HTTP/1.1" 204' % s))
    add("k8s-secret-data", lambda: b64(30), lambda s: "  token: %s" % s)
    add("unlisted-vendor-token", lambda: rand(ALNUM, 40), lambda s: py("ERROR", "vendor", "acme upstream rejected token %s" % s))
    add("unlisted-vendor-key-colon", lambda: rand(ALNUM, 36), lambda s: py("INFO", "partner", "partner client ready, key: %s" % s))
    add("password-in-user-field", lambda: "Tr0ub4dor&" + rand(DIGITS, 4), lambda s: py("WARNING", "auth", "login failed for user=%s from 10.0.0.7" % s))
    add("aws-secret-json", lambda: rand(B64, 40), lambda s: '{"AccessKeyId":"ASIA%s","SecretAccessKey":"%s","SessionToken":"x"}' % (rand(UPPER + DIGITS, 16), s))
    # multi-line private keys (the secret checked is one body line)
    for label in ["RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"]:
        block = pem(label)
        k.append(("pem-" + label.lower().replace(" ", "-"), py("ERROR", "tls", "could not load key:") + "\n" + block, block.split("\n")[2]))
    block = pem("RSA PRIVATE KEY")
    lines = block.split("\n")
    k.append(("pem-one-record-per-line", "\n".join(py("DEBUG", "keys", line) for line in lines), lines[2]))
    return k


def luhn(partial):
    digits = [int(d) for d in partial]
    for check in range(10):
        total = 0
        for i, d in enumerate(reversed(digits + [check])):
            if i % 2 == 1:
                d *= 2
                if d > 9:
                    d -= 9
            total += d
        if total % 10 == 0:
            return partial + str(check)


def run(binary, args, text):
    return subprocess.run([binary] + args, input=text, capture_output=True, text=True).stdout


def recall(binary):
    rows, missed = [], []
    for kind, text, secret in kinds():
        redacted = run(binary, ["redact", "-"], text + "\n")
        records = run(binary, ["records", "--json", "-"], text + "\n")
        leaks = [name for name, out in (("redact", redacted), ("records", records)) if secret in out]
        rows.append((kind, leaks))
        if leaks:
            missed.append((kind, leaks, text.split("\n")[0][:160]))
    return rows, missed


# Scenario lines that hold a credential the scenario does not list (a session JWT in a query string, a password
# in a DSN, a password typed into a login form): left out of the false-positive set, since redacting them is right.
CREDENTIAL_LINE = re.compile(
    r"eyJ[\w-]{8,}\.[\w-]{8,}\."                    # a JWT
    r"|://[^/\s:@]*:[^/\s@]+@"                         # a password in a URL
    r"|[\"']password[\"']\s*:\s*[\"'](?!\*+[\"'])"  # a password value that is not masked
    r"|[?&](?:access_token|api_key|token)=\w"        # a credential in a query string
)


def traffic_lines():
    """Ordinary lines: scenario logs (without lines holding a listed secret) and Loghub-2k."""
    lines = []
    for folder in sorted(glob.glob(os.path.join(SHARED, "scenarios", "*"))):
        log = os.path.join(folder, "backend.log")
        truth = os.path.join(folder, "ground_truth.json")
        if not os.path.exists(log):
            continue
        secrets = []
        if os.path.exists(truth):
            for name, value in json.load(open(truth)).get("secrets_must_not_appear", {}).items():
                if name == "note":
                    continue
                secrets += value if isinstance(value, list) else [value]
        for line in open(log, encoding="utf-8", errors="replace").read().splitlines():
            if not any(s and s in line for s in secrets) and not CREDENTIAL_LINE.search(line):
                lines.append(line)
    for log in sorted(glob.glob(os.path.join(SHARED, "loghub-2k", "*", "*_2k.log"))):
        lines += open(log, encoding="utf-8", errors="replace").read().splitlines()
    return lines


def false_positives(binary, show):
    lines = traffic_lines()
    with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        path = f.name
    out = subprocess.run([binary, "redact", path], capture_output=True, text=True).stdout.split("\n")
    os.unlink(path)
    # terminal colour codes are removed from stored text too: only added markers count
    touched = [(a, b) for a, b in zip(lines, out) if b.count("[REDACTED:") > a.count("[REDACTED:")]
    values = sum(b.count("[REDACTED:") - a.count("[REDACTED:") for a, b in touched)
    print("\n## False positives on ordinary log lines\n")
    print("lines: %d · touched: %d (%.2f%%) · values redacted: %d" % (len(lines), len(touched), 100.0 * len(touched) / len(lines), values))
    for a, b in touched[:show]:
        print("  - %s\n    %s" % (a[:200], b[:200]))
    return len(lines), len(touched), values


def throughput(binary, large):
    if not large or not os.path.exists(large):
        print("\n(no --large file: throughput skipped)")
        return
    size = os.path.getsize(large) / 1e6
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([binary, "redact", large], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        seconds = time.perf_counter() - t0
        best = seconds if best is None else min(best, seconds)
    print("\n## Throughput\n\n`redact` on %s (%.1f MB): %.2f s, %.0f MB/s (reading included)" % (os.path.basename(large), size, best, size / best))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "logtriage"))
    ap.add_argument("--large", default=os.path.join(ROOT, "bench-out", "python-64mb.log"))
    ap.add_argument("--show-touched", type=int, default=15, metavar="N")
    ap.add_argument("--seed", type=int, default=20261207, help="another draw of the corpus's random values")
    args = ap.parse_args()
    R.seed(args.seed)
    rows, missed = recall(args.binary)
    print("## Recall on %d credential kinds\n" % len(rows))
    print("found: %d/%d (%.1f%%)" % (len(rows) - len(missed), len(rows), 100.0 * (len(rows) - len(missed)) / len(rows)))
    for kind, leaks, line in missed:
        print("  LEAK %-28s in %-15s %s" % (kind, "+".join(leaks), line))
    false_positives(args.binary, args.show_touched)
    throughput(args.binary, args.large)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
