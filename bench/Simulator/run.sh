#!/usr/bin/env bash
# The simulator benchmark: builds the simulator and bench/Simulator (Release), starts the simulator as its own
# process, sends N signed batches of 500 SHBX_JFXX records and prints records/s and the simulator's CPU time.
# Usage: bench/Simulator/run.sh [BATCHES] [extra options of the bench, e.g. --concurrency 2 --replay]
# Environment: SIM_ARGS (extra simulator arguments, e.g. "--state-file /tmp/sim.jsonl"), SIM_PREFIX (e.g. a profiler),
# SIM_DLL (another build of the simulator, e.g. of an older commit, for before/after figures).
set -euo pipefail
cd "$(dirname "$0")/../.."
batches=${1:-200}; shift || true
port=${SIM_PORT:-9189}
dotnet build src/GanXian.CreditHub.PlatformSimulator -c Release -v q -nologo >/dev/null
dotnet build bench/Simulator -c Release -v q -nologo >/dev/null
sim=${SIM_DLL:-src/GanXian.CreditHub.PlatformSimulator/bin/Release/net10.0/GanXian.CreditHub.PlatformSimulator.dll}
mkdir -p bench/out/simulator
# shellcheck disable=SC2086
${SIM_PREFIX:-} dotnet "$sim" --app-key bench --app-secret bench-secret --port "$port" ${SIM_ARGS:-} > bench/out/simulator/simulator.log 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/_sim/stats" >/dev/null 2>&1 && break
  sleep 0.1
done
# With a prefix (e.g. dotnet-trace collect -- dotnet …) the simulator is a child of it.
pid=$sim_pid
if [ -n "${SIM_PREFIX:-}" ]; then pid=$(pgrep -P "$sim_pid" -f GanXian.CreditHub.PlatformSimulator.dll | head -n 1 || true); pid=${pid:-$sim_pid}; fi
dotnet bench/Simulator/bin/Release/net10.0/GanXian.CreditHub.Bench.Simulator.dll --url "http://127.0.0.1:$port" --pid "$pid" --batches "$batches" "$@"
