#!/usr/bin/env bash
# The exchange benchmark: N generated contribution rows (bench/Generator, UTF-8), the simulator as its own process,
# the hub's `exchange` verb as its own process under /usr/bin/time -v, on PostgreSQL (a throwaway cluster through
# pg_virtualenv, or CREDITHUB_BENCH_POSTGRES). In the same run it times a plain COPY of the same file into
# PostgreSQL (bench/CopyBaseline), for the ratio. Usage: bench/Exchange/run.sh [ROWS]   (default 100000; the figure in docs is 1000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
rows=${1:-100000}
out=bench/out/exchange; rm -rf "$out"; mkdir -p "$out/inbox"

dotnet build src/GanXian.CreditHub -c Release -v q -nologo >/dev/null
dotnet build src/GanXian.CreditHub.PlatformSimulator -c Release -v q -nologo >/dev/null
dotnet build bench/Generator -c Release -v q -nologo >/dev/null
dotnet build bench/CopyBaseline -c Release -v q -nologo >/dev/null
dotnet bench/Generator/bin/Release/net10.0/GanXian.CreditHub.Bench.Generator.dll contributions --rows "$rows" --encoding utf-8-bom --out "$out/inbox/contributions.csv" >/dev/null

if [ -z "${CREDITHUB_BENCH_POSTGRES:-}" ] && [ -z "${PGHOST:-}" ]; then
  # Re-run inside a throwaway cluster (the Debian wrapper exports PGHOST/PGPORT/PGUSER/PGPASSWORD).
  # PostgreSQL for this machine (24 GB): 2 GB of shared_buffers (the default 128 MB does not hold a million records'
  # indexes). WAL stays at the default 1 GB between checkpoints, so that segments are recycled during the run, and
  # new segments are not zero-filled first (wal_init_zero=off): on this machine a page the kernel newly allocates
  # costs several times one it reuses, and with 8 GB PostgreSQL's kernel time was higher (docs/benchmarks.md).
  # WAL compression (wal_compression=lz4) was measured and not kept: it won one hour and lost the next (docs/benchmarks.md).
  # BENCH_PG_OPTIONS replaces these, e.g. BENCH_PG_OPTIONS="" for the defaults.
  pg_opts=${BENCH_PG_OPTIONS-"-o shared_buffers=2GB -o max_wal_size=1GB -o wal_init_zero=off -o checkpoint_timeout=30min -o work_mem=64MB -o maintenance_work_mem=512MB"}
  # shellcheck disable=SC2086
  exec pg_virtualenv -t $pg_opts "$0" "$@"
fi
if [ -n "${CREDITHUB_BENCH_POSTGRES:-}" ]; then cs=$CREDITHUB_BENCH_POSTGRES; else
  # Loopback: no TLS (the Debian cluster offers it, and Npgsql's default would encrypt every byte on both sides).
  cs="Host=${PGHOST};Port=${PGPORT};Username=${PGUSER};Password=${PGPASSWORD};Database=${PGDATABASE:-postgres};SSL Mode=Disable"
fi

psql_cs=(psql "host=${PGHOST:-127.0.0.1} port=${PGPORT:-5432} user=${PGUSER:-postgres} dbname=${PGDATABASE:-postgres}" -q -v ON_ERROR_STOP=1)
sim=src/GanXian.CreditHub.PlatformSimulator/bin/Release/net10.0/GanXian.CreditHub.PlatformSimulator.dll
dotnet "$sim" --app-key bench --app-secret bench-secret --port 9188 > "$out/simulator.log" 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true' EXIT
sleep 3

export Database__Provider=Postgres Database__ConnectionString="$cs"
export Platform__Mode=Remote Platform__BaseUrl=http://127.0.0.1:9188 Platform__AppKey=bench Platform__AppSecret=bench-secret
export Platform__SourceUnitUscc=11360721014957209W
export Collect__Sources__0__Inbox="$PWD/$out/inbox" Collect__Sources__0__Archive="$PWD/$out/archive" Collect__Sources__0__Rejected="$PWD/$out/rejected"
export Logging__Console__MinimumLevel=Warning Logging__File__Path="$PWD/$out/logs/hub-.json"
hub=$PWD/src/GanXian.CreditHub/bin/Release/net10.0/GanXian.CreditHub.dll
cd "$(dirname "$hub")"   # the content root: appsettings.json, mappings/
dotnet "$hub" db migrate >/dev/null

