#!/bin/bash
# Integration-test harness: a real `systemd --user` on a private D-Bus broker inside a
# private mount namespace (recipe: ../shared/reference/systemd-252.md §7).
#
#   harness.sh start  STATE_DIR       namespace holder + systemd --user + session bus
#   harness.sh run    STATE_DIR CMD…  exec CMD inside the namespace with the session env
#   harness.sh stop   STATE_DIR       stop everything `start` started (idempotent)
#   harness.sh status STATE_DIR       pids and `systemctl --user is-system-running`
#
# Safety rules kept here:
#   * systemd is only ever started with --user (a system instance wipes /tmp);
#   * only PIDs recorded in STATE_DIR (i.e. started by this harness) are signalled, and only
#     after /proc/PID/cmdline confirms they still are the process we started; no pkill;
#   * /run is a tmpfs private to the namespace; /tmp is NOT covered so that STATE_DIR (and
#     the files jobs write there) is shared with the host side of the tests.
#
# Inside the namespace: XDG_RUNTIME_DIR=/run/user/0, HOME=STATE_DIR/home,
# DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/0/bus.
#
# The session bus: systemd 252's user manager attaches to the API bus only while its
# dbus.socket and dbus.service units are running (manager_dbus_is_running()), and
# dbus.socket unlinks and rebinds /run/user/0/bus. A dbus-daemon started beforehand, as the
# reference recipe does, is therefore displaced and never carries org.freedesktop.systemd1
# (verified: with dbus.socket masked, systemd1 never appeared on the pre-started broker).
# So the broker is the distro's socket-activated dbus.service of this private manager
# (/usr/bin/dbus-daemon --session, private /run): `start` activates it, waits until
# org.freedesktop.systemd1 is owned on it and records the broker's pid in dbus.pid.
set -euo pipefail

readonly RUNTIME_DIR=/run/user/0
readonly BUS_ADDRESS="unix:path=${RUNTIME_DIR}/bus"
readonly START_DEADLINE=${LC_IT_START_DEADLINE:-20}   # seconds
readonly STOP_DEADLINE=${LC_IT_STOP_DEADLINE:-15}     # seconds

die() { echo "harness: $*" >&2; exit 1; }

usage() {
  echo "usage: $0 start|stop|status STATE_DIR | run STATE_DIR CMD..." >&2
  exit 2
}

readonly MARKER=.lc-it-state   # marks a directory as a harness state dir (start wipes parts of it)

# abs_state DIR [create]: absolute path of a state dir. With `create`, make it; a directory
# that is not empty must already carry the marker (never wipe someone else's directory).
abs_state() {
  local dir=${1:-}
  [[ -n $dir ]] || usage
  if [[ ${2:-} == create ]]; then
    mkdir -p -- "$dir"
    if [[ ! -e $dir/$MARKER ]]; then
      local e
      for e in "$dir"/* "$dir"/.[!.]*; do   # only what a harness writes may be there
        [[ -e $e ]] || continue
        case ${e##*/} in
          home | work | holder.log | systemd.log | *.pid | *.pid.tmp | cgroup) ;;
          *) die "$dir is not empty and not a harness state dir (no $MARKER, has '${e##*/}'); refusing to use it" ;;
        esac
      done
    fi
    touch -- "$dir/$MARKER"
  elif [[ ! -d $dir ]]; then
    return 1
  fi
  (cd -- "$dir" && pwd -P)
}

# pid_is PIDFILE PATTERN: the pid recorded in PIDFILE is alive and its command line matches
# PATTERN (guards against signalling a recycled pid). Prints the pid.
pid_is() {
  local file=$1 pattern=$2 pid cmd
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *$pattern* ]] || return 1
  echo "$pid"
}

holder_pid() { pid_is "$1/holder.pid" "sleep infinity"; }

# wait_gone PID SECONDS: wait until PID has exited.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    # a zombie counts as gone (it is not our child, init reaps it)
    [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == Z ]] && return 0
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}

in_ns() {  # in_ns STATE CMD...: run CMD inside the namespace (no exec)
  local state=$1; shift
  local pid
  pid=$(holder_pid "$state") || die "no running harness in $state"
  nsenter -t "$pid" -m -- env XDG_RUNTIME_DIR="$RUNTIME_DIR" HOME="$state/home" \
    DBUS_SESSION_BUS_ADDRESS="$BUS_ADDRESS" LC_IT_INSIDE=1 LC_IT_STATE="$state" "$@"
}

