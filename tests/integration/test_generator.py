#!/usr/bin/python3
"""launchd-compat-generator run by the user manager itself on daemon-reload.

The generator is installed into /run/systemd/user-generators/ (private /run of the
harness namespace). Plists go into $HOME/Library/LaunchAgents (HOME = harness home), one
of the default user search directories: generators do NOT see `systemctl --user
set-environment` (verified: a probe generator got only the manager's initial environment
plus SYSTEMD_*), so LAUNCHD_COMPAT_SEARCH_PATH cannot be injected that way.

What proves arming: after daemon-reload the manager has loaded the generated units and
default.target / sockets.target / timers.target *want* them (the generator's own
.wants symlinks; [Install] is inert for generated units). A reload does not start newly
wanted units, so the test then does what happens at boot: `systemctl --user start
default.target sockets.target timers.target paths.target` and observes
that the RunAtLoad job ran, the socket answers and the timer fires. Jobs disabled by the
Disabled key or the override DB (~/.local/state/launchd-compat/disabled.plist) are
generated but not wanted, and do not run."""

import os
import plistlib
import shutil

import lc_harness as H
from lc_harness import q, sh

AGENTS = os.path.join(os.environ.get("HOME", "/nonexistent"), "Library", "LaunchAgents")
OVERRIDE_DB = os.path.join(os.environ.get("HOME", "/nonexistent"), ".local", "state",
                           "launchd-compat", "disabled.plist")
GEN_LINK = os.path.join(H.GENERATOR_DIR, "launchd-compat-generator")


class Generator(H.IntegrationTest):

    def setUp(self):
        super().setUp()
        os.makedirs(AGENTS, exist_ok=True)
        self.started = []
        self.addCleanup(self._cleanup_generator)

    def _cleanup_generator(self):
        if self.started:
            H.systemctl("stop", *self.started, check=False)
        for p in (GEN_LINK, OVERRIDE_DB):
            if os.path.lexists(p):
                os.unlink(p)
        shutil.rmtree(AGENTS, ignore_errors=True)
        H.daemon_reload()   # the generator is gone: its output directory is emptied
        if self.started:
            H.systemctl("reset-failed", *self.started, check=False)

    def agent(self, plist, fmt=plistlib.FMT_XML):
        path = os.path.join(AGENTS, plist["Label"] + ".plist")
        with open(path, "wb") as f:
            plistlib.dump(plist, f, fmt=fmt)
        return path

    def wants(self, target):
        return H.prop(target, "Wants").split()

    def test_generator_on_daemon_reload(self):
        port = H.free_tcp_port()
        ran = self.path("runatload.ran")
        ticks = self.path("timer.ticks")
        src = {
            "runatload": self.agent({
                "Label": "lcit.gen.runatload",
                "ProgramArguments": sh(f"echo ran >> {q(ran)}"),
                "RunAtLoad": True,
            }),
            "socket": self.agent({
                "Label": "lcit.gen.socket",
                "ProgramArguments": sh('echo "gen-socket-ok $REMOTE_ADDR"'),
                "inetdCompatibility": {"Wait": False},
                "Sockets": {"Listeners": {"SockNodeName": "127.0.0.1", "SockServiceName": port}},
            }),
            "timer": self.agent({
                "Label": "lcit.gen.timer",
                "ProgramArguments": sh(f"echo tick >> {q(ticks)}"),
                "StartInterval": 2,
            }, fmt=plistlib.FMT_BINARY),   # binary plists are accepted like XML ones
            "disabled": self.agent({
                "Label": "lcit.gen.disabled",
                "ProgramArguments": sh(f": > {q(self.path('disabled.ran'))}"),
                "RunAtLoad": True,
                "Disabled": True,
            }),
            "override-off": self.agent({
                "Label": "lcit.gen.override-off",
                "ProgramArguments": sh(f": > {q(self.path('override-off.ran'))}"),
                "RunAtLoad": True,
            }),
            "override-on": self.agent({
                "Label": "lcit.gen.override-on",
                "ProgramArguments": sh(f": > {q(self.path('override-on.ran'))}"),
                "RunAtLoad": True,
                "Disabled": True,
            }),
        }
        # one unparsable plist must not stop the others
        shutil.copy(os.path.join(H.FIXTURES, "broken-truncated.plist"),
                    os.path.join(AGENTS, "lcit.gen.broken.plist"))
        # launchd's override DB: label -> disabled (true) / enabled (false)
        os.makedirs(os.path.dirname(OVERRIDE_DB), exist_ok=True)
        with open(OVERRIDE_DB, "wb") as f:
            plistlib.dump({"lcit.gen.override-off": True, "lcit.gen.override-on": False}, f)

        os.symlink(H.GENERATOR, GEN_LINK)
        H.daemon_reload()

        units = {
            "runatload": "lcit.gen.runatload.service",
            "socket": "lcit.gen.socket.socket",
            "timer": "lcit.gen.timer.timer",
            "disabled": "lcit.gen.disabled.service",
            "override-off": "lcit.gen.override-off.service",
            "override-on": "lcit.gen.override-on.service",
        }
        self.started = list(units.values()) + ["lcit.gen.timer.service", "lcit.gen.socket@*.service"]
        for key, unit in units.items():
            st = H.show(unit, "LoadState", "UnitFileState", "FragmentPath", "SourcePath")
            self.assertEqual(st["LoadState"], "loaded", f"{unit}: {st}")
            self.assertEqual(st["UnitFileState"], "generated", f"{unit}: {st}")
            self.assertEqual(os.path.dirname(st["FragmentPath"]), H.GENERATOR_OUT, f"{unit}: {st}")
            self.assertEqual(st["SourcePath"], src[key], f"{unit}: {st}")

        self.assertEqual(H.prop("lcit.gen.broken.service", "LoadState"), "not-found")

        # armed = wanted by the targets the manager starts at boot
        self.assertIn(units["runatload"], self.wants("default.target"))
        self.assertIn(units["override-on"], self.wants("default.target"),
                      "override DB says enabled (false) but the job is not armed")
        self.assertIn(units["socket"], self.wants("sockets.target"))
        self.assertIn(units["timer"], self.wants("timers.target"))
        self.assertNotIn(units["disabled"], self.wants("default.target"))
        self.assertNotIn(units["override-off"], self.wants("default.target"),
                         "override DB says disabled (true) but the job is armed")
        # reload alone starts nothing new
        self.assertEqual(H.prop(units["runatload"], "ActiveState"), "inactive")
        self.assertEqual(H.prop(units["socket"], "ActiveState"), "inactive")

        # boot: start the targets; their wants links arm everything. (Re-starting an already
        # active default.target did not start units newly wanted by sockets.target /
        # timers.target — observed on 252 — so each target is started explicitly.)
        H.systemctl("start", "default.target", "sockets.target", "timers.target", "paths.target")
        H.wait_until(lambda: H.read_lines(ran) == ["ran"], "RunAtLoad job ran once")
        H.wait_until(lambda: os.path.exists(self.path("override-on.ran")), "override-enabled job ran")
        data, _ = H.tcp_exchange("127.0.0.1", port)
        self.assertEqual(data.decode(), "gen-socket-ok 127.0.0.1\n")
        self.assertEqual(H.prop(units["timer"], "ActiveState"), "active")
        H.wait_until(lambda: len(H.read_lines(ticks)) >= 2, "timer fired twice")
        for key in ("disabled", "override-off"):
            self.assertEqual(H.prop(units[key], "ActiveState"), "inactive", key)
            self.assertFalse(os.path.exists(self.path(f"{key}.ran")), f"{key} job ran")


if __name__ == "__main__":
    H.main()