# CPU of the other two processes, for the split: the simulator's own, and PostgreSQL's finished backends (reaped by
# the postmaster, so they show in its children's time). Clock ticks from /proc/PID/stat.
pg_pid=$(head -n 1 "$(psql "${psql_cs[@]:1}" -Atc 'SHOW data_directory' 2>/dev/null || echo /nonexistent)/postmaster.pid" 2>/dev/null || echo "")
ticks() { [ -n "$1" ] && [ -r "/proc/$1/stat" ] && awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" || echo 0; }
sys_ticks() { [ -n "$1" ] && [ -r "/proc/$1/stat" ] && awk '{print $15 + $17}' "/proc/$1/stat" || echo 0; }
sim_t0=$(ticks "$sim_pid"); pg_t0=$(ticks "$pg_pid"); pg_sys0=$(sys_ticks "$pg_pid")
wal0=$("${psql_cs[@]}" -Atc 'SELECT pg_current_wal_lsn()')
"${psql_cs[@]}" -c 'CREATE EXTENSION IF NOT EXISTS pg_walinspect' >/dev/null 2>&1 || true   # WAL by record type, below (superuser only)
temp0=$("${psql_cs[@]}" -Atc 'SELECT COALESCE(SUM(temp_bytes), 0) FROM pg_stat_database')
start=$(date +%s.%N)
${HUB_PREFIX:-} /usr/bin/time -v -o "$repo/$out/time.txt" dotnet "$hub" exchange > "$repo/$out/exchange.txt" 2>&1 || true
cd "$repo"
end=$(date +%s.%N)
exchange_s=$(echo "$end - $start" | bc)
wal_mb=$("${psql_cs[@]}" -Atc "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal0') / 1048576)")
temp_mb=$("${psql_cs[@]}" -Atc "SELECT round((COALESCE(SUM(temp_bytes), 0) - $temp0) / 1048576) FROM pg_stat_database")
# Where PostgreSQL's writes went (WAL, buffers written by backends, checkpoints, tables), for the analysis; the WAL by
# record type only while the run's WAL is still there (max_wal_size larger than the run's WAL).
"${psql_cs[@]}" -x -c 'SELECT * FROM pg_stat_wal' -c 'SELECT * FROM pg_stat_bgwriter' \
  -c "SELECT relname, pg_size_pretty(pg_total_relation_size(relid)) AS total, n_tup_ins, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 8" \
  -c "SELECT \"resource_manager/record_type\" AS kind, count, round(combined_size / 1048576.0) AS mb, round(combined_size_percentage::numeric, 1) AS pct FROM pg_get_wal_stats('$wal0', pg_current_wal_flush_lsn(), true) WHERE count > 0 ORDER BY combined_size DESC LIMIT 15" > "$out/pg-stats.txt" 2>&1 || true
sleep 3   # the hub's backends exit after it does; the postmaster must have reaped them for their CPU to count
hz=$(getconf CLK_TCK)
sim_cpu=$(echo "($(ticks "$sim_pid") - $sim_t0) / $hz" | bc -l); pg_cpu=$(echo "($(ticks "$pg_pid") - $pg_t0) / $hz" | bc -l)
pg_sys=$(echo "($(sys_ticks "$pg_pid") - $pg_sys0) / $hz" | bc -l)
hub_cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$out/time.txt")
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")

# Baseline: a plain binary COPY of the same rows (the archived file, parsed with the same CSV reader) into a table of
# text columns, in one transaction (bench/CopyBaseline).
file=$(ls "$out"/archive/contributions*.csv | head -n 1)
copy_line=$(dotnet bench/CopyBaseline/bin/Release/net10.0/GanXian.CreditHub.Bench.CopyBaseline.dll --file "$file" --connection "$cs")
copy_s=$(echo "$copy_line" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')

tail -n 4 "$out/exchange.txt"
printf 'rows=%s exchange=%.1fs (%.0f rows/s) maxrss=%.0fMB cpu: hub=%.1fs simulator=%.1fs postgres=%.1fs (kernel %.1fs) wal=%sMB temp=%sMB binary-copy=%.1fs (%.0f rows/s) ratio=%.1fx\n' \
  "$rows" "$exchange_s" "$(echo "$rows / $exchange_s" | bc -l)" "$(echo "$rss_kb / 1024" | bc -l)" "$hub_cpu" "$sim_cpu" "$pg_cpu" "$pg_sys" "$wal_mb" "$temp_mb" \
  "$copy_s" "$(echo "$rows / $copy_s" | bc -l)" "$(echo "$exchange_s / $copy_s" | bc -l)" | tee "$out/result.txt"
