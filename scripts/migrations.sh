#!/usr/bin/env bash
# Adds a migration for BOTH providers (they must never drift apart).
#   scripts/migrations.sh add NAME     add migration NAME to Postgres and Sqlite
#   scripts/migrations.sh reset        delete all migrations and regenerate one "Initial" (only before the first release)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
proj=src/GanXian.CreditHub
case "${1:-}" in
  add)
    name=${2:?migration name}
    dotnet build "$proj" -v q -nologo >/dev/null
    dotnet ef migrations add "$name" --no-build --project "$proj" --context PostgresCreditHubDbContext --output-dir Data/Postgres/Migrations
    dotnet ef migrations add "$name" --no-build --project "$proj" --context SqliteCreditHubDbContext --output-dir Data/Sqlite/Migrations
    ;;
  reset)
    rm -rf "$proj/Data/Postgres/Migrations" "$proj/Data/Sqlite/Migrations"
    "$0" add Initial
    ;;
  *) echo "usage: $0 add NAME | reset" >&2; exit 2 ;;
esac
