#!/usr/bin/env bash
# A run split over a real Slurm job array and merged by a job that depends on it, compared
# byte for byte with the same run on one machine.
#
#   scripts/slurm-test.sh            # install Slurm if need be, start it, test, stop it
#
# Installs Debian's single-node Slurm (slurm-wlm, with munge) when it is missing, writes a
# minimal slurm.conf for this host (controller and node daemon on localhost; no systemd:
# proctrack/linuxproc, task/none), starts munged, slurmctld and slurmd as daemons, submits
# `sbatch --array` of `sibyl run --shard auto` and a merge job with
# `--dependency=afterok:<array>`, waits, compares with a single run (`cmp`), and stops the
# daemons it started. Needs root (or sudo). Set SIBYL to a binary to use it instead of
# building one; SHARDS (default 3) and TRIALS (default 300000, past the 262,144-trial pilot)
# size the run. Writes only under /etc/slurm, /var/spool/slurm*, /var/log/slurm and
# target/slurm-test/.
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

step "slurm.conf for $host ($cpus CPUs, ${mem} MB)"
as_root mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
as_root tee /etc/slurm/slurm.conf >/dev/null <<CONF
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
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
cat /etc/slurm/slurm.conf

step "start munged, slurmctld, slurmd"
started=()
if ! pgrep -x munged >/dev/null; then
  as_root chown munge:munge /run/munge /etc/munge/munge.key
  as_root chmod 0400 /etc/munge/munge.key
  as_root runuser -u munge -- /usr/sbin/munged
  started+=(munged)
fi
munge -n | unmunge | grep STATUS
if ! pgrep -x slurmctld >/dev/null; then
  as_root slurmctld
  started+=(slurmctld)
fi
if ! pgrep -x slurmd >/dev/null; then
  as_root slurmd
  started+=(slurmd)
fi
stop() {
  # Only the daemons this script started, by their pid files.
  for d in "${started[@]}"; do
    case "$d" in
      slurmd) as_root kill "$(cat /run/slurmd.pid)" 2>/dev/null || true ;;
      slurmctld) as_root kill "$(cat /run/slurmctld.pid)" 2>/dev/null || true ;;
      munged) as_root kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true ;;
    esac
  done
}
trap stop EXIT
for _ in $(seq 60); do
  state="$(sinfo -h -N -o '%T' 2>/dev/null | head -n1 || true)"
  case "$state" in idle|mixed|allocated) break ;; down*|drain*) as_root scontrol update nodename="$host" state=resume || true ;; esac
  sleep 1
done
sinfo

work="$root/target/slurm-test"
rm -rf "$work"
mkdir -p "$work/logs"

step "job scripts"
cat > "$work/shards.sbatch" <<JOB
#!/bin/bash
#SBATCH --job-name=sibyl-shards
#SBATCH --array=1-$SHARDS
#SBATCH --cpus-per-task=1
#SBATCH --output=$work/logs/shard-%a.out
# Each array task computes its shard (--shard auto reads SLURM_ARRAY_TASK_ID and
# SLURM_ARRAY_TASK_COUNT) and writes its part into its own folder.
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
