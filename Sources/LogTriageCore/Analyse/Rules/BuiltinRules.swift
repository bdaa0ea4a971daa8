extension RulePack {
    /// The built-in rules as YAML, compiled into the binary (the CLI decodes it with Yams and extends it with a
    /// project's `.logtriage/rules.yaml`). Each rule carries examples that `logtriage rules --check` runs.
    ///
    /// Conventions: text patterns name the failure, never a bare value that also appears in healthy lines;
    /// generic rules (a bare 401, "token verification failed") veto the specific causes that have rules of
    /// their own, so the specific rule explains the issue; every placeholder has a fallback.
    public static let builtinYAML: String = #"""
rules:

  # MARK: Authentication

  - id: jwt-expired
    title: Expired JWTs rejected on {endpoint|authenticated endpoints}
    subsystem: auth
    kind: code-defect
    severity: medium
    match:
      text:
        - 'signature has expired'
        - 'ExpiredSignatureError'
        - '\b(jwt|token|access token|id token|session token)( has| is)? expired'
        - 'TokenExpiredError'
        - 'ExpiredJwtException'
        - '"?exp"? claim (timestamp check failed|has expired)'
    hypotheses:
      - text: "Clients keep sending access tokens after they expire instead of refreshing them first (frontend refresh logic, a long-lived tab, a retry that reuses the old token)."
        confidence: high
      - text: "A background job or long task reuses the token it started with and outlives the token's lifetime."
        confidence: medium
      - text: "Clock skew between the token issuer and this server makes fresh tokens look expired, and no decode leeway is set."
        confidence: low
        secondary: true
      - text: "Tokens from an old session or another environment are cached on the client (local storage, a test fixture)."
        confidence: low
        secondary: true
    questions:
      - "How far past `exp` are the rejected tokens: seconds (clock skew), minutes (missed refresh) or days (cached token)?"
      - "Does the client refresh the session token before calling {endpoint|the failing endpoints}, and retry once after a 401?"
      - "Is the server clock in sync (NTP), and is a `leeway` passed to the JWT decode?"
    validation:
      - "Requests made right after a token refresh return 200 on {endpoint|the failing endpoints}."
      - "No `Signature has expired` errors for active sessions; an expired token gets a plain 401 that the client answers by refreshing."
    fixes:
      - "Refresh the token on the client shortly before `exp` (or on the first 401) and retry the request once."
      - "Add a small decode leeway (30–60 s) if clock skew is confirmed."
      - "Log expired tokens at INFO with the 401 instead of as errors once clients refresh correctly."
    examples:
      match:
        - 'jwt.exceptions.ExpiredSignatureError: Signature has expired'
        - 'TokenExpiredError: jwt expired'
        - {text: 'Token verification failed: Signature has expired', status: 401}
      no_match:
        - 'Cache entry for user 42 expired, reloading'

  - id: jwt-invalid-signature
    title: JWT signature verification fails on {endpoint|authenticated endpoints}
    subsystem: auth
    kind: configuration
    severity: high
    match:
      text:
        - 'signature verification failed'
        - 'InvalidSignatureError'
        - 'invalid (token |jwt )?signature'
        - 'JWSInvalidSignature|SignatureVerificationException|SignatureException'
        - 'JWT signature does not match'
        - 'crypto/rsa: verification error'
        - 'InvalidAlgorithmError|(alg|algorithm)( value)? is not allowed'
      unless:
        - 'webhook'
    hypotheses:
      - text: "Tokens are signed with a different key than the one the backend verifies with: the secret, public key or JWKS belongs to another environment or auth instance ({env|check the auth key settings})."
        confidence: high
      - text: "The signing algorithm differs from the one the verifier allows (HS256 with a shared secret vs. RS256 with a public key)."
        confidence: medium
      - text: "The issuer rotated its keys and the backend still uses a cached or hard-coded key."
        confidence: medium
        secondary: true
      - text: "Tokens are altered in transit (truncated header, a proxy rewriting `Authorization`)."
        confidence: low
        secondary: true
    questions:
      - "Which key does the verifier use, and does it belong to the same auth instance and environment as the tokens' issuer (`iss`, `kid` in the header)?"
      - "Do the token's `alg` and the verifier's allowed algorithms agree?"
      - "Did the failures start with a key rotation, a deploy or an environment switch?"
    validation:
      - "A token freshly issued by the intended auth instance verifies and {endpoint|the failing endpoints} return 200."
      - "No signature verification errors after the key or JWKS cache is refreshed."
    fixes:
      - "Point the verifier at the issuer's current key (its JWKS URL) instead of a copied secret or key, and keep the keys per environment."
      - "Pin the accepted algorithm to the one the issuer uses."
      - "Refetch the JWKS when a token's `kid` is unknown, so rotations are picked up without a restart."
    examples:
      match:
        - 'jwt.exceptions.InvalidSignatureError: Signature verification failed'
        - 'JsonWebTokenError: invalid signature'
      no_match:
        - 'Stripe webhook signature verification failed for event evt_1N2'
        - 'Token verified for user 42'

  - id: jwks-fetch-failed
    title: JWKS signing keys cannot be fetched or do not contain the token's key
    subsystem: auth
    kind: configuration
    severity: high
    match:
      text:
        - 'PyJWKClient(Connection)?Error'
        - '(fail(ed|ure)?|unable|could not|error)( to)? (fetch|fetching|retriev\w*|load\w*|get\w*|download\w*) (the )?JWKS?'
        - 'JWKS.{0,40}(fail|error|timed? ?out|unreachable|refused|404)'
        - '(fail\w*|error|unable|could not).{0,60}(?<jwks_url>https?://[^\s''"]*jwks[^\s''"]*)'
        - 'Unable to find a signing key that matches'
        - '(no|unknown) (matching |signing )*key.{0,20}\bkid\b'
        - '\bkid\b.{0,40}not found'
        - 'JwksError|JwksRateLimitError|SigningKeyNotFoundError'
    hypotheses:
      - text: "The JWKS URL is wrong for this environment ({jwks_url|derived from the token issuer or a publishable key}), so keys come from, or are looked for at, another auth instance."
        confidence: high
      - text: "The backend cannot reach the auth provider: egress blocked, DNS or proxy settings, or the provider is slow."
        confidence: medium
      - text: "The provider rotated keys and the token's `kid` is not in the cached key set."
        confidence: medium
        secondary: true
      - text: "Tokens come from a different auth instance than the one configured, so their `kid` never matches."
        confidence: medium
        secondary: true
    questions:
      - "Which JWKS URL does the backend resolve, and does `curl` from the server fetch it?"
      - "Is the token's issuer the same auth instance as the configured keys ({env|the auth settings})?"
      - "Does the failure happen for every token or only after a key rotation?"
    validation:
      - "The JWKS URL returns keys from inside the running environment, and tokens verify without fallbacks."
      - "No JWKS or signing-key errors over a full token lifetime, including a key rotation."
    fixes:
      - "Configure the JWKS URL (or issuer) explicitly per environment instead of deriving it from untrusted token fields."
      - "Cache the JWKS with a TTL and refetch once when an unknown `kid` arrives."
      - "Allow outbound HTTPS to the auth provider from the service's network."
    examples:
      match:
        - 'jwt.exceptions.PyJWKClientConnectionError: Fail to fetch data from the url, err: "HTTP Error 404: Not Found"'
        - 'Unable to find a signing key that matches: "ins_2abc"'
        - 'Failed to fetch JWKS from https://clerk.example.com/.well-known/jwks.json'
      no_match:
        - 'Loaded 2 JWKS keys from cache'

  - id: jwt-issuer-audience-mismatch
    title: JWT issuer or audience does not match the backend's configuration
    subsystem: auth
    kind: configuration
    severity: high
    match:
      text:
        - 'Invalid(Issuer|Audience)Error'
        - 'invalid (issuer|audience)'
        - '(issuer|audience|\biss\b|\baud\b)( claim)? (mismatch|does not match|is invalid|not allowed|validation failed)'
        - 'unexpected "?(iss|aud)"? claim value'
        - 'jwt (issuer|audience) invalid'
        - 'IDX1020[45]|IDX10214'
    hypotheses:
      - text: "The backend is configured for a different auth instance or environment than the frontend that issues the tokens (dev vs. production keys, issuer or audience settings: {env|check the issuer and audience settings})."
        confidence: high
      - text: "The verifier expects an audience the provider does not put in its tokens (or none, while the tokens carry one)."
        confidence: medium
      - text: "A custom auth domain or a provider migration changed the issuer URL (trailing slash, new domain)."
        confidence: low
        secondary: true
    questions:
      - "What `iss` and `aud` do the rejected tokens carry (decode one without verifying), and what does the verifier expect?"
      - "Are the frontend's publishable key and the backend's secret key from the same auth instance?"
      - "Did the mismatch start with a domain, environment or provider change?"
    validation:
      - "Tokens issued to the frontend verify with the configured issuer and audience; {endpoint|authenticated endpoints} return 200."
      - "No issuer or audience errors after a deploy to each environment."
    fixes:
      - "Set the expected issuer and audience per environment from the same source as the frontend's auth configuration."
      - "Compare issuers exactly but normalise trailing slashes; list every legitimate audience."
    examples:
      match:
        - 'jwt.exceptions.InvalidIssuerError: Invalid issuer'
        - 'JWTClaimValidationFailed: unexpected "aud" claim value'
      no_match:
        - 'Issued token for audience api://orders'

  - id: token-verification-failed
    title: Bearer token verification fails on {endpoint|authenticated endpoints}
    subsystem: auth
    kind: configuration
    severity: high
    match:
      text:
        - 'unverified token'
        - 'token verification failed'
        - '(could not|failed to|unable to) (verify|validate|decode) (the )?(jwt|token|bearer token|access token|credentials)'
        - 'verify_signature.{0,10}False'
        - 'invalid (jwt|bearer token|access token|token)\b'
      # The specific causes have rules of their own.
      unless:
        - 'expired'
        - 'signature (verification )?failed|invalid (token |jwt )?signature'
        - 'JWKS|signing key'
        - 'invalid (issuer|audience)|Invalid(Issuer|Audience)'
    hypotheses:
      - text: "The backend receives bearer tokens that do not validate against the resolved JWKS, issuer or key configuration."
        confidence: medium
      - text: "The middleware falls back to decoding the token without verification, and production mode rejects that path by design: the rejection is the symptom, the failed verification the cause."
        confidence: medium
      - text: "Frontend token, audience or issuer mismatch: the frontend uses another auth environment than the backend."
        confidence: medium
        secondary: true
      - text: "Requests are sent before a valid session token is available (before the auth session hydrates on the frontend)."
        confidence: low
        secondary: true
    questions:
      - "Why does verification fail first: is there an underlying error (expired, signature, issuer, JWKS) logged with these lines?"
      - "Are the backend's auth keys ({env|the auth settings}) from the same auth instance and environment as the frontend's?"
      - "Are the failing requests to {endpoint|these endpoints} sent with stale, dev or cross-environment tokens?"
      - "Are these requests triggered before the auth session is ready on the frontend?"
    validation:
      - "{endpoint|Authenticated endpoints} return 200 with a verified user context."
      - "No token verification or unverified-token log lines for healthy requests."
    fixes:
      - "Log the underlying verification error (exception type and message) so the cause is visible, then fix that cause."
      - "Align the backend's auth settings with the frontend's auth instance for each environment."
      - "Remove or strictly gate the unverified decode fallback to local development."
    examples:
      match:
        - 'Unverified token rejected (production).'
        - 'AUTHENTICATION ERROR: Token verification failed for endpoint: GET /api/subscription/status/42'
      no_match:
        - 'Token verification failed: Signature has expired'
        - 'Token verified for user user_2abc'

  - id: http-401-403-storm
    title: Requests rejected with HTTP {status|401/403} on {endpoint|protected endpoints}
    subsystem: auth
    severity: medium
    match:
      status: ['401', '403']
    hypotheses:
      - text: "A client calls protected endpoints without a valid token: before login or session hydration, after expiry, or with a token for another environment."
        confidence: medium
      - text: "Valid tokens are rejected because of an auth configuration mismatch; the auth error logged with these requests names it."
        confidence: medium
      - text: "A scanner, bot, or health check probes protected paths."
        confidence: low
        secondary: true
      - text: "For 403: users lack a role or permission that the endpoint requires since a recent change."
        confidence: low
        secondary: true
    questions:
      - "Which clients send the rejected requests (user agent, IP, service): the app, a bot, a probe?"
      - "Is an auth error with a reason (expired, signature, issuer) logged with the same requests?"
      - "Did the rejections start with a deploy, a key rotation or a configuration change?"
    validation:
      - "The share of 401/403 responses on {endpoint|these endpoints} falls to the level of real logouts and forbidden actions."
      - "Signed-in user flows return 200 end to end."
    fixes:
      - "Fix the cause named by the auth error these requests log (see the matching auth issue)."
      - "Make the client wait for a session token before calling protected endpoints, and refresh once on 401."
      - "Give probes a public endpoint instead of a protected one."
    examples:
      match:
        - {text: '10.0.0.4 - "GET /api/orders HTTP/1.1" 401', status: 401}
        - {text: '172.18.0.1:51234 - "POST /api/admin/users HTTP/1.1" 403', status: 403}
      no_match:
        - {text: '10.0.0.4 - "GET /api/orders HTTP/1.1" 200', status: 200}

  - id: upstream-auth-rejected
    title: Upstream API rejects the service's credentials
    subsystem: upstream-api
    kind: configuration
    severity: high
    match:
      text:
        - '(401 Unauthorized|403 Forbidden) for url:? ?[''"]?(?<url>https?://[^\s''"]+)'
        - 'Client error ''(401 Unauthorized|403 Forbidden)'' for url ''(?<url>[^'']+)'''
        - '(invalid|incorrect|missing|no) api[ _-]?key'
        - 'invalid_api_key|invalid x-api-key'
        - '(openai|anthropic)\.(AuthenticationError|PermissionDeniedError)'
        - 'AuthenticationError: Error code: 401'
        - 'Request failed with status code 40[13]'
    hypotheses:
      - text: "The API key for {url|the upstream API} is missing, wrong, revoked or from another account or environment ({env|check the key's environment variable})."
        confidence: high
      - text: "The environment variable holding the key is not loaded in this process, so an empty or placeholder key is sent."
        confidence: medium
      - text: "The key lacks the permission or scope for this endpoint or model (403)."
        confidence: low
        secondary: true
      - text: "The credential is sent in the wrong header or format (`Bearer` vs. `x-api-key`)."
        confidence: low
        secondary: true
    questions:
      - "Which key (last 4 characters) and which base URL does the failing client use?"
      - "Is the key set in this process's environment, and valid when tested with `curl` against the same URL?"
      - "Was the key rotated or the account's plan or permissions changed?"
    validation:
      - "A test call with the configured key returns 2xx from {url|the upstream API}."
      - "No 401/403 responses from the upstream after a restart."
    fixes:
      - "Set a valid key for this environment in the secret store and restart."
      - "Check at startup that the key is present (fail with a clear message) instead of sending an empty one."
      - "Grant the key the scope the endpoint needs, or use one that has it."
    examples:
      match:
        - "httpx.HTTPStatusError: Client error '401 Unauthorized' for url 'https://api.openai.com/v1/chat/completions'"
        - 'openai.AuthenticationError: Error code: 401 - Incorrect API key provided'
      no_match:
        - {text: '10.0.0.4 - "GET /api/orders HTTP/1.1" 401', status: 401}

  # MARK: Upstream APIs and the network

  - id: upstream-model-not-found
    title: Upstream model {model|id} not found
    subsystem: upstream-api
    kind: configuration
    severity: high
    match:
      text:
        - '404 (Client Error: )?Not Found for url:? ?[''"]?https?://[^\s''"]*/models?/(?<model>[^\s''"?]+)'
        - 'model[ _-]not[ _-]found(:? [''"`]?(?<model>[\w./:-]*\w))?'
        - 'The model [`''"]?(?<model>[\w./:-]*\w)[`''"]? does not exist'
        - '(unknown|invalid|unsupported) model:? [`''"]?(?<model>[\w./:-]*\w)'
        - '\bmodel\b.{0,80}(not found|does not exist|is not available|is not supported)'
        - 'NotFoundError.{0,120}\bmodel\b'
        - 'Repository Not Found for url'
    hypotheses:
      - text: "The configured model id {model|in the failing call} is wrong, retired, not available to this account or region, or not served by this endpoint."
        confidence: high
      - text: "The base URL or provider route is wrong: the model exists, but on another inference route or API version."
        confidence: medium
      - text: "The fallback model list holds ids that this provider does not serve, so every fallback fails the same way."
        confidence: medium
        secondary: true
      - text: "The model is gated (terms not accepted, no access granted) for the API key in use."
        confidence: low
        secondary: true
    questions:
      - "Which exact model string is sent in the failing call, and does the provider's model list for this key include it?"
      - "Which base URL and API key does the client use ({env|the provider settings})?"
      - "Are the fallback model ids valid for the configured provider?"
      - "Does a retry without optional parameters (such as `response_format`) still fail the same way (then the model or URL is at fault, not the request)?"
    validation:
      - "A test request with {model|the configured model} succeeds against the configured base URL."
      - "No 404 or `NotFoundError` for any model in the primary and fallback lists after a restart."
    fixes:
      - "Set the model id to one the provider lists for this key (in configuration, not code) and check it once at startup."
      - "Fix the base URL or route so it matches the API the model is served on."
      - "Prune the fallback list to verified ids and log the model name with each failure."
    examples:
      match:
        - 'huggingface_hub.errors.HfHubHTTPError: 404 Client Error: Not Found for url: https://api-inference.huggingface.co/models/meta-llama/Llama-2-7b-chat-hf'
        - 'HF structured model not found: %s. Trying fallback model.'
        - "openai.NotFoundError: Error code: 404 - {'error': {'message': 'The model `gpt-5-turbo` does not exist', 'code': 'model_not_found'}}"
      no_match:
        - "httpx.HTTPStatusError: Client error '404 Not Found' for url 'https://api.example.com/v1/invoices/55'"

  - id: upstream-endpoint-not-found
    title: Upstream API answers 404 Not Found
    subsystem: upstream-api
    kind: configuration
    severity: medium
    match:
      text:
        - '404 (Client Error: )?Not Found for url:? ?[''"]?(?<url>https?://[^\s''"]+)'
        - 'Client error ''404 Not Found'' for url ''(?<url>[^'']+)'''
        - 'Request failed with status code 404'
      unless:
        - '/models?/'
        - 'model[ _-]not[ _-]found'
    hypotheses:
      - text: "The base URL, path or API version for {url|the upstream call} is wrong for this environment."
        confidence: medium
      - text: "The requested resource does not exist upstream: deleted, created in another environment, or an id that was never synced."
        confidence: medium
      - text: "The upstream renamed or removed the endpoint in a new API version."
        confidence: low
        secondary: true
    questions:
      - "Does the URL's base and path match the upstream's documentation for the version in use?"
      - "Do all ids 404, or only some (then the data, not the URL, is at fault)?"
      - "Which setting builds the base URL ({env|the upstream URL setting})?"
    validation:
      - "The same call made with `curl` against the corrected URL returns 2xx."
      - "No 404s from the upstream for existing resources after the change."
    fixes:
      - "Correct the base URL or API version in configuration."
      - "Handle a 404 for a missing resource as a normal outcome (return 404 or skip) instead of an error."
    examples:
      match:
        - "httpx.HTTPStatusError: Client error '404 Not Found' for url 'https://api.example.com/v1/invoices/55'"
        - 'requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://crm.internal/api/v2/contacts/9'
      no_match:
        - 'requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://api-inference.huggingface.co/models/gpt2'
        - 'GET /api/orders/9 returned 404 to the client'

  - id: connection-refused
    title: Connection refused by {host|a dependency}
    subsystem: network
    severity: high
    match:
      text:
        - 'Connection refused'
        - 'ECONNREFUSED'
        - 'ConnectionRefusedError'
        - 'connect ECONNREFUSED (?<host>[\w.\-]+:\d+)'
        - 'dial tcp (?<host>[\w.\-]+:\d+): connect: connection refused'
        - 'Connection to (?<host>[\w.\-]+:\d+) refused'
      # Database connections have a rule of their own.
      unless:
        - ':(5432|3306|27017)\b'
        - 'could not connect to server|connection to server at'
        - 'OperationalError|psycopg|asyncpg|sqlalchemy'
        - 'while connecting to upstream'
    hypotheses:
      - text: "Nothing listens at {host|the target address}: the dependency is not running, has crashed, or is still starting."
        confidence: high
      - text: "The host or port is wrong for this environment, e.g. `localhost` inside a container instead of the service name, or a changed port ({env|check the URL setting})."
        confidence: medium
      - text: "The dependency restarts (deploys, crashes) and this service does not retry."
        confidence: low
        secondary: true
      - text: "A firewall or security group actively rejects the port."
        confidence: low
        secondary: true
    questions:
      - "Is the dependency at {host|the target address} up, and does it listen on that interface and port (`ss -ltnp`, container logs)?"
      - "Which setting gives this address, and does it differ between environments?"
      - "Do the refusals cluster around deploys or restarts of the dependency?"
    validation:
      - "`nc -vz` to {host|the target address} from the service's container succeeds."
      - "No connection-refused errors over a deploy of the dependency."
    fixes:
      - "Point the setting at the address the dependency really listens on (the service name on the container network, not `localhost`)."
      - "Start the dependency before this service (compose `depends_on` with a health check) and retry connections with backoff at startup."
    examples:
      match:
        - 'httpx.ConnectError: [Errno 111] Connection refused'
        - 'Error: connect ECONNREFUSED 127.0.0.1:8000'
        - 'dial tcp 10.0.3.7:6379: connect: connection refused'
      no_match:
        - 'Error: connect ECONNREFUSED 127.0.0.1:5432'
        - 'Connection established to redis:6379'

  - id: dns-resolution-failed
    title: Host name {host|of a dependency} does not resolve
    subsystem: network
    kind: configuration
    severity: high
    match:
      text:
        - 'Name or service not known'
        - 'nodename nor servname provided'
        - 'Temporary failure in name resolution'
        - 'getaddrinfo (ENOTFOUND|EAI_AGAIN)( (?<host>[\w.\-]*\w))?'
        - 'lookup (?<host>[\w.\-]*\w)( on [\d.:\[\]]+)?: no such host'
        - 'no such host'
        - 'UnknownHostException(: (?<host>[\w.\-]*\w))?'
        - 'Could not resolve host:? (?<host>[\w.\-]*\w)'
        - 'NameResolutionError'
        - 'Failed to resolve ''(?<host>[^'']+)'''
    hypotheses:
      - text: "The host name {host|in the failing calls} is wrong or only resolvable elsewhere: a compose service name used outside its network, an internal name from a laptop, a typo in the URL setting."
        confidence: high
      - text: "DNS itself fails in this environment: no resolver in the container, VPN or network down."
        confidence: medium
      - text: "The URL setting is unset, so a placeholder or default host is used ({env|check the URL setting})."
        confidence: medium
        secondary: true
      - text: "Intermittent resolver overload (`EAI_AGAIN`) under load."
        confidence: low
        secondary: true
    questions:
      - "Does {host|the host} resolve from inside the running container (`getent hosts`)?"
      - "Which setting provides the host, and what value does the running process see?"
      - "Does resolution fail always, or intermittently (`EAI_AGAIN`, `Temporary failure`)?"
    validation:
      - "`getent hosts` for {host|the host} succeeds inside the service's container."
      - "No name-resolution errors after the fix, including after a restart."
    fixes:
      - "Correct the host in this environment's configuration (service names on the same network, public names elsewhere)."
      - "Attach the service to the network that knows the name, or fix the container's resolver."
      - "Retry transient `EAI_AGAIN` failures with backoff."
    examples:
      match:
        - 'socket.gaierror: [Errno -2] Name or service not known'
        - 'Error: getaddrinfo ENOTFOUND payments-api'
        - 'dial tcp: lookup orders-db on 127.0.0.11:53: no such host'
      no_match:
        - 'Resolved payments-api to 10.0.0.7'

  - id: tls-certificate-error
    title: TLS certificate verification fails
    subsystem: network
    kind: configuration
    severity: high
    match:
      text:
        - 'CERTIFICATE_VERIFY_FAILED'
        - 'certificate verify failed(: (?<reason>[\w ]*\w))?'
        - 'SSLCertVerificationError'
        - 'x509: certificate (signed by unknown authority|has expired|is not valid|is valid for)'
        - 'unable to (verify|get) (the first|local issuer) certificate'
        - 'self[- ]signed certificate'
        - 'PKIX path building failed'
        - 'SSLHandshakeException'
        - 'certificate has expired|CERT_HAS_EXPIRED'
        - 'ERR_TLS_CERT_ALTNAME_INVALID|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE'
        - 'WRONG_VERSION_NUMBER|wrong version number'
        - 'tls: (handshake failure|bad certificate|failed to verify certificate)'
    hypotheses:
      - text: "The client does not trust the server's certificate authority: a private or corporate CA, a self-signed certificate, or a container without a CA bundle."
        confidence: high
      - text: "The server's certificate has expired or does not cover the host name used ({reason|see the verification reason})."
        confidence: medium
      - text: "TLS is spoken to a plain-HTTP port (`wrong version number`): an `https://` URL for an `http` service."
        confidence: medium
        secondary: true
      - text: "A TLS-intercepting proxy replaces certificates on this network."
        confidence: low
        secondary: true
    questions:
      - "Which host fails, and at which step (unknown issuer, expired, name mismatch, wrong version)?"
      - "Does `openssl s_client -connect HOST:443 -servername HOST` show a complete chain and a valid date?"
      - "Which trust store does the runtime use (system bundle, `certifi`, `NODE_EXTRA_CA_CERTS`, a Java truststore)?"
    validation:
      - "A request to the host succeeds with verification on, from inside the service's container."
      - "No certificate errors after a restart."
    fixes:
      - "Add the CA to the trust store the runtime reads (`SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE`, `NODE_EXTRA_CA_CERTS`, the Java truststore) or install `ca-certificates` in the image; never turn verification off."
      - "Renew the certificate, or issue it for the host name clients use."
      - "Use the right scheme and port for the service (`http://` for a plain port)."
    examples:
      match:
        - '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)'
        - 'Get "https://vault.internal/v1/secret": x509: certificate signed by unknown authority'
      no_match:
        - 'TLS handshake completed with api.stripe.com'

  - id: timeout
    title: Calls to {host|a dependency} time out
    subsystem: network
    kind: external
    severity: medium
    match:
      text:
        - '\b(Read|Connect|Write|Pool)Timeout\b'
        - '\bTimeout(Error|Exception)\b'
        - '\btimed out\b'
        - '\bE(SOCKET)?TIMEDOUT\b'
        - '(context )?deadline exceeded|DeadlineExceeded'
        - 'SocketTimeoutException'
        - 'Gateway Time-?out'
        - 'HTTPS?ConnectionPool\(host=''(?<host>[^'']+)''.{0,120}(Read|Connect) timed out'
        - 'Get "(?<url>https?://[^"]+)": context deadline exceeded'
    hypotheses:
      - text: "The dependency ({host|the upstream}) is slow or overloaded and answers after the client's timeout."
        confidence: medium
      - text: "The timeout is too short for this call (large payloads, LLM generation, a cold start) or missing, so a default applies."
        confidence: medium
      - text: "Connections are not released, so calls wait on an exhausted pool (`PoolTimeout`)."
        confidence: low
        secondary: true
      - text: "A firewall silently drops packets (connect timeouts rather than refusals)."
        confidence: low
        secondary: true
    questions:
      - "Is it a connect timeout (network, firewall) or a read timeout (slow upstream)?"
      - "What is the configured timeout for this call, and the upstream's p95/p99 latency?"
      - "Did it start with more traffic, an upstream incident or a deploy; do retries multiply the load?"
    validation:
      - "The call's p99 latency stays below its timeout, and no timeouts occur under normal load for a day."
      - "When the upstream is slow, requests fail fast with a clear error instead of piling up."
    fixes:
      - "Set an explicit timeout per call sized to the upstream's p99 plus a margin, with bounded retries and backoff for idempotent calls."
      - "Move slow work (LLM calls, reports) to a background job the client polls."
      - "For pool timeouts, close responses and sessions, or raise the pool size."
    examples:
      match:
        - 'httpx.ReadTimeout: The read operation timed out'
        - 'Get "https://api.partner.io/v1/rates": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
        - {text: 'Request to payments failed', exception: 'java.net.SocketTimeoutException'}
      no_match:
        - 'HTTP client configured with timeout=30s'

  - id: upstream-5xx
    title: Upstream or proxy answers 5xx (bad gateway, unavailable)
    subsystem: upstream-api
    kind: external
    severity: high
    match:
      text:
        - '\b(502|503|504) (Bad Gateway|Service (Temporarily )?Unavailable|Gateway Time-?out)'
        - 'Server error ''(?<code>5\d\d)[^'']*'' for url ''(?<url>[^'']+)'''
        - '(?<code>5\d\d) Server Error:.{0,60}for url:? (?<url>\S+)'
        - 'Bad Gateway'
        - 'upstream (prematurely closed|connect error|sent (an )?invalid|sent too big)'
        - 'connect\(\) failed .{0,60} while connecting to upstream'
        - 'no live upstreams'
        - 'ServiceUnavailable(Error)?\b'
        - 'Request failed with status code (?<code>5\d\d)'
    hypotheses:
      - text: "The upstream ({url|the called service}) is failing or overloaded: its own errors or an incident."
        confidence: medium
      - text: "When a proxy logs it: the proxy cannot reach the app behind it (crashed, restarting, wrong upstream port or socket)."
        confidence: medium
      - text: "A particular request (payload, size) triggers an upstream bug."
        confidence: low
        secondary: true
      - text: "Retries without backoff amplify an upstream slowdown."
        confidence: low
        secondary: true
    questions:
      - "Which upstream and which status ({code|502/503/504})? Is there an incident on the upstream's status page?"
      - "For proxy errors: is the app process up and listening on the port the proxy uses?"
      - "Do all requests fail or only some payloads or endpoints?"
    validation:
      - "The upstream answers 2xx for the failing calls; the 5xx rate is back to baseline."
      - "With the upstream down, the service degrades gracefully (clear error, no crash loop)."
    fixes:
      - "Retry idempotent calls with backoff and jitter behind a circuit breaker."
      - "Fix the proxy's upstream address or port, or the app's crash (see the app's own errors)."
      - "Return a clear degraded response when the upstream is unavailable."
    examples:
      match:
        - "httpx.HTTPStatusError: Server error '503 Service Unavailable' for url 'https://api.partner.io/v1/quote'"
        - '2024/05/01 10:00:00 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.2'
        - 'upstream prematurely closed connection while reading response header from upstream'
      no_match:
        - 'Upstream responded 200 in 120ms'

  # MARK: Configuration and dependencies

  - id: missing-env-var
    title: Required environment variable {env|is} missing
    subsystem: configuration
    kind: configuration
    severity: high
    match:
      text:
        - '(environment variable|env var|env)\s+[''"`]?(?<env>(?-i:[A-Z][A-Z0-9_]{2,}))[''"`]?\s+(is\s+)?(not set|missing|undefined|required|must be set|not defined|not found|empty)'
        - 'missing (required )?(environment variables?|env vars?|settings?|config(uration)?( values?)?)[:=]?\s*[\[''"`]?(?<env>(?-i:[A-Z][A-Z0-9_]{2,}))'
        - '(?<env>(?-i:[A-Z][A-Z0-9]*_[A-Z0-9_]+))\s+(is not set|must be set|is required|is missing|not configured|is empty)'
        - 'KeyError: [''"](?<env>(?-i:[A-Z][A-Z0-9_]{2,}))[''"]'
        - 'os\.environ\[[''"](?<env>\w+)[''"]\]'
        - 'ImproperlyConfigured: (Set the )?(?<env>(?-i:[A-Z][A-Z0-9_]{2,}))'
        - 'required (environment variable|setting) [''"`]?(?<env>\w+)'
    hypotheses:
      - text: "{env|The variable} is not set in the environment this process runs in: missing from `.env`, the deployment manifest or the secret store, or not passed to this service."
        confidence: high
      - text: "The `.env` file is not loaded: the process starts from another working directory or without the loader (`python-dotenv`, compose `env_file`)."
        confidence: medium
      - text: "The variable was renamed in code or in the deployment, and the two are out of sync."
        confidence: medium
        secondary: true
      - text: "It is set at build time (`ARG`, a CI step) but not at runtime."
        confidence: low
        secondary: true
    questions:
      - "Is {env|the variable} set in the running process (`docker exec … env`, `/proc/PID/environ`)?"
      - "Where is it supposed to come from in this environment (`.env`, manifest, secret store)?"
      - "Was it renamed recently (search the code and the deployment configuration)?"
      - "Should it have a safe default, or is failing at startup the right behaviour?"
    validation:
      - "The service starts without missing-setting errors, and the code that reads {env|the variable} runs ({endpoint|exercise the affected endpoint})."
      - "A fresh deploy from scratch (new container) has the variable."
    fixes:
      - "Add {env|the variable} to this environment's configuration or secret store and restart."
      - "Validate all required settings once at startup and list every missing one in a single clear error."
      - "Document it in `.env.example` and the deployment manifest."
    examples:
      match:
        - "KeyError: 'DATABASE_URL'"
        - 'RuntimeError: environment variable CLERK_SECRET_KEY is not set'
        - 'Error: STRIPE_API_KEY must be set'
      no_match:
        - "KeyError: 'user_id'"
        - 'Loaded 12 settings from environment'

  - id: settings-validation-error
    title: "{setting|Settings} fail validation at startup"
    subsystem: configuration
    kind: configuration
    severity: high
    match:
      text:
        - '\d+ validation errors? for (?<setting>\w*(Settings|Config|Configuration|Env)\w*)'
        - 'validation errors? for \w*(Settings|Config|Configuration)\w*\s+(?<field>\w+)\s+(Field required|Input should|value is not a valid|Extra inputs)'
        - 'pydantic_settings'
        - 'SettingsError'
        - '\bImproperlyConfigured\b'
        - '\bConfigurationError\b|invalid config(uration)?( value)?'
    hypotheses:
      - text: "A required setting ({field|see the fields the error lists}) is missing or malformed in this environment; settings are read from environment variables by field name, often with a prefix."
        confidence: high
      - text: "The `.env` file is not found from the process's working directory, or `env_file` points elsewhere."
        confidence: medium
      - text: "An `env_prefix` or nested delimiter changed, so variables that are set are no longer read."
        confidence: low
        secondary: true
      - text: "A value has the wrong format for its type (a JSON list, a boolean, a URL)."
        confidence: medium
        secondary: true
    questions:
      - "Which fields does the error list, and which environment variables (with prefix) feed them?"
      - "From which directory does the process start, and which `.env` file does it load?"
      - "Did the settings class change (new required field, renamed field) without the deployment's variables following?"
    validation:
      - "The settings class loads in the target environment (start the app or instantiate the settings in a shell there)."
      - "No validation errors at startup after a clean deploy."
    fixes:
      - "Set the listed variables in this environment, with the expected prefix and format."
      - "Give optional settings defaults, and keep required ones few and documented in `.env.example`."
      - "Load `.env` from an absolute path, or rely on the process environment only."
    examples:
      match:
        - "pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings\ndatabase_url\n  Field required [type=missing, input_value={}, input_type=dict]"
        - 'django.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be empty.'
      no_match:
        - 'fastapi.exceptions.RequestValidationError: 1 validation error for Request body -> email field required'

  - id: module-import-error
    title: "{module|A module} cannot be imported"
    subsystem: dependencies
    kind: configuration
    severity: high
    match:
      text:
        - 'ModuleNotFoundError'
        - 'No module named [''"]?(?<module>[\w.]*\w)'
        - 'cannot import name [''"]?(?<name>\w+)[''"]? from [''"]?(?<module>[\w.]*\w)'
        - '\bImportError\b'
        - 'Cannot find module [''"](?<module>[^''"]+)[''"]'
        - 'ERR_MODULE_NOT_FOUND'
        - 'ClassNotFoundException:? (?<module>[\w.$]*\w)?'
        - 'NoClassDefFoundError:? (?<module>[\w./$]*\w)?'
        - 'no required module provides package (?<module>\S+)'
    hypotheses:
      - text: "{module|The module} is not installed in the environment the process runs in: another virtualenv or interpreter, an image built without it, or missing from the dependency manifest."
        confidence: high
      - text: "The import path is wrong for how the process starts: another working directory or package root, or a script run directly instead of as a module."
        confidence: medium
      - text: "A circular import (`partially initialized module`) leaves {name|the name} undefined when first imported."
        confidence: medium
        secondary: true
      - text: "The installed version lacks {name|the imported name}: it was renamed or added in another version."
        confidence: low
        secondary: true
    questions:
      - "Which interpreter or runtime runs the process, and does it have {module|the module} (`pip show`, `npm ls`)?"
      - "Is the dependency in the manifest and lock file, and was the image rebuilt since it was added?"
      - "Does the error say `partially initialized module` (circular import)?"
    validation:
      - "The service starts in a freshly built image or environment without import errors."
      - "The code path that imports {module|the module} runs once."
    fixes:
      - "Add the dependency to the manifest and lock file and rebuild the environment or image."
      - "Start the process from the project root with its entry point (`python -m package`, the image's `WORKDIR`)."
      - "Break a circular import by moving the import into the function that needs it or extracting the shared code."
    examples:
      match:
        - "ModuleNotFoundError: No module named 'txtai'"
        - "Error: Cannot find module 'express'"
        - 'java.lang.ClassNotFoundException: org.postgresql.Driver'
      no_match:
        - 'Imported 1200 rows from orders.csv'

  # MARK: Database

  - id: db-connection-failed
    title: Database connection fails
    subsystem: database
    kind: configuration
    severity: critical
    match:
      text:
        - 'could not connect to server'
        - 'connection to server at "?(?<host>[\w.\-]*\w)"?.{0,40}failed'
        - 'OperationalError.{0,160}(could not connect|connection refused|timed out|server closed the connection|password authentication failed|Unknown database|Can''t connect|does not exist)'
        - 'ECONNREFUSED [\w.\[\]:]*:(5432|3306|27017)\b'
        - 'Can''t connect to (local )?MySQL server'
        - 'password authentication failed for user "?(?<user>[\w.\-]*\w)'
        - 'Access denied for user ''(?<user>[^'']+)''@'
        - 'database "(?<database>[\w.\-]*\w)" does not exist'
        - 'server closed the connection unexpectedly'
        - 'MongoServerSelectionError|ServerSelectionTimeoutError'
        - 'SequelizeConnection(Refused)?Error|PrismaClientInitializationError|Can''t reach database server'
        - 'asyncpg\.exceptions\.(CannotConnectNowError|InvalidPasswordError|InvalidCatalogNameError)'
        - 'Connection to (?<host>[\w.\-]+):(5432|3306|1433|1521|27017) refused'
        - 'Unable to (acquire|obtain) (a )?JDBC Connection|CannotGetJdbcConnectionException'
        - 'Communications link failure'
        - 'Could not (obtain|open|get) (a )?(JDBC )?connection'
        - 'HikariPool-\d+ - Exception during pool initialization'
    hypotheses:
      - text: "The database is not reachable at the configured address: it is not running or not ready yet, or the connection URL ({env|the database URL setting}) points at the wrong host or port (such as `localhost` inside a container)."
        confidence: high
      - text: "Credentials or the database name are wrong for this environment ({user|the configured user}, {database|the configured database})."
        confidence: medium
      - text: "The app starts before the database accepts connections and does not retry."
        confidence: medium
        secondary: true
      - text: "A network policy, security group or required SSL mode blocks the connection."
        confidence: low
        secondary: true
    questions:
      - "Which host, port, user and database does the running process use (print the URL without the password)?"
      - "Is the database up and accepting connections from this host (`pg_isready`, `mysqladmin ping`)?"
      - "Do the failures happen only right after startup (ordering) or all the time?"
    validation:
      - "The service connects at startup and a query-backed endpoint returns 200."
      - "No connection errors after restarting the database and the service in either order."
    fixes:
      - "Fix the connection URL for this environment (host is the database's service name on the container network; correct user, password and database)."
      - "Wait for the database at startup (compose health check, or retry with backoff before serving)."
      - "Create the database or user if it is missing, through the same migration or provisioning step as other environments."
    examples:
      match:
        - 'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused'
        - 'Error: connect ECONNREFUSED 127.0.0.1:5432'
        - 'FATAL:  password authentication failed for user "app"'
        - 'Failed to load order 1842 (org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection)'
        - 'org.postgresql.util.PSQLException: Connection to db.internal:5432 refused. Check that the hostname and port are correct'
        - 'com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure'
        - 'HHH000342: Could not obtain connection to query metadata'
      no_match:
        - 'Database connection pool created (size=10)'
        - 'Connection to cache.internal:6379 refused'

  - id: db-pool-exhausted
    title: Database connections exhausted
    subsystem: database
    kind: code-defect
    severity: high
    match:
      text:
        - 'QueuePool limit of size \d+ overflow \d+ reached'
        - '(connection )?pool (is )?(exhausted|full)'
        - 'too many clients already|remaining connection slots are reserved'
        - 'Too many connections'
        - 'HikariPool.{0,40}Connection is not available'
        - 'timeout exceeded when trying to connect'
    hypotheses:
      - text: "Connections are not returned to the pool: a code path opens a session without closing it (no `with` or `finally`, a session kept by a background task)."
        confidence: medium
      - text: "Pool size times worker processes exceeds the database's `max_connections`, or the pool is too small for the concurrency."
        confidence: medium
      - text: "Slow queries or held locks keep connections busy."
        confidence: low
        secondary: true
      - text: "Blocking calls inside async handlers hold connections while they wait."
        confidence: low
        secondary: true
    questions:
      - "How many connections does each process open (pool size + overflow) and how many processes run, against the database's limit?"
      - "Do connections in `pg_stat_activity` sit `idle in transaction` (leak) or `active` (slow queries)?"
      - "Did the errors start with a traffic increase or a change in session handling?"
    validation:
      - "Connections in use stay below the pool limit under peak load."
      - "No pool-exhausted errors during a load test at the expected peak."
    fixes:
      - "Scope sessions to the request or task (`with`, dependency with `yield`) so they always close."
      - "Size pools so workers × (pool + overflow) stays below `max_connections`, or put a pooler (PgBouncer) in front."
      - "Find and fix the slow queries or long transactions that hold connections."
    examples:
      match:
        - 'sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00'
        - 'FATAL: sorry, too many clients already'
      no_match:
        - 'Connection pool warmed up with 5 connections'

  - id: db-migration-missing
    title: "Database schema behind the code: {missing|a table or column} missing"
    subsystem: database
    kind: configuration
    severity: high
    match:
      text:
        - 'relation "(?<missing>[\w.]*\w)" does not exist'
        - 'no such table:? (?<missing>[\w.]*\w)'
        - 'Table ''(?<missing>[\w.]*\w)'' doesn''t exist'
        - 'column "?(?<missing>[\w.]*\w)"? (of relation "[\w.]+" )?does not exist'
        - 'no such column:? (?<missing>[\w.]*\w)'
        - 'Unknown column ''(?<missing>[^'']+)'''
        - 'UndefinedTable|UndefinedColumn'
        - 'unapplied migrations?|pending migrations?|migrations? (are )?pending'
        - 'Target database is not up to date'
        - 'Can''t locate revision identified by'
    hypotheses:
      - text: "Migrations were not applied to this database: the code expects {missing|a table or column} that a pending migration creates."
        confidence: high
      - text: "The app is connected to another database or schema than expected: an empty development database, a different `search_path`, or a SQLite file path relative to the working directory."
        confidence: medium
      - text: "A migration failed halfway, or branches created divergent migration heads."
        confidence: low
        secondary: true
      - text: "A model was changed without generating a migration."
        confidence: medium
        secondary: true
    questions:
      - "What migration version is the database at, and what does the code expect (`alembic current`, `manage.py showmigrations`)?"
      - "Is the process connected to the intended database and schema?"
      - "Does a migration exist that creates {missing|the missing table or column}?"
    validation:
      - "The migration tool reports the database at head, and the failing queries succeed."
      - "A fresh environment built from scratch runs migrations before the app starts."
    fixes:
      - "Run migrations as a deploy step before the app starts (`alembic upgrade head`, `manage.py migrate`, `prisma migrate deploy`)."
      - "Generate and commit the missing migration for the model change."
      - "Fix the database URL or schema (absolute SQLite path, correct `search_path`)."
    examples:
      match:
        - 'sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation "subscriptions" does not exist'
        - 'sqlite3.OperationalError: no such table: workflow_tasks'
      no_match:
        - 'Created table subscriptions'

  - id: db-integrity-violation
    title: Database constraint {constraint|(unique, foreign key or not null)} violated
    subsystem: database
    kind: code-defect
    severity: medium
    match:
      text:
        - '\bIntegrityError\b'
        - 'duplicate key value violates unique constraint "(?<constraint>[\w.]*\w)"'
        - 'UNIQUE constraint failed:? (?<constraint>[\w.]*\w)'
        - 'violates foreign key constraint "(?<constraint>[\w.]*\w)"'
        - 'FOREIGN KEY constraint failed'
        - 'Duplicate entry ''[^'']*'' for key ''(?<constraint>[^'']+)'''
        - 'null value in column "(?<constraint>\w+)"( of relation "\w+")? violates not-null constraint'
        - 'NOT NULL constraint failed:? (?<constraint>[\w.]*\w)'
        - 'UniqueViolation|ForeignKeyViolation|NotNullViolation'
        - 'E11000 duplicate key'
        - 'ConstraintViolationException|SequelizeUniqueConstraintError|Unique constraint failed on the fields'
    hypotheses:
      - text: "Check-then-insert race: two requests create the same row at once (double submits, client retries, parallel workers)."
        confidence: medium
      - text: "The code inserts without handling the existing-row case, so an expected duplicate ({constraint|see the constraint in the error}) surfaces as an error."
        confidence: medium
      - text: "For foreign keys: the parent row was deleted, or created in a transaction not yet committed."
        confidence: low
        secondary: true
      - text: "A primary-key sequence is behind the table after a manual import (`duplicate key … _pkey`)."
        confidence: low
        secondary: true
    questions:
      - "Which constraint fails, and which input creates the conflicting row?"
      - "Do the failing requests come in pairs (double submit, retry) within milliseconds?"
      - "Is the duplicate a legitimate case the code should answer (409, return the existing row)?"
    validation:
      - "Concurrent duplicate requests produce one row and a clean response (200 or 409), with no `IntegrityError` logged."
      - "A regression test covering the duplicate case passes."
    fixes:
      - "Use an upsert (`ON CONFLICT`) or catch the violation and return the existing row or a 409."
      - "Make the operation idempotent with an idempotency key for client retries."
      - "Reset the sequence (`setval`) if a primary key collides after an import."
    examples:
      match:
        - 'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "users_email_key"'
        - 'sqlite3.IntegrityError: UNIQUE constraint failed: users.email'
      no_match:
        - 'Integrity check passed for 12 tables'

  # MARK: Capacity and limits

  - id: rate-limited
    title: Rate limit or quota exceeded
    subsystem: upstream-api
    kind: external
    severity: medium
    match:
      text:
        - '429 Too Many Requests|Too Many Requests'
        - 'HTTP/[\d.]+"?\s+429\b'
        - 'status(_code)?[=: ]+429\b'
        - '\brate[ _-]?limit(ed| exceeded| reached|Error|Exceeded)'
        - '(quota|usage limit)s? (exceeded|exhausted|reached)|exceeded (your|the) (current )?quota'
        - 'insufficient_quota|RESOURCE_EXHAUSTED'
        - 'ThrottlingException|\bThrottled\b|SlowDown'
    hypotheses:
      - text: "Calls exceed the provider's rate limit: bursts from parallel workers, or retries without backoff."
        confidence: high
      - text: "The account's quota or billing is exhausted (`insufficient_quota`); retrying will not help."
        confidence: medium
      - text: "Our own rate limiter rejects clients (429s in the access log): limits too low for real traffic, or a client in a loop."
        confidence: low
        secondary: true
      - text: "One API key is shared by several environments or services that together use up the quota."
        confidence: low
        secondary: true
    questions:
      - "Who answers 429: the upstream provider or our own service ({endpoint|see the endpoints})?"
      - "What is the request rate and concurrency at the time of the errors, against the documented limit?"
      - "Do retries honour `Retry-After`, and is the quota or billing limit reached?"
    validation:
      - "At peak traffic, calls stay under the limit and 429s are rare and retried successfully."
      - "The provider's usage dashboard shows headroom on the quota."
    fixes:
      - "Retry with exponential backoff and jitter, honouring `Retry-After`, and cap concurrency to the provider."
      - "Raise the quota or plan, or use a key per environment."
      - "Cache or batch repeated calls."
    examples:
      match:
        - 'openai.RateLimitError: Error code: 429 - You exceeded your current quota'
        - "httpx.HTTPStatusError: Client error '429 Too Many Requests' for url 'https://api.github.com/repos'"
      no_match:
        - 'Rate limiter configured: 100 requests per minute'

  - id: out-of-memory
    title: Process runs out of memory
    subsystem: runtime
    severity: critical
    match:
      text:
        - 'OOMKilled'
        - '\bMemoryError\b'
        - 'OutOfMemoryError'
        - 'JavaScript heap out of memory|Reached heap limit'
        - 'Out of memory: Kill(ed)? process'
        - 'Cannot allocate memory|\bENOMEM\b'
        - 'CUDA out of memory'
        - 'runtime: out of memory'
        - 'Perhaps out of memory'
        - 'exit(ed with)? code 137'
    hypotheses:
      - text: "The process's memory limit is below its peak need (loading a model, a large request or response, a batch job)."
        confidence: medium
      - text: "A leak grows memory until the process is killed: restarts come at regular intervals after a steady climb."
        confidence: medium
      - text: "Too many workers per container, each loading its own copy of models or caches."
        confidence: medium
        secondary: true
      - text: "An unbounded in-memory cache or queue."
        confidence: low
        secondary: true
    questions:
      - "Does memory climb steadily before each kill (leak) or jump on particular requests or jobs (peak)?"
      - "What are the container limit, the worker count, and the memory of one worker after startup?"
      - "Which request or job was running when the process died?"
    validation:
      - "Memory stays flat under a sustained load test and below the limit at peak."
      - "No OOM kills or restarts over a day of normal traffic."
    fixes:
      - "Raise the memory limit to the measured peak plus a margin, or lower the number of workers."
      - "Stream large payloads, load models once per process (or share them), and bound caches."
      - "Find the leak with a heap snapshot or `tracemalloc` taken at two points in time."
    examples:
      match:
        - 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'
        - '[CRITICAL] WORKER TIMEOUT (pid:12) ... Worker (pid:12) was sent SIGKILL! Perhaps out of memory?'
        - {text: 'Container api terminated', exception: 'MemoryError'}
      no_match:
        - 'Cache memory usage: 120 MB of 512 MB'

  - id: disk-full
    title: Disk full (no space left on device)
    subsystem: storage
    kind: external
    severity: critical
    match:
      text:
        - 'No space left on device'
        - '\bENOSPC\b'
        - '\[Errno 28\]'
        - 'database or disk is full'
        - 'could not extend file'
        - '\bdisk (is )?full\b|DiskFull'
        - 'Disk quota exceeded|\bEDQUOT\b'
    hypotheses:
      - text: "The volume fills up with files that grow without limit: logs without rotation, temporary files, uploads, or caches such as model downloads."
        confidence: high
      - text: "The database's data or WAL grows faster than the volume (no vacuum, an archiving backlog, a stuck replication slot)."
        confidence: medium
        secondary: true
      - text: "Inodes run out (many small files), although `df -h` shows free space."
        confidence: low
        secondary: true
    questions:
      - "Which mount is full, and what grew (`df -h`, `df -i`, `du -xh --max-depth=2`)?"
      - "Are logs rotated, and are temporary files and caches cleaned up?"
      - "Does the volume size fit the data growth expected for the next months?"
    validation:
      - "Free space stays stable over several days of normal traffic."
      - "The failing writes succeed, and alerts fire before the disk fills."
    fixes:
      - "Free space now (old logs, caches, temporary files), then add log rotation and cleanup for what grew."
      - "Move large caches and data to a volume sized for them, or grow the volume."
      - "Alert on disk usage above 80%."
    examples:
      match:
        - "OSError: [Errno 28] No space left on device: '/tmp/upload-91.bin'"
        - 'sqlite3.OperationalError: database or disk is full'
      no_match:
        - 'Disk usage at 41%, 12 GB free'

  - id: permission-denied
    title: Permission denied on {path|a file, directory or database object}
    subsystem: runtime
    kind: configuration
    severity: high
    match:
      text:
        - '\bPermissionError(: \[Errno 13\] Permission denied: ''(?<path>[^'']+)'')?'
        - 'EACCES(: permission denied,? \w+ ''(?<path>[^'']+)'')?'
        - 'Permission denied'
        - 'Operation not permitted|\bEPERM\b'
        - 'permission denied for (table|relation|schema|database|sequence) (?<path>[\w.]*\w)'
        - '\bAccessDeniedException'
      unless:
        - 'publickey'
    hypotheses:
      - text: "The process's user lacks rights on {path|the file or directory}: the container runs as a non-root user while the volume or directory is owned by root, or the file was created by another user."
        confidence: high
      - text: "For database objects: the application's role lacks grants on {path|the table or schema} (created by another role, or a new table without default privileges)."
        confidence: medium
      - text: "Binding to a port below 1024 as a non-root user."
        confidence: low
        secondary: true
      - text: "A read-only filesystem, SELinux or AppArmor denies the access."
        confidence: low
        secondary: true
    questions:
      - "Which user does the process run as (`id`), and who owns {path|the path} with which mode (`ls -ld`)?"
      - "Was the file or directory created by another user (a root init step, a different container)?"
      - "For database errors: which role owns the object, and what grants does the app's role have?"
    validation:
      - "The failing operation succeeds as the service's own user in a fresh container."
      - "No permission errors after a redeploy from scratch."
    fixes:
      - "Give the service's user ownership of the paths it writes (`chown` in the image or an init step, `fsGroup` in Kubernetes)."
      - "Write to a directory the service owns (a data volume, `/tmp`), not the code directory."
      - "Grant the app role the privileges it needs, with default privileges for new tables."
    examples:
      match:
        - "PermissionError: [Errno 13] Permission denied: '/app/data/cache.db'"
        - "Error: EACCES: permission denied, open '/var/log/app/app.log'"
        - 'psycopg2.errors.InsufficientPrivilege: permission denied for table invoices'
      no_match:
        - 'Permissions updated for user 42'

  # MARK: Startup and runtime defects

  - id: startup-not-ready
    title: Service used before its initialisation completes
    subsystem: startup
    kind: code-defect
    severity: medium
    match:
      text:
        - '\bnot (been |yet |fully )*initiali[sz]ed'
        - '\b(service|model|client|pool|app|application|server|index|engine|database|db|cache|worker|store|queue|component|module|pipeline|agent|provider|manager)s?\b.{0,30}\bnot (yet )?ready\b'
        - 'before (the )?\w+ (is|was|has been) (started|initiali[sz]ed|ready)'
        - '(called|used|accessed) before initiali[sz]ation'
        - 'LateInitializationError|UninitializedPropertyAccessException|lateinit property \w+ has not been initialized'
        - 'still (starting|initiali[sz]ing|warming up)'
      unless:
        - 'Cannot access ''\w+'' before initialization'
    hypotheses:
      - text: "A race between lazy background initialisation and the first calls: initialisation starts in the background, returns at once, and the caller ({function|the calling code}) proceeds before it finishes."
        confidence: high
      - text: "A fail-fast setting turns \"not ready yet\" into an error instead of waiting or deferring the work."
        confidence: medium
      - text: "Initialisation itself failed earlier (look for the first error at startup), so the service never becomes ready."
        confidence: medium
        secondary: true
      - text: "With several workers, initialisation ran in one process only (a parent before fork, a reloader's parent)."
        confidence: low
        secondary: true
    questions:
      - "Does initialisation finish at all, and when (is there an \"initialized\" line, how long after startup)?"
      - "Do the failures happen only in the first seconds after startup, or only from background tasks?"
      - "Should callers await initialisation, or defer and retry the work?"
      - "Is failing fast wanted for this (background) operation, and which setting controls it ({env|look for a fail-fast flag})?"
    validation:
      - "The first call after startup succeeds or is deferred without an error."
      - "No \"not initialized\" lines after a restart under load."
    fixes:
      - "Await initialisation in the call path (an async init guarded by a lock or event) instead of the non-blocking start."
      - "Initialise during application startup and report ready (readiness probe) only afterwards."
      - "For background work, queue or skip and retry once ready instead of failing fast."
    examples:
      match:
        - 'Cannot index content - service not initialized for user 42'
        - 'RuntimeError: Embedding model not ready'
      no_match:
        - 'Service initialized in 120 ms'
        - 'Order 55 not ready for shipping'
        - "ReferenceError: Cannot access 'config' before initialization"

  - id: null-dereference
    title: Null value used where an object was expected
    subsystem: runtime
    kind: code-defect
    severity: high
    match:
      text:
        - '''NoneType'' object (has no attribute ''(?<attribute>\w+)''|is not (subscriptable|iterable|callable))'
        - 'NullPointerException'
        - 'Cannot (read|set|destructure) propert(y|ies) of (undefined|null)( \(reading ''(?<attribute>[^'']+)''\))?'
        - 'undefined is not an object'
        - '(invalid memory address or )?nil pointer dereference'
        - 'Object reference not set to an instance of an object'
        - 'undefined method .{0,60} for nil'
    hypotheses:
      - text: "A value the code assumes present is missing (a lookup returned nothing, an optional field, a failed upstream call returned null) and is used without a check (the failing access: {attribute|see the innermost frame})."
        confidence: high
      - text: "An object is used before it is assigned (initialisation order, a startup race)."
        confidence: low
        secondary: true
      - text: "An upstream response or stored record changed shape, and a field became optional."
        confidence: medium
        secondary: true
    questions:
      - "Which expression is null in the innermost frame ({file|see the stack trace}), and where does that value come from?"
      - "Which inputs trigger it (ids, payloads, {endpoint|the endpoints})?"
      - "Did it start with a deploy or an upstream change?"
    validation:
      - "A regression test with the triggering input passes."
      - "No null dereference from this site after the deploy."
    fixes:
      - "Handle the missing case where the value is produced (return 404 or 422, or a default) instead of deep in the call."
      - "Make the optionality explicit in types (`Optional`, strict null checks) so the checker finds the other uses."
    examples:
      match:
        - "AttributeError: 'NoneType' object has no attribute 'email'"
        - "TypeError: Cannot read properties of undefined (reading 'map')"
        - 'panic: runtime error: invalid memory address or nil pointer dereference'
      no_match:
        - 'User 42 has no email; skipping reminder'

  - id: code-defect-exception
    title: Programming error raises {exception|a runtime exception}
    subsystem: runtime
    kind: code-defect
    severity: high
    match:
      text:
        - '\b(NameError|UnboundLocalError)\b'
        - 'name ''(?<name>\w+)'' is not defined'
        - '\bAttributeError\b'
        - 'object has no attribute ''(?<name>\w+)'''
        - '\bTypeError\b'
        - '(?<name>[\w.]*\w) is not a function'
        - 'ReferenceError: (?<name>\w+) is not defined'
        - 'got an unexpected keyword argument ''(?<name>\w+)'''
        - 'missing \d+ required (positional|keyword-only) arguments?'
        - 'KeyError: [''"](?<name>(?-i:[a-z_][a-z0-9_]*))[''"]'
        - 'ClassCastException|IndexOutOfBoundsException|ZeroDivisionError|IndexError: list index out of range'
        - 'panic: runtime error'
        - 'Cannot access ''(?<name>\w+)'' before initialization'
      # Network errors Node reports as TypeError.
      unless:
        - 'TypeError: (fetch failed|Failed to fetch|NetworkError)'
    hypotheses:
      - text: "A programming error at {file|the innermost frame of the traceback}: a misspelt or removed name, a wrong argument type, or a call that does not match the callee ({name|see the name in the error})."
        confidence: high
      - text: "A dependency upgrade changed an attribute or signature the code relies on."
        confidence: medium
        secondary: true
      - text: "An untested branch is reached only by some inputs."
        confidence: medium
        secondary: true
    questions:
      - "Which line raises (innermost frame of {function|the traceback}), and since which commit or deploy?"
      - "Did a dependency version change (lock file diff) around the first occurrence?"
      - "Which inputs reach the failing branch?"
    validation:
      - "A regression test that reproduces the failing call passes."
      - "No {exception|such exceptions} from this site after the deploy."
    fixes:
      - "Fix the call site and add a test for the input that reaches it."
      - "Pin the dependency to the version whose API the code uses, or update the code to the new API."
      - "Run a type checker (mypy or pyright, `tsc --strict`, `go vet`) in CI to catch the rest."
    examples:
      match:
        - "NameError: name 'settings' is not defined"
        - "TypeError: create_task() got an unexpected keyword argument 'priority'"
        - 'TypeError: undefined is not a function'
        - "KeyError: 'user_id'"
      no_match:
        - 'TypeError: fetch failed'
        - 'Type of error reported to Sentry: validation'

  # MARK: Expected noise

  - id: dev-reloader
    title: Development server reloads after file changes
    subsystem: dev-server
    kind: expected-noise
    severity: low
    match:
      text:
        - '(StatReload|WatchFiles|WatchGod)(Reload)? detected (file )?changes( in ''(?<changed>[^'']+)'')?'
        - 'Detected (file )?change in ''?(?<changed>[^''\s,]+)''?,? reloading'
        - 'Reloading\.\.\.'
        - '\[nodemon\] (restarting|starting)'
        - '\[vite\] (hmr update|page reload)( (?<changed>\S+))?'
        - '\[HMR\]|\[webpack-dev-server\]|webpack: Compil(ing|ed)'
        - 'Watching for file changes with StatReloader'
        - 'Restarting with (stat|watchdog|inotify|fsevents)'
        - 'Started reloader process'
    hypotheses:
      - text: "Expected dev-server behaviour: the reloader restarts the app when files change ({changed|source edits}). Not a product bug."
        confidence: high
      - text: "The reloader watches too much (logs, uploads, `.venv`, a SQLite file) and restarts without edits."
        confidence: low
        secondary: true
      - text: "A reloader (`--reload`, nodemon) runs in a non-development deployment."
        confidence: low
        secondary: true
    questions:
      - "Do the reloads line up with edits, or happen without any?"
      - "Is `--reload` or a watcher used outside local development?"
    validation:
      - "No reload lines in staging or production logs."
      - "Reloads appear only right after edits."
    fixes:
      - "No fix needed; keep these separate from runtime defects."
      - "If it restarts without edits, restrict what is watched (`--reload-dir`, `--reload-exclude`, nodemon `ignore`)."
      - "Drop `--reload` from production start commands."
    examples:
      match:
        - "StatReload detected changes in 'api\\today_workflow.py'. Reloading..."
        - '[nodemon] restarting due to changes...'
        - '10:42:01 AM [vite] hmr update /src/App.tsx'
      no_match:
        - 'Reloading user preferences from database'

  - id: slow-startup
    title: Slow or blocking work at startup
    subsystem: startup
    kind: code-defect
    severity: medium
    match:
      text:
        - '(startup|start-up|boot|initiali[sz]ation|warm-?up|load(ing|ed)?|download(ing|ed)?)\b.{0,60}\btook (?<duration>(\d{2,}|[5-9])(\.\d+)? ?(s|sec|secs|seconds)\b)'
        - '(Application startup|lifespan startup|startup) (took|completed in|finished in) (?<duration>(\d{2,}|[5-9])(\.\d+)? ?(s|sec|secs|seconds)\b)'
        - 'Waiting for application startup.{0,20}(timed out|still)|still waiting for (application )?startup'
        - '(blocking|synchronous) (model )?(download|load|call|I/O) (at|during|on) startup'
        - 'WORKER TIMEOUT|Worker failed to boot'
        - 'Startup probe failed'
      unless:
        - 'out of memory'
    hypotheses:
      - text: "Startup does heavy work synchronously (model downloads or loads, cache warm-up, remote calls) before the server can serve (startup work took {duration|longer than it should})."
        confidence: high
      - text: "Blocking calls run on the event loop during application startup (sync I/O in async startup hooks)."
        confidence: medium
      - text: "Only the first start is slow (cold cache, first download); later starts are fast."
        confidence: low
        secondary: true
      - text: "The worker or startup-probe timeout is shorter than the startup work, so workers are killed and restarted in a loop."
        confidence: medium
        secondary: true
    questions:
      - "Which step takes the time (timestamps around startup, {function|the startup hooks})?"
      - "Is that work needed before serving, or can it run lazily or in the background?"
      - "Does it repeat on every start, or only when a cache is empty?"
    validation:
      - "The time from process start to \"Application startup complete\" is a few seconds."
      - "The readiness probe passes on the first try and the first request is not slow."
    fixes:
      - "Move heavy work to a background task started at startup, and gate only the features that need it."
      - "Bake downloads into the image or a persistent cache volume."
      - "Run unavoidable blocking calls in a thread (`asyncio.to_thread`); raise timeouts only as a stopgap."
    examples:
      match:
        - 'Model warm-up took 48.2s'
        - '[2024-05-01 10:00:31 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:9)'
      no_match:
        - 'Request took 12ms'
        - 'Waiting for application startup.'

  - id: client-disconnect
    title: Clients disconnect before the response is sent
    subsystem: http
    kind: expected-noise
    severity: low
    match:
      text:
        - 'BrokenPipeError|Broken pipe|\bEPIPE\b'
        - 'ClientDisconnect(ed)?\b'
        - 'client (closed|disconnected|went away)|client closed (the )?(request|connection)'
        - '(request|connection) aborted by (the )?client|request aborted'
        - 'ClientAbortException'
        - 'HTTP/[\d.]+"?\s+499\b'
      unless:
        - 'upstream'
        - 'psycopg|asyncpg|mysql|redis|database'
    hypotheses:
      - text: "Clients close connections before the response is written: users navigating away, mobile networks, or client timeouts shorter than the response time."
        confidence: high
      - text: "A proxy or load-balancer timeout shorter than slow requests cuts connections; then it is a latency problem on {endpoint|the slow endpoints}."
        confidence: medium
        secondary: true
      - text: "Streaming responses (server-sent events, websockets) end when clients leave; that is normal."
        confidence: medium
        secondary: true
    questions:
      - "Do the disconnects hit slow endpoints ({endpoint|see the endpoints}), with durations near a client or proxy timeout?"
      - "Is the rate steady (normal background) or did it jump?"
    validation:
      - "The rate stays at its background level, with no user-visible errors."
      - "Slow endpoints respond within the proxy timeout."
    fixes:
      - "No fix needed; log these at INFO or DEBUG."
      - "If a proxy timeout causes them, align timeouts or speed up the endpoint."
      - "Stop work early in streaming handlers once the client is gone."
    examples:
      match:
        - 'BrokenPipeError: [Errno 32] Broken pipe'
        - 'starlette.requests.ClientDisconnect'
      no_match:
        - 'upstream prematurely closed connection while reading response header from upstream'

  - id: health-check-noise
    title: Health-check and probe requests
    subsystem: http
    kind: expected-noise
    severity: low
    match:
      text:
        - '"?(GET|HEAD) /(health|healthz|healthcheck|health-check|ready|readyz|readiness|live|livez|liveness|ping|_ah/health|actuator/health)\b'
        - 'kube-probe|ELB-HealthChecker|GoogleHC|Consul Health Check|UptimeRobot|Uptime-Kuma'
      unless:
        - 'HTTP/[\d.]+"?\s+5\d\d\b'
        - '\bunhealthy\b|health ?check failed|probe failed'
    hypotheses:
      - text: "Probes from a load balancer, orchestrator or uptime monitor hit {endpoint|the health endpoint}: expected traffic."
        confidence: high
      - text: "They are logged as problems because the probe gets a non-2xx answer (the route is missing, or behind auth)."
        confidence: low
        secondary: true
    questions:
      - "Do the probes get 2xx? If not, is the probe path right and public?"
      - "Is the probe interval reasonable for the log volume it causes?"
    validation:
      - "Probe requests no longer appear among problems."
      - "The probe path answers 200 without auth."
    fixes:
      - "Filter health-check paths out of access logs, or log them at DEBUG."
      - "Fix the probe path or make the health endpoint public and cheap."
    examples:
      match:
        - '10.0.0.1:0 - "GET /healthz HTTP/1.1" 200'
        - '10.244.0.1 - - [01/May/2024:10:00:00 +0000] "GET /ready HTTP/1.1" 404 9 "-" "kube-probe/1.29"'
      no_match:
        - '10.0.0.1:0 - "GET /healthz HTTP/1.1" 503'
        - '10.0.0.1:0 - "GET /api/health-records HTTP/1.1" 500'

  - id: deprecation-warning
    title: Deprecation warning
    subsystem: dependencies
    kind: expected-noise
    severity: low
    match:
      text:
        - '\b(DeprecationWarning|PendingDeprecationWarning|FutureWarning)\b'
        - '\bis deprecated\b'
        - '\[DEP\d{4}\]|\bDEP\d{4}\b'
        - 'will be removed in (a )?(future|the next|\d)'
        - '\bdeprecated\b.{0,60}\b(use|instead)\b'
    hypotheses:
      - text: "Code or a dependency uses an API scheduled for removal: harmless today, breaks on the upgrade that removes it."
        confidence: high
      - text: "The warning comes from inside a library; nothing changes in our code until the library is upgraded."
        confidence: medium
        secondary: true
    questions:
      - "Is the deprecated call in our code ({file|see the warning's location}) or inside a dependency?"
      - "In which version is it removed, and is an upgrade to it planned?"
    validation:
      - "The warning no longer appears after the change."
      - "Tests pass against the dependency version that removes the API."
    fixes:
      - "Replace the deprecated call with the one the warning names."
      - "Pin the dependency below the removing version until the code is migrated."
      - "Silence the warning in production logs once it is tracked."
    examples:
      match:
        - 'DeprecationWarning: datetime.datetime.utcnow() is deprecated and scheduled for removal in a future version.'
        - '(node:1) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues.'
      no_match:
        - 'Deployed version 1.4.2'

  - id: http-5xx-responses
    title: "{endpoint|Endpoints} answer HTTP {status|5xx}"
    subsystem: http
    # A symptom: the kind is whatever failed behind it (an unhandled exception, a dependency), not the 5xx itself.
    severity: high
    match:
      status: ['5xx']
    hypotheses:
      - text: "An unhandled exception in the handler; the traceback logged with these requests names it."
        confidence: high
      - text: "A dependency failure (database, upstream API) surfaces as a 500 without handling."
        confidence: medium
      - text: "A worker timeout or crash makes the server or proxy answer 502/504."
        confidence: low
        secondary: true
    questions:
      - "Which exception is logged with the failing requests to {endpoint|these endpoints}?"
      - "Do all requests fail, or only some inputs or users?"
      - "Did the errors start with a deploy?"
    validation:
      - "The failing requests return 2xx, or a 4xx with a clear message for bad input."
      - "The 5xx rate on {endpoint|these endpoints} returns to zero."
    fixes:
      - "Fix the exception the traceback names (see the issue it fires with)."
      - "Map expected dependency failures to clear 4xx/503 responses instead of generic 500s."
    examples:
      match:
        - {text: '172.18.0.1:40012 - "POST /api/orders HTTP/1.1" 500', status: 500}
      no_match:
        - {text: '172.18.0.1:40012 - "POST /api/orders HTTP/1.1" 201', status: 201}

  # MARK: More runtime failures

  - id: port-in-use
    title: Port already in use
    subsystem: runtime
    kind: configuration
    severity: high
    match:
      text:
        - 'EADDRINUSE(: address already in use (?<port>[\w.:\[\]]+))?'
        - '\[Errno (98|48)\] (error while attempting to bind on address (?<port>\S+): )?Address already in use'
        - 'address already in use'
        - 'bind(\(\))?.{0,60}(failed|error).{0,40}in use'
        - 'Port (?<port>\d+) is (already )?in use'
    hypotheses:
      - text: "Another process already listens on {port|the port}: a previous instance that did not exit (an orphaned reloader child, a stopped container still running) or a second service configured with the same port."
        confidence: high
      - text: "Several workers or processes each try to bind the same port themselves instead of sharing one listener."
        confidence: medium
      - text: "A quick restart finds the old socket still bound (no `SO_REUSEADDR`)."
        confidence: low
        secondary: true
    questions:
      - "Which process holds {port|the port} (`ss -ltnp`, `lsof -i`)?"
      - "Is the port set in more than one service's configuration?"
      - "Does it happen only on restarts or reloads?"
    validation:
      - "The service starts on the first try after a restart, and only one process listens on the port."
      - "No bind errors over several reloads or deploys."
    fixes:
      - "Stop the leftover process, or give each service its own port in configuration."
      - "Make shutdown clean (handle SIGTERM, stop child processes) so restarts release the port."
    examples:
      match:
        - 'Error: listen EADDRINUSE: address already in use :::3000'
        - 'ERROR: [Errno 98] error while attempting to bind on address (''0.0.0.0'', 8000): address already in use'
      no_match:
        - 'Listening on port 3000'

  - id: sqlite-database-locked
    title: SQLite database is locked
    subsystem: database
    kind: code-defect
    severity: medium
    match:
      text:
        - 'database (table )?is locked'
        - 'SQLITE_BUSY'
    hypotheses:
      - text: "Several writers use one SQLite file at once (workers, background tasks, a second process), and a write waits longer than the busy timeout."
        confidence: high
      - text: "A transaction stays open too long (a long write, or a session left open across an `await`), blocking other writers."
        confidence: medium
      - text: "The file sits on a network filesystem or shared volume where SQLite locking is unreliable."
        confidence: low
        secondary: true
    questions:
      - "How many processes and threads write to the file, and with what busy timeout?"
      - "Is WAL mode on (`PRAGMA journal_mode`)?"
      - "Which transaction holds the lock when the error occurs?"
    validation:
      - "Concurrent writes under load finish without `database is locked`."
      - "Write latency stays low with the expected number of workers."
    fixes:
      - "Enable WAL mode and set a busy timeout (for example 5 s)."
      - "Keep write transactions short and close sessions promptly; serialise writes through one worker if needed."
      - "Move to a client-server database if several processes must write concurrently."
    examples:
      match:
        - 'sqlite3.OperationalError: database is locked'
      no_match:
        - 'Database unlocked after migration'

  - id: connection-reset
    title: Connections reset by the peer
    subsystem: network
    kind: external
    severity: medium
    match:
      text:
        - 'Connection reset by peer'
        - '\bECONNRESET\b'
        - 'ConnectionResetError'
        - 'RemoteDisconnected|Remote end closed connection without response'
        - 'Server disconnected without sending a response'
        - 'socket hang up'
      # A client leaving is expected noise, not a failing dependency.
      unless:
        - 'client (closed|disconnected)|ClientDisconnect|Broken pipe|BrokenPipeError'
    hypotheses:
      - text: "The upstream or a proxy closes idle keep-alive connections that the client then reuses: the client's pool keeps connections longer than the server's keep-alive timeout."
        confidence: medium
      - text: "The upstream process crashes or restarts mid-request (deploys, out-of-memory kills)."
        confidence: medium
      - text: "A load balancer or NAT drops long-idle connections."
        confidence: low
        secondary: true
      - text: "TLS or protocol mismatch (HTTP/2 vs HTTP/1.1, proxy protocol) makes the peer hang up."
        confidence: low
        secondary: true
    questions:
      - "Do resets happen on the first request after an idle period (keep-alive) or under load (crashes)?"
      - "What are the client pool's idle timeout and the server's keep-alive timeout?"
      - "Does the upstream log restarts or errors at the same times?"
    validation:
      - "No resets after idle periods once the timeouts are aligned."
      - "Idempotent calls that hit a reset succeed on one retry."
    fixes:
      - "Set the client's idle connection timeout below the server's keep-alive timeout."
      - "Retry idempotent requests once on a reset."
      - "Fix the upstream's restarts or crashes if they line up with the resets."
    examples:
      match:
        - 'ConnectionResetError: [Errno 104] Connection reset by peer'
        - 'Error: socket hang up'
        - 'http.client.RemoteDisconnected: Remote end closed connection without response'
      no_match:
        - 'BrokenPipeError: [Errno 32] Broken pipe'
        - 'Connection pool reset after config reload'
"""#
}
