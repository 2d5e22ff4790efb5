#!/usr/bin/env bash
# A run split over a real Slurm job array and merged by a job that depends on it, compared
# byte for byte with the same run on one machine.
#
#   scripts/slurm-test.sh            # install Slurm if need be, start it, test, stop it
#
# Installs Debian's single-node Slurm (slurm-wlm, with munge) when it is missing, writes a
# private, minimal slurm.conf for this host under target/slurm-test/slurm (controller and
# node daemon on localhost, on their own ports 16817/16818 so a Slurm already on the
# machine is not disturbed; no systemd: proctrack/linuxproc, task/none), starts munged
# (unless it runs), and its own slurmctld and slurmd with `-f` that file, submits
# `sbatch --array` of `sibyl run --shard auto` and a merge job with
# `--dependency=afterok:<array>` (the clients read the file through SLURM_CONF), waits,
# compares with a single run (`cmp`), and stops the daemons it started. Needs root (or
# sudo). Set SIBYL to a binary to use it instead of building one; SHARDS (default 3) and
# TRIALS (default 300000, past the 262,144-trial pilot) size the run. Writes only under
# target/slurm-test/ (its config, spool, logs, pid files and the runs) and, for munged,
# /run/munge; it never touches /etc/slurm.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
unset LC_ALL LC_MESSAGES LANG

SHARDS="${SHARDS:-3}"
TRIALS="${TRIALS:-300000}"
SEED="${SEED:-7}"
contract=contracts/peterborough.toml
scenario=scenarios/peterborough.toml

step() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

step "sibyl"
if [ -z "${SIBYL:-}" ]; then
  cargo build --quiet --release --bin sibyl
  SIBYL="${CARGO_TARGET_DIR:-$root/target}/release/sibyl"
fi
"$SIBYL" --version

step "Slurm and munge"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge
fi
slurmctld -V

host="$(hostname -s)"
cpus="$(nproc)"
# RealMemory in MB, a little under what the machine has.
mem="$(free -m | awk '/^Mem:/ { print int($2 * 0.9) }')"

work="$root/target/slurm-test"
rm -rf "$work"
mkdir -p "$work/logs"
conf_dir="$work/slurm"
export SLURM_CONF="$conf_dir/slurm.conf"

step "a private slurm.conf for $host ($cpus CPUs, ${mem} MB): $SLURM_CONF"
as_root mkdir -p "$conf_dir/spool/slurmctld" "$conf_dir/spool/slurmd" "$conf_dir/log" /run/munge
as_root tee "$SLURM_CONF" >/dev/null <<CONF
ClusterName=sibyltest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$conf_dir/spool/slurmctld
SlurmdSpoolDir=$conf_dir/spool/slurmd
SlurmctldPidFile=$conf_dir/slurmctld.pid
SlurmdPidFile=$conf_dir/slurmd.pid
SlurmctldLogFile=$conf_dir/log/slurmctld.log
SlurmdLogFile=$conf_dir/log/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
cat "$SLURM_CONF"

step "start munged, slurmctld, slurmd"
started=()
if ! pgrep -x munged >/dev/null; then
  as_root chown munge:munge /run/munge /etc/munge/munge.key
  as_root chmod 0400 /etc/munge/munge.key
  as_root runuser -u munge -- /usr/sbin/munged
  started+=(munged)
fi
munge -n | unmunge | grep STATUS
# This script's own controller and node daemon, on the private config (and ports): a
# Slurm already running here is left as it is.
as_root slurmctld -f "$SLURM_CONF"
started+=(slurmctld)
as_root slurmd -f "$SLURM_CONF"
started+=(slurmd)
stop() {
  # Only the daemons this script started, by their pid files.
  for d in "${started[@]}"; do
    case "$d" in
      slurmd) as_root kill "$(cat "$conf_dir/slurmd.pid")" 2>/dev/null || true ;;
      slurmctld) as_root kill "$(cat "$conf_dir/slurmctld.pid")" 2>/dev/null || true ;;
      munged) as_root kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true ;;
    esac
  done
}
trap stop EXIT
for _ in $(seq 60); do
  state="$(sinfo -h -N -o '%T' 2>/dev/null | head -n1 || true)"
  case "$state" in idle|mixed|allocated) break ;; down*|drain*) as_root env SLURM_CONF="$SLURM_CONF" scontrol update nodename="$host" state=resume || true ;; esac
  sleep 1
done
sinfo

step "job scripts"
cat > "$work/shards.sbatch" <<JOB
#!/bin/bash
#SBATCH --job-name=sibyl-shards
#SBATCH --array=1-$SHARDS
#SBATCH --cpus-per-task=1
#SBATCH --output=$work/logs/shard-%a.out
# Each array task computes its shard (--shard auto reads SLURM_ARRAY_TASK_ID) and writes
# its part into its own folder. The whole array (as in --array above), so that a task
# resubmitted alone (sbatch --array=2) is still shard 2 of $SHARDS:
export SIBYL_SHARD_FIRST=1 SIBYL_SHARD_COUNT=$SHARDS
"$SIBYL" run $contract --scenario $scenario --trials $TRIALS --seed $SEED \\
  --shard auto --out "$work/parts/\$SLURM_ARRAY_TASK_ID"
JOB
cat > "$work/merge.sbatch" <<JOB
#!/bin/bash
#SBATCH --job-name=sibyl-merge
#SBATCH --output=$work/logs/merge.out
"$SIBYL" merge "$work"/parts/* --format json --out "$work/merged" > "$work/merged.json"
JOB
cat "$work/shards.sbatch" "$work/merge.sbatch"

step "submit the array and the merge that depends on it"
cd "$root"
array="$(sbatch --parsable --chdir="$root" "$work/shards.sbatch")"
echo "array job $array"
merge="$(sbatch --parsable --chdir="$root" --dependency=afterok:"$array" "$work/merge.sbatch")"
echo "merge job $merge (afterok:$array)"
squeue
for _ in $(seq 600); do
  if [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ]; then break; fi
  sleep 1
done
squeue
for f in "$work"/logs/*.out; do echo "-- $f"; cat "$f"; done
scontrol show job "$merge" 2>/dev/null | grep -E 'JobState|ExitCode' || true
ls -l "$work/parts"/*

step "the same run on one machine"
"$SIBYL" run $contract --scenario $scenario --trials $TRIALS --seed $SEED --format json \
  --out "$work/single" > "$work/single.json"

step "compare"
status=0
for pair in "single.json merged.json" "single/summary.json merged/summary.json" \
  "single/manifest.json merged/manifest.json"; do
  set -- $pair
  if cmp "$work/$1" "$work/$2"; then
    echo "identical: $1 and $2 ($(wc -c < "$work/$1") bytes, sha256 $(sha256sum < "$work/$1" | cut -c1-16))"
  else
    status=1
  fi
done
if [ "$status" = 0 ]; then
  echo "PASS: $SHARDS Slurm array tasks merged equal the single run ($TRIALS trials, seed $SEED)"
else
  echo "FAIL: the merged run differs from the single run"
fi
exit "$status"
