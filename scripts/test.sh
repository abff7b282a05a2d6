#!/usr/bin/env bash
# The test command (README, .ci/run). Installs what the tests need when it is missing (PostgreSQL 15 server
# binaries, Debian's Chromium for Playwright), runs every test project in Release, and prints one closing line
# "tests: N passed, M failed" with the totals from the TRX results. Exits non-zero on any failure or on no tests.
set -uo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    echo "installing $* ..."
    (apt-get update -qq || true) >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 || echo "warning: apt-get install $* failed" >&2
  else
    echo "warning: $* missing and not root; install it first" >&2
  fi
}

ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql-15
[ -x /usr/bin/chromium ] || apt_install chromium

results=artifacts/test-results
rm -rf "$results"
dotnet test GanXian.CreditHub.sln -c Release --results-directory "$results" "$@"
status=$?

passed=0; failed=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done

echo "tests: $passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ] || [ "$files" -lt 2 ]; then
  exit 1
fi
