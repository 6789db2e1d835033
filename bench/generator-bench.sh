#!/usr/bin/env bash
# launchd-compat-generator over 1,000 plists against systemd-sysv-generator
# over 1,000 equivalent init scripts, cold processes, output on tmpfs, in
# one run (SPEC §11). Usage: bench/generator-bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-20}
gen=$build/bin/launchd-compat-generator
sysv=/lib/systemd/system-generators/systemd-sysv-generator
[ -x "$sysv" ] || { echo "missing $sysv (package systemd-sysv)"; exit 1; }

work=$(mktemp -d /dev/shm/lc-genbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plists" "$work/init.d" "$work/out"
for n in 2 3 4 5; do mkdir -p "$work/rc$n.d"; done

# Equivalent jobs: a RunAtLoad daemon each, with a program and a pid file.
for i in $(seq -w 1 1000); do
  cat > "$work/plists/org.bench.job$i.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key><string>org.bench.job$i</string>
	<key>ProgramArguments</key><array><string>/usr/sbin/benchd$i</string><string>--foreground</string></array>
	<key>RunAtLoad</key><true/>
	<key>KeepAlive</key><true/>
	<key>StandardErrorPath</key><string>/var/log/benchd$i.log</string>
</dict>
</plist>
PLIST
  cat > "$work/init.d/benchd$i" <<INIT
#!/bin/sh
### BEGIN INIT INFO
# Provides:          benchd$i
# Required-Start:    \$remote_fs \$syslog
# Required-Stop:     \$remote_fs \$syslog
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: benchmark daemon $i
### END INIT INFO
DAEMON=/usr/sbin/benchd$i
case "\$1" in start) start-stop-daemon --start --exec \$DAEMON -- --foreground ;; esac
INIT
  chmod 755 "$work/init.d/benchd$i"
  for n in 2 3 4 5; do ln -s "../init.d/benchd$i" "$work/rc$n.d/S01benchd$i"; done
done
chown -R root:root "$work/plists" 2>/dev/null || true
chmod 644 "$work/plists"/*.plist

# CPU (user+sys) and wall time per cold run, from getrusage(RUSAGE_CHILDREN).
measure() {
  python3 - "$runs" "$work/out" "$@" <<'PY'
import os, resource, shutil, subprocess, sys, time
runs, out, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
wall = 0.0
for _ in range(runs):
    shutil.rmtree(out, ignore_errors=True)
    os.mkdir(out)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall += time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{(ru.ru_utime + ru.ru_stime) * 1000 / runs:.1f} {wall * 1000 / runs:.1f}")
PY
}

ours=$(SYSTEMD_SCOPE=system LAUNCHD_COMPAT_SEARCH_PATH="$work/plists" measure "$gen" "$work/out")
count=$(find "$work/out" -maxdepth 1 -name '*.service' | wc -l)
theirs=$(SYSTEMD_SYSVINIT_PATH="$work/init.d" SYSTEMD_SYSVRC_PATH="$work" measure "$sysv" "$work/out" "$work/out" "$work/out")
count_sysv=$(find "$work/out" -maxdepth 1 -name '*.service' | wc -l)
read -r ours_cpu ours_wall <<<"$ours"
read -r sysv_cpu sysv_wall <<<"$theirs"
echo "launchd-compat-generator: ${ours_cpu} ms CPU, ${ours_wall} ms wall per run (${count} services from 1000 plists)"
echo "systemd-sysv-generator:   ${sysv_cpu} ms CPU, ${sysv_wall} ms wall per run (${count_sysv} services from 1000 init scripts)"
awk -v a="$ours_cpu" -v b="$sysv_cpu" 'BEGIN { if (b > 0) printf "ratio (CPU): %.2fx of systemd-sysv-generator\n", a / b }'
