"""Shared helpers for the launchd-compat integration tests (Python 3 stdlib only).

The tests run *inside* the harness's mount namespace (tests/integration/harness.sh run),
next to a real `systemd --user` on a private dbus-daemon. A test writes a plist (generated
with plistlib), translates it with `launchd2systemd --user -o <runtime unit dir>`,
daemon-reloads, starts units and then observes what the job itself did: files it wrote,
sockets it answers on, and the manager's D-Bus state (`systemctl --user show`).

Environment (set by tests/integration/CMakeLists.txt; defaults for manual runs):
  LC_IT_STATE       harness state dir (required; `harness.sh start STATE` first)
  LC_IT_TRANSLATOR  path of launchd2systemd
  LC_IT_GENERATOR   path of launchd-compat-generator
  LC_IT_FIXTURES    fixtures/integration
Run one file by hand:
  tests/integration/harness.sh start /tmp/lcit
  LC_IT_STATE=/tmp/lcit /usr/bin/python3 tests/integration/test_keepalive.py -v
  tests/integration/harness.sh stop /tmp/lcit
"""

import functools
import json
import os
import plistlib
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
HARNESS = os.path.join(HERE, "harness.sh")
STATE = os.environ.get("LC_IT_STATE", "")
TRANSLATOR = os.environ.get("LC_IT_TRANSLATOR", os.path.join(SOURCE_DIR, "build/bin/launchd2systemd"))
GENERATOR = os.environ.get("LC_IT_GENERATOR", os.path.join(SOURCE_DIR, "build/bin/launchd-compat-generator"))
FIXTURES = os.environ.get("LC_IT_FIXTURES", os.path.join(SOURCE_DIR, "fixtures", "integration"))

RUNTIME_DIR = "/run/user/0"
# The user manager's runtime unit directory (in its UnitPath; what `launchctl load` uses).
UNIT_DIR = os.path.join(RUNTIME_DIR, "systemd", "user")
GENERATOR_DIR = "/run/systemd/user-generators"   # private /run: safe to install into
GENERATOR_OUT = os.path.join(RUNTIME_DIR, "systemd", "generator")
# An always-active target whose drop-ins list the test units in After=: a dependency from
# a loaded unit is a GC reference, so a job unit that ended cleanly stays loaded and its
# state (NRestarts, ExecMainCode/Status, Result) stays readable. Pure test instrumentation:
# After= orders nothing here (the anchor is never started together with the job units).
ANCHOR = "lcit-anchor.target"

DEFAULT_TIMEOUT = 20.0   # seconds: deadline for any observable condition
POLL = 0.05

q = shlex.quote


def ensure_inside():
    """Re-exec this test script inside the harness namespace if we are not there yet."""
    if os.environ.get("LC_IT_INSIDE") == "1":
        return
    if not STATE:
        sys.exit("LC_IT_STATE is not set; start a harness with tests/integration/harness.sh start DIR")
    script = os.path.abspath(sys.argv[0])
    os.execv(HARNESS, [HARNESS, "run", STATE, sys.executable, "-B", script] + sys.argv[1:])


def main():
    ensure_inside()
    unittest.main(verbosity=2)


# ----------------------------------------------------------------------------------------------
# processes, systemctl

def run(cmd, check=True, timeout=60, input=None):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, input=input)
    if check and p.returncode != 0:
        raise AssertionError(f"command failed ({p.returncode}): {' '.join(map(q, cmd))}\n"
                             f"stdout: {p.stdout}\nstderr: {p.stderr}")
    return p


def systemctl(*args, check=True, timeout=60):
    return run(["systemctl", "--user", "--no-pager", *args], check=check, timeout=timeout)


def daemon_reload():
    systemctl("daemon-reload")


def show(unit, *props):
    """Properties of a unit as a dict of strings (timestamps as @unix-seconds); a property
    printed on several lines (e.g. TimersCalendar) has them joined with newlines."""
    cmd = ["show", "--timestamp=unix", unit]
    for p in props:
        cmd += ["-p", p]
    out = systemctl(*cmd).stdout
    res = {}
    for line in out.splitlines():
        k, _, v = line.partition("=")
        res[k] = res[k] + "\n" + v if k in res else v
    return res


def bus_prop(unit, interface, name):
    """A unit property straight from D-Bus, as (signature, value text), e.g. ('t', '123')."""
    out = run(["busctl", "--user", "call", "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
               "org.freedesktop.systemd1.Manager", "GetUnit", "s", unit]).stdout.split()
    path = out[1].strip('"')
    out = run(["busctl", "--user", "get-property", "org.freedesktop.systemd1", path,
               f"org.freedesktop.systemd1.{interface}", name]).stdout.strip()
    sig, _, value = out.partition(" ")
    return sig, value


