#!/usr/bin/env bash
# Sends a generated N-row CSV through the real service jar against the emulator (both as separate processes, on
# loopback) and prints rows/s, API calls per row, token requests and the service's peak heap.
#
#   bench/send-benchmark.sh [--rows N] [--latency-ms L] [--concurrency C] [--xmx SIZE] [--emulator-xmx SIZE]
#
# --latency-ms makes the emulator answer every create that much later (a scripted "delay" fault), like DocuSign's
# own response time. The service runs with -Xmx SIZE (default 256m); its peak heap comes from its GC log. The
# emulator keeps every envelope in memory in full (about 10 KB each): give it --emulator-xmx 16g for a million rows.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=10000 latency=200 concurrency=16 xmx=256m emulator_xmx=4g
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --latency-ms) latency=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --xmx) xmx=$2; shift 2 ;;
    --emulator-xmx) emulator_xmx=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

[ -f target/docusign-camel.jar ] || mvn -B -q package -DskipTests
work=$(mktemp -d "${TMPDIR:-/tmp}/docusign-bench.XXXXXX")
# a copy: rebuilding target/ during a long run must not pull the jar from under the running processes
jar=$work/docusign-camel.jar
cp target/docusign-camel.jar "$jar"
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
json() { python3 -c "import json,sys; print(json.load(open('$1'))$2)"; }

# 1. the emulator, alone, with limits high enough that only latency and the service shape the run
java -Xmx"$emulator_xmx" -jar "$jar" emulator --port 0 --dir "$work/emulator" > "$work/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q '^emulator ready ' "$work/emulator.log" && break; sleep 0.5; done
base=$(grep '^emulator ready ' "$work/emulator.log" | awk '{print $3}')
creds="$work/emulator/credentials.json"
control=$(json "$creds" "['controlBaseUrl']")
curl -sk -o /dev/null "$(json "$creds" "['consentUrl']")"
curl -sk -o /dev/null -X PUT -H 'Content-Type: application/json' "$control/settings" \
  -d '{"hourlyLimit": 100000000, "burstLimit": 100000000}'
if [ "$latency" -gt 0 ]; then
  curl -sk -o /dev/null -X POST -H 'Content-Type: application/json' "$control/faults" \
    -d "{\"method\":\"POST\",\"path\":\"/restapi/v2\\\\.1/accounts/[^/]+/envelopes\",\"action\":\"delay\",\"delayMillis\":$latency}"
fi

# 2. the input file, generated without holding it in memory
mkdir -p "$work/service/inbox"
cp -r routes application.properties samples "$work/service/"
awk -v n="$rows" 'BEGIN { print "ExternalId,signer::Name,signer::Email,cc::Name,cc::Email,startDate,salary";
  for (i = 1; i <= n; i++) printf "B-%07d,Person %d,person%d@example.com,HR,hr@example.com,2027-01-04,50000\n", i, i, i }' \
  > "$work/bench.csv.part"

# 3. the service, configured as for a remote DocuSign
port=$(free_port)
(
  cd "$work/service"
  DOCUSIGN_ENVIRONMENT=demo \
  DOCUSIGN_OAUTH_BASE_URL=$(json "$creds" "['oauthBaseUrl']") \
  DOCUSIGN_INTEGRATION_KEY=$(json "$creds" "['integrationKey']") \
  DOCUSIGN_USER_ID=$(json "$creds" "['userId']") \
  DOCUSIGN_PRIVATE_KEY_FILE=$(json "$creds" "['privateKeyFile']") \
  DOCUSIGN_TRUSTSTORE_FILE=$(json "$creds" "['truststoreFile']") \
  DOCUSIGN_TRUSTSTORE_PASSWORD=$(json "$creds" "['truststorePassword']") \
  INBOX_TEMPLATE_ID=$(json "$creds" "['templateId']") \
  INBOX_CONCURRENCY=$concurrency \
  HTTP_PORT=$port \
  exec java -Xmx"$xmx" -Xlog:gc:file="$work/gc.log" -jar "$jar" 2>&1
) > "$work/service.log" 2>&1 &
pids+=($!)
ready=no
for _ in $(seq 1 120); do curl -sf "localhost:$port/observe/health/ready" > /dev/null && { ready=yes; break; }; sleep 0.5; done
[ "$ready" = yes ] || { echo "the service did not become ready; see $work/service.log" >&2; tail -20 "$work/service.log" >&2; exit 1; }

start=$(date +%s.%N)
mv "$work/bench.csv.part" "$work/service/inbox/bench.csv"
results="$work/service/outbox/results/bench.csv.results.csv"
until [ -f "$results" ]; do
  kill -0 "${pids[1]}" 2>/dev/null || { echo "the service died; see $work/service.log" >&2; exit 1; }
  sleep 1
done
end=$(date +%s.%N)

# 4. figures
curl -sk "$control/counters" > "$work/counters.json"
python3 - "$work" "$rows" "$start" "$end" "$latency" "$concurrency" "$xmx" <<'PY'
import json, re, sys
work, rows, start, end, latency, concurrency, xmx = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
counters = json.load(open(f"{work}/counters.json"))
rest = sum(v for k, v in counters["byEndpoint"].items() if "/restapi/" in k)
tokens = sum(counters["tokenRequests"].values())
outcomes = {}
with open(f"{work}/service/outbox/results/bench.csv.results.csv") as f:
    next(f)
    for line in f:
        outcome = line.split(",")[2]
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
peak = 0.0
for line in open(f"{work}/gc.log"):
    m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        peak = max(peak, float(m.group(1)))
seconds = end - start
print(f"rows={rows} latency_ms={latency} concurrency={concurrency} xmx={xmx}")
print(f"seconds={seconds:.1f} rows_per_s={rows / seconds:.1f}")
print(f"api_calls={rest} api_calls_per_row={rest / rows:.3f} token_requests={tokens} userinfo_calls={counters['userinfoCalls']}")
print(f"outcomes={outcomes}")
print(f"peak_heap_mb={peak:.0f} (largest heap in use before a GC, from -Xlog:gc)")
PY
echo "work dir: $work"
