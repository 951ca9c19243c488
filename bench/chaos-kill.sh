#!/usr/bin/env bash
# Exactly once under kill -9: sends a generated N-row CSV through the real service jar against a faulty emulator
# (10% of REST calls answered 503, 5% of creates accepted but never answered, 2% of connections dropped), and kills
# the service process with SIGKILL K times at random moments, starting it again each time. At the end it counts, at
# the emulator, the envelopes per row key, and in the results file the lines per row, and prints
#
#   rows=N kills=K envelopes=E duplicates=0 missing=0 results_lines=N sent=N mismatched=0
#
#   bench/chaos-kill.sh [--rows N] [--kills K] [--seed S]
#
# duplicates: envelopes beyond the first for a row key; missing: row keys without an envelope; mismatched: results
# lines whose envelope id is not the row key's envelope. Exit code 1 unless all three are 0 and every row was sent.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=5000 kills=20 seed=$RANDOM
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --kills) kills=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
RANDOM=$seed

[ -f target/docusign-camel.jar ] || mvn -B -q package -DskipTests
work=$(mktemp -d "${TMPDIR:-/tmp}/docusign-chaos.XXXXXX")
jar=$work/docusign-camel.jar
cp target/docusign-camel.jar "$jar"
emulator_pid='' service_pid=''
cleanup() {
  for p in $service_pid $emulator_pid; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
json() { python3 -c "import json,sys; print(json.load(open('$1'))$2)"; }
fault() { curl -sk -o /dev/null -X POST -H 'Content-Type: application/json' "$control/faults" -d "$1"; }

# 1. the emulator, alone, outliving every kill of the service, with the faults
java -Xmx2g -jar "$jar" emulator --port 0 --dir "$work/emulator" > "$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 120); do grep -q '^emulator ready ' "$work/emulator.log" && break; sleep 0.5; done
creds="$work/emulator/credentials.json"
control=$(json "$creds" "['controlBaseUrl']")
curl -sk -o /dev/null "$(json "$creds" "['consentUrl']")"
curl -sk -o /dev/null -X PUT -H 'Content-Type: application/json' "$control/settings" \
  -d '{"hourlyLimit": 100000000, "burstLimit": 100000000}'
fault '{"method":"*","path":"/restapi/.*","action":"status","status":503,"probability":0.10}'
fault '{"method":"POST","path":"/restapi/v2\\.1/accounts/[^/]+/envelopes","action":"accept-then-hang","probability":0.05}'
fault '{"method":"*","path":"/restapi/.*","action":"reset","probability":0.02}'
fault "{\"seed\":$seed}"

# 2. the service's folder and input
mkdir -p "$work/service/inbox"
cp -r routes application.properties samples "$work/service/"
awk -v n="$rows" 'BEGIN { print "ExternalId,signer::Name,signer::Email,cc::Name,cc::Email";
  for (i = 1; i <= n; i++) printf "K-%07d,Person %d,person%d@example.com,HR,hr@example.com\n", i, i, i }' \
  > "$work/chaos.csv.part"
port=$(free_port)
start_service() {
  (
    cd "$work/service"
    DOCUSIGN_ENVIRONMENT=demo \
    DOCUSIGN_OAUTH_BASE_URL=$(json "$creds" "['oauthBaseUrl']") \
    DOCUSIGN_INTEGRATION_KEY=$(json "$creds" "['integrationKey']") \
    DOCUSIGN_USER_ID=$(json "$creds" "['userId']") \
    DOCUSIGN_PRIVATE_KEY_FILE=$(json "$creds" "['privateKeyFile']") \
    DOCUSIGN_TRUSTSTORE_FILE=$(json "$creds" "['truststoreFile']") \
    DOCUSIGN_TRUSTSTORE_PASSWORD=$(json "$creds" "['truststorePassword']") \
    DOCUSIGN_HTTP_TIMEOUT=2s \
    INBOX_TEMPLATE_ID=$(json "$creds" "['templateId']") \
    INBOX_CONCURRENCY=16 INBOX_MAX_ATTEMPTS=30 INBOX_RETRY_INITIAL_BACKOFF=100ms INBOX_RETRY_MAX_BACKOFF=1s \
    HTTP_PORT=$port \
    exec java -Xmx256m -jar "$jar"
  ) >> "$work/service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 480); do curl -sf "localhost:$port/observe/health/live" > /dev/null && return; sleep 0.25; done
  echo "the service did not start; see $work/service.log" >&2; exit 1
}
results="$work/service/outbox/results/chaos.csv.results.csv"

