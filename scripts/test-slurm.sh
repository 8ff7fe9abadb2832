#!/usr/bin/env bash
# End-to-end test of the sweep on a real Slurm (issue 13): starts a one-node Slurm on this machine (Debian's slurm-wlm
# and munge, installed with apt-get when missing: needs root), submits examples/tiny-sweep.json as a job array with
# scripts/slurm/submit.sh, waits for the jobs' states, and checks that the merged table equals a local unsharded run of
# the same spec (every column but the wall time). Everything lives in a fresh temporary folder (its own munge socket
# and key, its own ports); the daemons it started are stopped at the end, pass or fail.
#   bash scripts/test-slurm.sh            # 3–5 minutes on 2 cores (a local run, then the same sweep on Slurm)
#   KEEP=1 bash scripts/test-slurm.sh     # keep the temporary folder (logs, results) for a look
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
SPEC=${SPEC:-examples/tiny-sweep.json}
TIMEOUT_S=${TIMEOUT_S:-900}
CTLD_PORT=${CTLD_PORT:-16817}
SLURMD_PORT=${SLURMD_PORT:-16818}

say() { echo "test-slurm: $*"; }
fail() { echo "test-slurm: FAIL: $*" >&2; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  [ "$(id -u)" = 0 ] || fail "slurm-wlm and munge are not installed and installing them needs root"
  say "installing slurm-wlm and munge"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null; }
fi
[ "$(id -u)" = 0 ] || fail "the daemons run as root here (SlurmUser=root): run as root"

WORK=$(mktemp -d /tmp/lab-slurm.XXXXXX)
NODE=$(hostname -s)
export SLURM_CONF="$WORK/slurm.conf"
ARRAY=''
MERGE=''

stop_pid_file() { # stops the daemon whose pid file we wrote, and waits for it to go
  local f=$1
  [ -s "$f" ] || return 0
  local pid
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  [ -n "$ARRAY$MERGE" ] && scancel ${ARRAY:+"$ARRAY"} ${MERGE:+"$MERGE"} 2>/dev/null || true
  stop_pid_file "$WORK/slurmd.pid"
  stop_pid_file "$WORK/slurmctld.pid"
  stop_pid_file "$WORK/munged.pid"
  if [ "$rc" != 0 ]; then
    for log in slurmctld.log slurmd.log munged.log; do [ -f "$WORK/$log" ] && { echo "--- $log (tail)"; tail -n 20 "$WORK/$log"; }; done
    for out in "$WORK"/jobs/*.out; do [ -f "$out" ] && { echo "--- $out (tail)"; tail -n 20 "$out"; }; done
  fi
  if [ -n "${KEEP:-}" ] || [ "$rc" != 0 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT

# Waits until a command's output matches a pattern, checking every second, failing after TIMEOUT_S.
wait_until() {
  local what=$1 pattern=$2; shift 2
  local deadline=$((SECONDS + TIMEOUT_S))
  until "$@" 2>/dev/null | grep -Eq "$pattern"; do
    [ $SECONDS -lt $deadline ] || fail "timed out after ${TIMEOUT_S}s waiting for $what"
    sleep 1
  done
}

say "local, unsharded run of $SPEC"
node_modules/.bin/tsx cli/sweep.ts --spec "$SPEC" --out "$WORK/local" --quiet >/dev/null

say "starting munged, slurmctld and slurmd in $WORK"
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/jobs"
head -c 1024 /dev/urandom >"$WORK/munge.key"
chmod 0400 "$WORK/munge.key"
munged --force --key-file="$WORK/munge.key" --socket="$WORK/munge.sock" --pid-file="$WORK/munged.pid" \
  --log-file="$WORK/munged.log" --seed-file="$WORK/munged.seed"
wait_until "munged's socket" . ls "$WORK/munge.sock"

MEMORY_MB=$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)
cat >"$SLURM_CONF" <<EOF
ClusterName=labtest
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$WORK/munge.sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MinJobAge=3600
MpiDefault=none
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$MEMORY_MB State=UNKNOWN
PartitionName=lab Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
wait_until "the node to be idle" '^idle' sinfo -h -N -o %t

say "submitting $SPEC as a job array"
OUT="$WORK/slurm"
read -r ARRAY MERGE < <(SWEEP_REPO="$REPO" SBATCH_OPTIONS="--cpus-per-task=1 --mem=2G --chdir=$WORK/jobs" "$REPO/scripts/slurm/submit.sh" "$REPO/$SPEC" "$OUT")
say "array job $ARRAY, merge job $MERGE"
wait_until "the jobs to leave the queue" '^$' bash -c "squeue -h -j $ARRAY,$MERGE -o %i | tr -d '[:space:]'; echo"

# Every array task and the merge job must have completed (scontrol keeps finished jobs for MinJobAge).
STATES=$(scontrol -o show job "$ARRAY" | grep -o 'JobState=[A-Z_]*' | sort | uniq -c | tr -s ' ')
CELLS=$(node_modules/.bin/tsx cli/sweep.ts --spec "$SPEC" --plan | sed -n 's/^cells: //p')
say "array tasks:$STATES"
[ "$(scontrol -o show job "$ARRAY" | grep -c 'JobState=COMPLETED')" = "$CELLS" ] || fail "not all $CELLS array tasks completed:$STATES"
scontrol -o show job "$MERGE" | grep -q 'JobState=COMPLETED' || fail "the merge job did not complete: $(scontrol -o show job "$MERGE" | grep -o 'JobState=[A-Z_]*')"

say "comparing the merged table with the local run"
node -e '
  const fs = require("fs");
  const rows = (f) => JSON.parse(fs.readFileSync(f, "utf8")).rows.map(({ wallSeconds, ...r }) => r);
  const [local, slurm] = process.argv.slice(1).map(rows);
  if (local.length === 0) { console.error("the local table is empty"); process.exit(1); }
  if (JSON.stringify(local) !== JSON.stringify(slurm)) {
    console.error("the tables differ:\n local " + JSON.stringify(local) + "\n slurm " + JSON.stringify(slurm));
    process.exit(1);
  }
  console.log("test-slurm: " + local.length + " rows equal");
' "$WORK/local/results.json" "$OUT/results.json"
say "PASS"
