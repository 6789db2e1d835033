"""Runs `systemd-analyze verify` over a directory of unit files.

systemd-analyze exits 0 even for unknown keys and bad settings, so the
verdict comes from its output: every line is a complaint except the ones
about a job's executable missing on this machine (a plist for another
machine names programs we do not have)."""

import os
import re
import shutil
import subprocess
import tempfile

_MISSING_EXECUTABLE = re.compile(
    r"Command .* is not executable|Failed to create .*: No such file"
    # systemd's advice about UserName=nobody, a faithful mapping, not a bad setting.
    r"|Special user nobody configured, this is not safe!")


def verify(unit_dir, user=False):
    """Returns the list of complaint lines (empty = clean)."""
    units = sorted(
        f for f in os.listdir(unit_dir)
        if f.endswith((".service", ".socket", ".timer", ".path")) and "@." not in f
    )
    templates = sorted(f for f in os.listdir(unit_dir) if "@." in f)
    if not units and not templates:
        return []
    env = dict(os.environ, SYSTEMD_UNIT_PATH=os.path.abspath(unit_dir) + ":")
    if user:
        # A user manager (even systemd-analyze's offline one) needs a runtime dir.
        runtime = tempfile.mkdtemp(prefix="lc-verify-runtime-")
        env["XDG_RUNTIME_DIR"] = runtime
    # A template cannot be verified by itself; an instance of it can.
    names = units + [t.replace("@.", "@verify.") for t in templates]
    cmd = ["systemd-analyze"] + (["--user"] if user else []) + ["verify", "--man=no"] + names
    try:
        r = subprocess.run(cmd, cwd=unit_dir, env=env, capture_output=True, text=True, timeout=120)
    finally:
        if user:
            shutil.rmtree(env["XDG_RUNTIME_DIR"], ignore_errors=True)
    complaints = []
    for line in (r.stdout + r.stderr).splitlines():
        line = line.strip()
        if not line or _MISSING_EXECUTABLE.search(line):
            continue
        complaints.append(line)
    if r.returncode != 0 and not complaints:
        # Non-zero only for a missing executable is fine; anything else is not.
        only_missing = all(_MISSING_EXECUTABLE.search(l) for l in (r.stdout + r.stderr).splitlines() if l.strip())
        if not only_missing:
            complaints.append(f"systemd-analyze exited {r.returncode}")
    return sorted(set(complaints))