# ---------------------------------------------------------------------------------------------
# Runs as the namespace holder: `setsid unshare -m --propagation private harness.sh _ns STATE`.
ns_main() {
  local state=$1
  local cg="lc-it-$$"

  mount -t tmpfs -o mode=0755 tmpfs /run
  mkdir -p /run/systemd/system "$RUNTIME_DIR" /run/systemd/user.conf.d \
    /run/systemd/user-generators "$RUNTIME_DIR/systemd/user"
  chmod 0700 "$RUNTIME_DIR"

  # No cgroup controllers for the test jobs: keeps them inside the cgroups the harness
  # was started in for memory/pids/cpu/io (v1 hierarchies are not ours to reorganise).
  cat >/run/systemd/user.conf.d/50-lc-it.conf <<'EOF'
[Manager]
DefaultCPUAccounting=no
DefaultIOAccounting=no
DefaultIPAccounting=no
DefaultMemoryAccounting=no
DefaultTasksAccounting=no
EOF

  export XDG_RUNTIME_DIR=$RUNTIME_DIR HOME=$state/home
  export DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS

  # Own cgroup (name=systemd + unified) so the manager's app.slice lives under
  # /lc-it-<pid>/ instead of the hierarchy root: parallel harnesses do not collide.
  local h ok=1
  for h in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified; do
    [[ -w $h/cgroup.procs ]] || { ok=0; break; }
  done
  if ((ok)) && mkdir "/sys/fs/cgroup/systemd/$cg" "/sys/fs/cgroup/unified/$cg" 2>/dev/null &&
     echo $$ >"/sys/fs/cgroup/systemd/$cg/cgroup.procs" &&
     echo $$ >"/sys/fs/cgroup/unified/$cg/cgroup.procs"; then
    echo "$cg" >"$state/cgroup"
  else
    echo "harness: running without a private cgroup" >&2
  fi

  echo $$ >"$state/holder.pid.tmp" && mv "$state/holder.pid.tmp" "$state/holder.pid"

  /lib/systemd/systemd --user </dev/null >"$state/systemd.log" 2>&1 &
  echo $! >"$state/systemd.pid"
  exec sleep infinity
}

