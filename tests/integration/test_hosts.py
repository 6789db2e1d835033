#!/usr/bin/python3
"""LimitLoadToHosts / LimitLoadFromHosts: a job limited to another host does not run (its
start is skipped on a failed condition), one limited to this host runs; the limit applies
to the job's timer too."""

import socket

import lc_harness as H
from lc_harness import q, sh

OTHER = "lcit-no-such-host.invalid"


class Hosts(H.IntegrationTest):

    def test_limit_load_to_hosts(self):
        me = socket.gethostname()
        cases = {
            # name: (keys, runs?)
            "to-other": ({"LimitLoadToHosts": [OTHER]}, False),
            "to-me": ({"LimitLoadToHosts": [me]}, True),
            "to-other-or-me": ({"LimitLoadToHosts": [OTHER, me]}, True),
            "to-me-uppercase": ({"LimitLoadToHosts": [me.upper()]}, True),
            "from-me": ({"LimitLoadFromHosts": [me]}, False),
            "from-other": ({"LimitLoadFromHosts": [OTHER]}, True),
        }
        plists = []
        for name, (keys, _) in cases.items():
            pl = {"Label": f"lcit.host.{name}",
                  "ProgramArguments": sh(f": > {q(self.path(name + '.ran'))}")}
            pl.update(keys)
            plists.append(pl)
        jobs = dict(zip(cases, self.load(*plists)))
        for job in jobs.values():
            job.start()
        for name, (_, runs) in cases.items():
            job = jobs[name]
            marker = self.path(name + ".ran")
            if runs:
                H.wait_until(lambda: H.read_bytes(marker) is not None, f"{name}: job ran",
                             diag=job.state)
                st = job.wait_state(lambda s: s["ActiveState"] == "inactive", "job finished")
                self.assertEqual(st["ConditionResult"], "yes", f"{name}: {st}")
            else:
                st = job.wait_state(lambda s: s["ConditionTimestampMonotonic"] not in ("", "0"),
                                    "start attempted (condition checked)")
                self.assertEqual(st["ConditionResult"], "no", f"{name}: {st}")
                self.assertEqual(st["ActiveState"], "inactive", f"{name}: {st}")
                self.assertIn(st["ExecMainStartTimestampMonotonic"], ("", "0"), f"{name}: executed: {st}")
                self.assertIsNone(H.read_bytes(marker), f"{name}: job ran on host {me}")

    def test_host_names_are_literal_not_globs(self):
        me = socket.gethostname()
        cases = {
            # LimitLoadToHosts "<first char>*": not this host for launchd -> must not run
            "to-glob": ({"LimitLoadToHosts": [me[0] + "*"]}, False),
            "to-qmark": ({"LimitLoadToHosts": [me[0] + "?" * (len(me) - 1)]}, False),
            # LimitLoadFromHosts "*": no host is literally "*" -> must run
            "from-star": ({"LimitLoadFromHosts": ["*"]}, True),
        }
        plists = []
        for name, (keys, _) in cases.items():
            pl = {"Label": f"lcit.host.{name}",
                  "ProgramArguments": sh(f": > {q(self.path(name + '.ran'))}")}
            pl.update(keys)
            plists.append(pl)
        jobs = dict(zip(cases, self.load(*plists)))
        for job in jobs.values():
            job.start()
        problems = []
        for name, (_, runs) in cases.items():
            st = jobs[name].wait_state(
                lambda s: s["ConditionTimestampMonotonic"] not in ("", "0"), "condition checked")
            if (st["ConditionResult"] == "yes") != runs:
                problems.append(f"{name}: {cases[name][0]} on host {me!r}: "
                                f"ConditionResult={st['ConditionResult']}, launchd would "
                                f"{'load' if runs else 'not load'} it")
        self.assertFalse(problems, "host names treated as glob patterns: " + "; ".join(problems))

    def test_limit_applies_to_timer(self):
        job = self.load({
            "Label": "lcit.host.timer-other",
            "ProgramArguments": sh(f": > {q(self.path('ran'))}"),
            "StartInterval": 1,
            "LimitLoadToHosts": [OTHER],
        })
        job.start(".timer")
        st = job.wait_state(lambda s: s["ConditionTimestampMonotonic"] not in ("", "0"),
                            "timer start attempted", suffix=".timer")
        self.assertEqual(st["ConditionResult"], "no", st)
        self.assertEqual(st["ActiveState"], "inactive", st)
        self.assertIsNone(H.read_bytes(self.path("ran")))


if __name__ == "__main__":
    H.main()
