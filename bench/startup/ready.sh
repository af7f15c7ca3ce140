# Sourced by the start-up benchmarks (run.sh, image.sh).
#
# start_and_await <port> <log> <command...>: starts the command in the background, its output to <log>, and sets
# STARTED (its process id) and READY_MS (milliseconds from its start to the first 200 from
# http://127.0.0.1:<port>/actuator/health/readiness, or "failed" when it ended first or took over 5 minutes).
# The polls, every 10 ms, come from one Python process started before the clock (await-ready.py) rather than a curl
# per poll: those took CPU from the start being measured.
start_and_await() {
  local port=$1 log=$2 begin end
  shift 2
  coproc POLL { exec python3 "$(dirname "${BASH_SOURCE[0]}")/await-ready.py" "$port" /actuator/health/readiness; }
  read -r _ <&"${POLL[0]}"
  begin=${EPOCHREALTIME/./}
  "$@" >"$log" 2>&1 {POLL[0]}<&- {POLL[1]}>&- &
  STARTED=$!
  echo "$STARTED" >&"${POLL[1]}"
  read -r end <&"${POLL[0]}"
  wait "$POLL_PID" 2>/dev/null || true
  if [ -z "$end" ] || [ "$end" = failed ]; then
    READY_MS=failed
  else
    READY_MS=$(((end / 1000 - begin) / 1000))
  fi
}