# ---------------------------------------------------------------------------------------------
cmd_start() {
  local state
  state=$(abs_state "${1:-}" create)
  [[ $(id -u) == 0 ]] || die "must run as root (unshare -m, mounting tmpfs on /run)"
  command -v dbus-daemon >/dev/null || die "dbus-daemon not installed"
  [[ -x /lib/systemd/systemd ]] || die "/lib/systemd/systemd not found"

  cmd_stop "$state" >/dev/null 2>&1 || true   # leftovers of an aborted run
  rm -rf -- "$state/home" "$state/work" "$state"/*.pid "$state/cgroup" "$state/systemd.log"
  mkdir -p "$state/home/.config/systemd/user" "$state/work"

  setsid unshare -m --propagation private -- "$0" _ns "$state" \
    </dev/null >"$state/holder.log" 2>&1 &

  local deadline=$((SECONDS + START_DEADLINE)) st=""
  until holder_pid "$state" >/dev/null; do
    if ((SECONDS >= deadline)); then
      cat "$state/holder.log" >&2 || true
      die "namespace holder did not come up within ${START_DEADLINE}s"
    fi
    sleep 0.05
  done
  while :; do
    st=$(in_ns "$state" systemctl --user is-system-running 2>/dev/null) || true
    [[ $st == running || $st == degraded ]] && break
    if ((SECONDS >= deadline)); then
      {
        echo "harness: systemd --user not up within ${START_DEADLINE}s (is-system-running: '${st}')"
        echo "---- holder.log"; cat "$state/holder.log" 2>/dev/null || true
        echo "---- systemd.log"; cat "$state/systemd.log" 2>/dev/null || true
      } >&2
      cmd_stop "$state" || true
      exit 1
    fi
    sleep 0.1
  done
  # Activate the socket-activated broker and wait for the manager to own its name on it.
  until in_ns "$state" busctl --user status org.freedesktop.systemd1 >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      {
        echo "harness: org.freedesktop.systemd1 not on the session bus within ${START_DEADLINE}s"
        in_ns "$state" systemctl --user status dbus.socket dbus.service || true
        echo "---- systemd.log"; cat "$state/systemd.log" 2>/dev/null || true
      } >&2
      cmd_stop "$state" || true
      exit 1
    fi
    sleep 0.1
  done
  in_ns "$state" systemctl --user show -p MainPID --value dbus.service >"$state/dbus.pid"
  if [[ $st == degraded ]]; then
    echo "harness: note: manager is degraded; failed units:" >&2
    in_ns "$state" systemctl --user --no-legend list-units --state=failed >&2 || true
  fi
  echo "harness: systemd --user is $st (holder $(<"$state/holder.pid"), manager $(<"$state/systemd.pid"), dbus $(<"$state/dbus.pid"), cgroup $(cat "$state/cgroup" 2>/dev/null || echo none))"
}

cmd_run() {
  local state
  state=$(abs_state "${1:-}") || die "no state dir ${1:-} (run: $0 start DIR)"
  shift
  (($#)) || usage
  local pid
  pid=$(holder_pid "$state") || die "no running harness in $state (run: $0 start $state)"
  # --wd: keep the caller's working directory (setns() would reset it to /).
  local wd=/
  [[ -d $PWD ]] && wd=$PWD
  exec nsenter -t "$pid" -m --wd="$wd" -- env XDG_RUNTIME_DIR="$RUNTIME_DIR" HOME="$state/home" \
    DBUS_SESSION_BUS_ADDRESS="$BUS_ADDRESS" LC_IT_INSIDE=1 LC_IT_STATE="$state" "$@"
}

# kill_recorded FILE PATTERN: SIGTERM, then SIGKILL after a deadline.
kill_recorded() {
  local pid
  pid=$(pid_is "$1" "$2") || { rm -f -- "$1"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" 5; then
    echo "harness: pid $pid ($2) ignored SIGTERM, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 5 || echo "harness: pid $pid ($2) survived SIGKILL" >&2
  fi
  rm -f -- "$1"
}

cmd_stop() {
  local state
  state=$(abs_state "${1:-}") || { echo "harness: nothing to stop (${1:-} does not exist)"; return 0; }
  local mpid
  if mpid=$(pid_is "$state/systemd.pid" "systemd --user"); then
    if holder_pid "$state" >/dev/null; then
      in_ns "$state" timeout 10 systemctl --user exit >/dev/null 2>&1 || true
    fi
    if ! wait_gone "$mpid" "$STOP_DEADLINE"; then
      echo "harness: systemd --user (pid $mpid) did not exit, sending SIGTERM" >&2
      kill_recorded "$state/systemd.pid" "systemd --user"
    fi
  fi
  rm -f -- "$state/systemd.pid"
  kill_recorded "$state/dbus.pid" "dbus-daemon"
  kill_recorded "$state/holder.pid" "sleep infinity"

  # Processes still in our cgroup were started by this harness (jobs that escaped the
  # manager's stop). Kill them by pid, then remove the (now empty) cgroup trees.
  if [[ -s $state/cgroup ]]; then
    local cg h pid
    cg=$(<"$state/cgroup")
    [[ $cg =~ ^lc-it-[0-9]+$ ]] || die "bad cgroup name in $state/cgroup"
    for h in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified; do
      [[ -d $h/$cg ]] || continue
      local deadline=$((SECONDS + 5)) left
      while :; do
        left=$(find "$h/$cg" -name cgroup.procs -exec cat {} + 2>/dev/null)
        [[ -z $left ]] && break
        if ((SECONDS >= deadline)); then
          echo "harness: processes left in $h/$cg: $left" >&2
          break
        fi
        for pid in $left; do
          kill -KILL "$pid" 2>/dev/null || true
        done
        sleep 0.05
      done
      find "$h/$cg" -depth -type d -exec rmdir {} \; 2>/dev/null || true
      if [[ -d $h/$cg ]]; then
        echo "harness: could not remove cgroup $h/$cg" >&2
      fi
    done
    rm -f -- "$state/cgroup"
  fi
  echo "harness: stopped ($state)"
}

cmd_status() {
  local state
  state=$(abs_state "${1:-}") || die "no state dir ${1:-}"
  local f
  for f in holder dbus systemd; do
    printf '%s pid: %s\n' "$f" "$(cat "$state/$f.pid" 2>/dev/null || echo -)"
  done
  if holder_pid "$state" >/dev/null; then
    in_ns "$state" systemctl --user is-system-running || true
  else
    echo "not running"
    return 1
  fi
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  run) shift; cmd_run "$@" ;;
  status) shift; cmd_status "$@" ;;
  _ns) shift; ns_main "$@" ;;
  *) usage ;;
esac