def prop(unit, name):
    return show(unit, name).get(name, "")


def wait_until(cond, what, timeout=DEFAULT_TIMEOUT, interval=POLL, diag=None):
    """Poll cond() until it returns a truthy value (returned) or the deadline passes.

    On timeout: AssertionError naming `what`, the last value and diag() (extra state)."""
    deadline = time.monotonic() + timeout
    while True:
        last = cond()
        if last:
            return last
        if time.monotonic() >= deadline:
            extra = ""
            if diag is not None:
                try:
                    extra = "\n" + str(diag())
                except Exception as e:  # diagnostics must not hide the real failure
                    extra = f"\n(diag failed: {e})"
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}; last: {last!r}{extra}")
        time.sleep(interval)


def read_lines(path):
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def free_tcp_port(v6_too=True):
    """A TCP port currently free on 0.0.0.0 (and [::] if v6_too)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("0.0.0.0", 0))
            port = s.getsockname()[1]
        if v6_too and socket.has_ipv6:
            try:
                with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s6:
                    s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                    s6.bind(("::", port))
            except OSError:
                continue
        return port
    raise AssertionError("no free TCP port found")


def tcp_exchange(host, port, send=b"", timeout=DEFAULT_TIMEOUT, family=socket.AF_INET):
    """Connect, send, half-close, read until EOF. Returns (bytes, local port)."""
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect((host, port))
        local_port = s.getsockname()[1]
        if send:
            s.sendall(send)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            b = s.recv(4096)
            if not b:
                break
            chunks.append(b)
    return b"".join(chunks), local_port


def ipv6_loopback_usable():
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


# ----------------------------------------------------------------------------------------------
# jobs

class Job:
    """One translated plist: its label, unit names, diagnostics."""

    def __init__(self, label, plist_path, units, diagnostics):
        self.label = label
        self.plist_path = plist_path
        self.units = units            # unit file names written by the translator
        self.diagnostics = diagnostics

    def unit(self, suffix):
        """The job's unit with this suffix ('.service', '.socket', '.timer', '.path', '@.service')."""
        for u in self.units:
            if u.endswith(suffix) and (suffix == "@.service" or not u.endswith("@.service")):
                return u
        raise AssertionError(f"{self.label}: translator wrote no *{suffix} unit (units: {self.units})")

    @property
    def service(self):
        return self.unit(".service")

    def start(self, suffix=".service"):
        """Enqueue a start job without waiting for it: a job that exits at once would make
        a blocking `systemctl start` fail. Observe the job's effects instead."""
        systemctl("start", "--no-block", self.unit(suffix))

    def show(self, *props, suffix=".service"):
        return show(self.unit(suffix), *props)

    def state(self, suffix=".service"):
        return self.show("ActiveState", "SubState", "Result", "NRestarts", "ExecMainCode",
                         "ExecMainStatus", "ExecMainStartTimestampMonotonic", "ConditionResult",
                         "ConditionTimestampMonotonic", suffix=suffix)

    def wait_state(self, pred, what, suffix=".service", timeout=DEFAULT_TIMEOUT):
        """Poll the unit's state dict until pred(state) holds; returns that state."""
        def cond():
            st = self.state(suffix)
            return st if pred(st) else None
        return wait_until(cond, f"{self.label}{suffix}: {what}", timeout=timeout,
                          diag=lambda: self.state(suffix))

    def wait_exited(self, timeout=DEFAULT_TIMEOUT):
        """After a start: wait until the main process has exited and systemd decided what to
        do next (inactive/failed = no restart; activating/auto-restart = restart pending)."""
        return self.wait_state(
            lambda s: s["ActiveState"] in ("inactive", "failed")
            or (s["ActiveState"] == "activating" and s["SubState"] == "auto-restart"),
            "main process exited")


