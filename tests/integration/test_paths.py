#!/usr/bin/python3
"""WatchPaths (a modification starts the job) and QueueDirectories (the job is run until
the directory is empty)."""

import os

import lc_harness as H
from lc_harness import q, sh


class Paths(H.IntegrationTest):

    def test_watch_paths(self):
        watched = self.path("watched file")
        with open(watched, "w") as f:
            f.write("v0\n")
        runs = self.path("runs")
        job = self.load({
            "Label": "lcit.path.watch",
            "ProgramArguments": sh(f"tail -n1 {q(watched)} >> {q(runs)}"),
            "WatchPaths": [watched],
        })
        job.start(".path")
        job.wait_state(lambda s: s["ActiveState"] == "active" and s["SubState"] == "waiting",
                       "path unit waiting", suffix=".path")
        # starting the watch does not run the job (launchd: only a modification does)
        self.assertEqual(job.state()["ActiveState"], "inactive")
        self.assertEqual(H.read_lines(runs), [])
        for n in (1, 2, 3):
            with open(watched, "a") as f:
                f.write(f"v{n}\n")
            H.wait_until(lambda: len(H.read_lines(runs)) >= n, f"run after modification {n}",
                         diag=lambda: (job.state(), job.state(".path")))
            job.wait_state(lambda s: s["ActiveState"] in ("inactive", "failed"), "job finished")
        self.assertEqual(H.read_lines(runs), ["v1", "v2", "v3"])

    def test_queue_directories_drained(self):
        """8 queued files, the job removes one per run: all drained, one run each (more than
        the 5 quick re-triggers systemd would allow without StartLimitIntervalSec=0)."""
        queue = self.path("queue dir")
        os.makedirs(queue)
        names = [f"item{i}" for i in range(8)]
        for n in names:
            with open(os.path.join(queue, n), "w") as f:
                f.write(n)
        log = self.path("drained")
        job = self.load({
            "Label": "lcit.path.queue",
            "ProgramArguments": sh(
                f'cd {q(queue)} || exit 1; f=$(ls | head -n1); [ -n "$f" ] || exit 0; '
                f'rm -- "$f" && echo "$f" >> {q(log)}'),
            "QueueDirectories": [queue],
            "ThrottleInterval": 1,
        })
        job.start(".path")
        H.wait_until(lambda: not os.listdir(queue), "queue directory drained", timeout=30,
                     diag=lambda: (os.listdir(queue), job.state(), job.state(".path")))
        H.wait_until(lambda: len(H.read_lines(log)) == len(names), "every item logged",
                     diag=lambda: H.read_lines(log))
        self.assertEqual(sorted(H.read_lines(log)), names)
        st = job.wait_state(lambda s: s["ActiveState"] in ("inactive", "failed"), "job idle")
        self.assertEqual(st["Result"], "success", st)
        pst = job.wait_state(lambda s: s["SubState"] == "waiting", "path unit waiting again",
                             suffix=".path")
        self.assertEqual(pst["Result"], "success", pst)
        # a new item later is picked up again
        with open(os.path.join(queue, "late"), "w") as f:
            f.write("late")
        H.wait_until(lambda: "late" in H.read_lines(log), "late item drained",
                     diag=lambda: (job.state(), job.state(".path")))

    @H.known_bug("QueueDirectories: systemd's DirectoryNotEmpty= ignores hidden and backup "
                 "names ('.x', 'x~', 'x.bak', …) while launchd counts every entry; the translator "
                 "leaves this to launchd-compatd (note 'runtime'), which does not exist yet",
                 r"hidden queue entry", kind="GAP")
    def test_queue_directories_hidden_entry(self):
        queue = self.path("queue")
        os.makedirs(queue)
        with open(os.path.join(queue, ".hidden-item"), "w") as f:
            f.write("x")
        log = self.path("drained")
        job = self.load({
            "Label": "lcit.path.queue-hidden",
            "ProgramArguments": sh(f'cd {q(queue)} && for f in .[!.]* *; do [ -e "$f" ] && '
                                   f'rm -- "$f" && echo "$f" >> {q(log)}; done; exit 0'),
            "QueueDirectories": [queue],
        })
        job.start(".path")
        H.wait_until(lambda: H.read_lines(log), "hidden queue entry to start the job", timeout=5,
                     diag=lambda: (os.listdir(queue), job.state(), job.state(".path")))

    @H.known_bug("QueueDirectories: systemd re-triggers the job immediately after each exit while "
                 "the directory is not empty; launchd respawns at most once per ThrottleInterval "
                 "(left to launchd-compatd, not implemented yet)", r"runs closer than", kind="GAP")
    def test_queue_directories_throttled(self):
        queue = self.path("queue")
        os.makedirs(queue)
        for i in range(3):
            with open(os.path.join(queue, f"item{i}"), "w") as f:
                f.write("x")
        stamps = self.path("stamps")
        job = self.load({
            "Label": "lcit.path.queue-throttle",
            "ProgramArguments": sh(f'cd {q(queue)} || exit 1; f=$(ls | head -n1); [ -n "$f" ] || exit 0; '
                                   f'rm -- "$f" && date +%s.%N >> {q(stamps)}'),
            "QueueDirectories": [queue],
            "ThrottleInterval": 1,
        })
        job.start(".path")
        H.wait_until(lambda: len(H.read_lines(stamps)) == 3, "queue drained", timeout=30,
                     diag=lambda: (os.listdir(queue), job.state(), job.state(".path")))
        t = [float(x) for x in H.read_lines(stamps)]
        gaps = [b - a for a, b in zip(t, t[1:])]
        self.assertTrue(all(g >= 0.95 for g in gaps),
                        f"runs closer than ThrottleInterval=1: gaps {['%.3f' % g for g in gaps]}")


if __name__ == "__main__":
    H.main()