# 3. kill -9 at random moments while the file is being sent
start_service
mv "$work/chaos.csv.part" "$work/service/inbox/chaos.csv"
done_kills=0
while [ "$done_kills" -lt "$kills" ] && [ ! -f "$results" ]; do
  sleep "$((RANDOM % 4 + 1)).$((RANDOM % 10))"
  [ -f "$results" ] && break
  kill -9 "$service_pid"; wait "$service_pid" 2>/dev/null || true
  done_kills=$((done_kills + 1))
  echo "kill -9 #$done_kills" >> "$work/service.log"
  start_service
done
# the rest of the file, while results lines keep being recorded; a file that stops moving for 5 minutes is a
# finding, and the counts below are printed anyway
finished=1 last_progress=$SECONDS last_lines=-1
until [ -f "$results" ]; do
  kill -0 "$service_pid" 2>/dev/null || { echo "the service died; see $work/service.log" >&2; exit 1; }
  lines=$(curl -sf "localhost:$port/observe/metrics" | awk '/^docusign_rows_total/ { n += $2 } END { print n + 0 }')
  [ "$lines" != "$last_lines" ] && { last_lines=$lines; last_progress=$SECONDS; }
  if (( SECONDS - last_progress > 300 )); then
    echo "the file stopped moving at $lines recorded rows for 5 minutes; see $work/service.log" >&2
    finished=0; break
  fi
  sleep 1
done
if [ "$finished" = 1 ] && [ "$done_kills" -lt "$kills" ]; then
  echo "note: the file finished after $done_kills kills; use more --rows for $kills" >&2
fi

# 4. count
curl -sk "$control/envelopes" > "$work/envelopes.json"
curl -sk "$control/counters" > "$work/counters.json"
python3 - "$work" "$rows" "$done_kills" "$seed" <<'PY'
import collections, json, os, sys
work, rows, kills, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
envelopes = json.load(open(f"{work}/envelopes.json"))["envelopes"]
per_key = collections.Counter(e.get("transactionId") for e in envelopes)
envelope_of = {e.get("transactionId"): e["envelopeId"] for e in envelopes}
expected = {f"K-{i:07d}" for i in range(1, rows + 1)}
duplicates = sum(n - 1 for n in per_key.values() if n > 1)
missing = len(expected - set(per_key))
lines = sent = mismatched = 0
outcomes = collections.Counter()
results = f"{work}/service/outbox/results/chaos.csv.results.csv"
with open(results if os.path.exists(results) else os.devnull) as f:
    next(f, None)
    for line in f:
        row, key, outcome, envelope_id = line.rstrip("\n").split(",")[:4]
        lines += 1
        outcomes[outcome] += 1
        sent += outcome == "sent"
        mismatched += envelope_of.get(key) != envelope_id
faults = json.load(open(f"{work}/counters.json"))["byOutcome"]
print(f"rows={rows} kills={kills} envelopes={len(envelopes)} duplicates={duplicates} missing={missing} "
      f"results_lines={lines} sent={sent} mismatched={mismatched}")
print(f"outcomes={dict(outcomes)} emulator_answers={faults} seed={seed}")
sys.exit(0 if duplicates == 0 and missing == 0 and mismatched == 0 and sent == rows == lines else 1)
PY
echo "work dir: $work"