class IntegrationTest(unittest.TestCase):
    """Base class: per-test work dir, plist → units → manager, cleanup of every job."""

    def setUp(self):
        if os.environ.get("LC_IT_INSIDE") != "1":
            self.fail("not inside the harness namespace (use lc_harness.main())")
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", self.id().split(".", 1)[-1])
        self.work = os.path.join(STATE, "work", name)
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.jobs = []
        self.addCleanup(self._unload_all)

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    # -- plists
    def write_plist(self, plist, path=None, fmt=plistlib.FMT_XML):
        path = path or self.path(plist["Label"] + ".plist")
        with open(path, "wb") as f:
            plistlib.dump(plist, f, fmt=fmt, sort_keys=True)
        return path

    def translate(self, paths, extra=(), out_dir=UNIT_DIR, expect_rc=0):
        cmd = [TRANSLATOR, "--user", "-o", out_dir, "--format", "json", *extra, *paths]
        p = run(cmd, check=False)
        if p.returncode != expect_rc:
            self.fail(f"launchd2systemd exit {p.returncode} (want {expect_rc})\n"
                      f"cmd: {' '.join(map(q, cmd))}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return json.loads(p.stdout), p.stderr

    def load(self, *plists, reload=True):
        """Write the plists, translate them into the runtime unit dir, daemon-reload.

        Returns one Job per plist (a single Job when given one plist)."""
        paths = [self.write_plist(pl) for pl in plists]
        doc, _ = self.translate(paths)
        jobs = []
        for pl, inp in zip(plists, doc["inputs"]):
            self.assertEqual(inp["label"], pl["Label"])
            units = [u["name"] for u in inp["units"]]
            self.assertTrue(units, f"no units for {pl['Label']}: {inp['diagnostics']}")
            job = Job(pl["Label"], inp["path"], units, inp["diagnostics"])
            self.jobs.append(job)
            jobs.append(job)
        self._anchor(jobs)
        if reload:
            daemon_reload()
            if prop(ANCHOR, "ActiveState") != "active":
                systemctl("start", ANCHOR)
            for job in jobs:
                for u in job.units:
                    if u.endswith("@.service"):   # templates cannot be loaded as such
                        continue
                    st = show(u, "LoadState")["LoadState"]
                    self.assertEqual(st, "loaded", f"{u} did not load")
        return jobs[0] if len(jobs) == 1 else jobs

    def _anchor(self, jobs):
        path = os.path.join(UNIT_DIR, ANCHOR)
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.write("[Unit]\nDescription=integration tests: keeps test units loaded\n")
        dropins = path + ".d"
        os.makedirs(dropins, exist_ok=True)
        for job in jobs:
            with open(os.path.join(dropins, job.label + ".conf"), "w") as f:
                f.write("[Unit]\n" + "".join(f"After={u}\n" for u in job.units
                                            if not u.endswith("@.service")))

    def unit_text(self, unit):
        with open(os.path.join(UNIT_DIR, unit)) as f:
            return f.read()

    def _unload_all(self):
        if not self.jobs:
            return
        names = []
        for job in self.jobs:
            for u in job.units:
                names.append(u.replace("@.service", "@*.service") if u.endswith("@.service") else u)
        # sockets/timers/paths first so they do not re-trigger the service being stopped
        order = sorted(names, key=lambda n: n.endswith(".service"))
        systemctl("stop", *order, check=False)
        for job in self.jobs:
            for u in job.units:
                for d in [UNIT_DIR] + [os.path.join(UNIT_DIR, e) for e in os.listdir(UNIT_DIR)
                                       if e.endswith(".wants")]:
                    p = os.path.join(d, u)
                    if os.path.lexists(p):
                        os.unlink(p)
            dropin = os.path.join(UNIT_DIR, ANCHOR + ".d", job.label + ".conf")
            if os.path.lexists(dropin):
                os.unlink(dropin)
        systemctl("reset-failed", *names, check=False)
        daemon_reload()
        self.jobs = []


def known_bug(reason, observed, kind="BUG"):
    """Mark a test whose assertion states launchd behaviour the current translator does not
    produce (reported to the translator's owner, not worked around). kind="GAP" for
    differences the SPEC leaves to launchd-compatd or accepts by design.

    If the test fails with an AssertionError whose message matches the regex `observed`,
    it is counted as an *expected failure* ("KNOWN BUG|GAP: reason" is printed): never as a
    pass and never as a skip. Any other failure is a real failure. If the test passes, it fails with "appears fixed:
    remove @known_bug", so the marker cannot outlive the bug. LC_IT_STRICT=1 disables the
    marker (known bugs fail normally)."""
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(self, *a, **kw):
            if os.environ.get("LC_IT_STRICT") == "1":
                return fn(self, *a, **kw)
            try:
                fn(self, *a, **kw)
            except AssertionError as e:
                if re.search(observed, str(e)):
                    first = str(e).strip().splitlines()[0][:300]
                    print(f"KNOWN {kind}: {fn.__name__}: {reason} [observed: {first}]", file=sys.stderr)
                    # unittest reads this flag when the exception propagates: the
                    # outcome is "expected failure" (CPython 3.11 unittest.case).
                    self._outcome.expecting_failure = True
                raise
            self.fail(f"known {kind.lower()} appears fixed ({reason}): remove @known_bug from {fn.__name__}")
        wrapper.__doc__ = f"KNOWN {kind}: {fn.__name__}\n" + (fn.__doc__ or "")
        return wrapper
    return deco


def sh(script):
    """ProgramArguments for a /bin/sh -c job."""
    return ["/bin/sh", "-c", script]
