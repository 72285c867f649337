#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (controller and compute node, partition `debug`)
# for the Slurm executor's tests: the recipe of a Debian 12 machine without systemd, run as root.
# Idempotent: daemons that are already running are left alone. Stop it with scripts/stop-slurm.sh,
# which ends exactly the daemons this script started (their pids are in /run/ssr-slurm).
#
# Needs: apt-get install -y slurm-wlm munge (done by .ci/run). Not for a real cluster: there,
# users submit to their site's scheduler.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then echo "start-slurm.sh: run as root (it writes /etc/slurm and starts daemons)" >&2; exit 1; fi
for tool in munged slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null || { echo "start-slurm.sh: $tool is missing; apt-get install -y slurm-wlm munge" >&2; exit 1; }
done

host=$(hostname -s)
conf=/etc/slurm/slurm.conf
pids=/run/ssr-slurm
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge "$pids"

if [ -f "$conf" ] && ! grep -q '^ClusterName=ssrtest$' "$conf"; then
  echo "start-slurm.sh: $conf exists and is not this script's (no ClusterName=ssrtest); leaving it alone" >&2
  exit 1
fi

[ -f /etc/munge/munge.key ] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
chown munge:munge /etc/munge/munge.key /run/munge
chmod 400 /etc/munge/munge.key

cat > "$conf.new" <<CONF
ClusterName=ssrtest
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmUser=root
SlurmdUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPidFile=$pids/slurmctld.pid
SlurmdPidFile=$pids/slurmd.pid
JobCompType=jobcomp/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
mv "$conf.new" "$conf"

# Starts daemon $1 (with arguments) unless a process of that name runs; records its pid.
start() {
  local name=$1; shift
  if pgrep -x "$name" >/dev/null; then echo "start-slurm.sh: $name is already running"; return; fi
  "$@"
  sleep 1
  local pid
  pid=$(pgrep -x -n "$name" || true)
  [ -n "$pid" ] || { echo "start-slurm.sh: $name did not start; see /var/log/slurm and /var/log/munge" >&2; exit 1; }
  echo "$pid" > "$pids/$name.pid"
  echo "start-slurm.sh: started $name (pid $pid)"
}

start munged munged --force
start slurmctld slurmctld
sleep 1
start slurmd slurmd

# Wait until the node takes jobs; a node left down or drained by an earlier run is resumed.
for _ in $(seq 1 30); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null | head -n1 || true)
  case "$state" in
    idle|mix|alloc) sinfo; exit 0 ;;
    down*|drain*|drng*) scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
echo "start-slurm.sh: the node is not idle after 30 s (state '${state:-unknown}'); see /var/log/slurm/" >&2
sinfo >&2 || true
exit 1
