#!/usr/bin/env bash
# Calls the platform (or its simulator) with a request signed as PLATFORM-API.md §1 says, using only openssl and curl.
#   scripts/sim-curl.sh METHOD PATH_AND_QUERY [BODY_FILE]
#   SIM_URL (default http://127.0.0.1:9100), SIM_APP_KEY, SIM_APP_SECRET, SIM_SIGN_METHOD (HMAC-SHA256 | HMAC-SM3)
# PATH_AND_QUERY is signed exactly as given, so percent-encode the query yourself (e.g. + as %2B).
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,5p' "$0" >&2
  exit 2
fi

method=$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')
path=$2
body=${3:-}
url=${SIM_URL:-http://127.0.0.1:9100}
key=${SIM_APP_KEY:?set SIM_APP_KEY}
secret=${SIM_APP_SECRET:?set SIM_APP_SECRET}
sign_method=${SIM_SIGN_METHOD:-HMAC-SHA256}

case "$sign_method" in
  HMAC-SHA256) digest=-sha256 ;;
  HMAC-SM3) digest=-sm3 ;;
  *) echo "unsupported SIM_SIGN_METHOD $sign_method" >&2; exit 2 ;;
esac

timestamp=$(( $(date +%s%N) / 1000000 ))
nonce=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen)
if [ -n "$body" ]; then
  body_hash=$(openssl dgst -sha256 -hex < "$body" | awk '{print $NF}')
else
  body_hash=$(printf '' | openssl dgst -sha256 -hex | awk '{print $NF}')
fi

string_to_sign=$(printf '%s\n%s\n%s\n%s\n%s' "$method" "$path" "$timestamp" "$nonce" "$body_hash")
signature=$(printf '%s' "$string_to_sign" | openssl dgst "$digest" -hmac "$secret" -binary | base64 | tr -d '\n')

args=(-sS -X "$method" "$url$path"
  -H "X-Credit-AppKey: $key" -H "X-Credit-Timestamp: $timestamp" -H "X-Credit-Nonce: $nonce"
  -H "X-Credit-SignMethod: $sign_method" -H "X-Credit-Signature: $signature")
if [ -n "$body" ]; then
  args+=(-H "Content-Type: application/json" --data-binary "@$body")
fi
curl "${args[@]}" -w '\n'
