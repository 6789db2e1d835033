#!/usr/bin/python3
"""StartInterval (observed firing) and StartCalendarInterval (the manager's computed next
elapse, compared with launchd's rule computed independently here in Python).

Calendar timers cannot be waited for realistically; instead the timer is started and the
manager's NextElapseUSecRealtime must equal the next time launchd would fire:
  * a missing key is a wildcard; Weekday 0 and 7 are Sunday;
  * a dict with both Day and Weekday fires when EITHER matches (launchd.plist(5));
  * an array of dicts fires at the earliest of them.
"""

import datetime
import time

import lc_harness as H
from lc_harness import q, sh


def launchd_next(spec, now):
    """Next firing (local naive datetime, whole minute) strictly after `now` for one
    StartCalendarInterval dict, by brute force over minutes (<= 400 days)."""
    def matches(t):
        if "Month" in spec and t.month != spec["Month"]:
            return False
        if "Hour" in spec and t.hour != spec["Hour"]:
            return False
        if "Minute" in spec and t.minute != spec["Minute"]:
            return False
        day_ok = "Day" not in spec or t.day == spec["Day"]
        wd = spec.get("Weekday")
        wday_ok = wd is None or (t.isoweekday() % 7) == (wd % 7)   # isoweekday: Sun=7
        if "Day" in spec and "Weekday" in spec:
            return day_ok or wday_ok
        return day_ok and wday_ok

    t = now.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    for _ in range(400 * 24 * 60):
        if matches(t):
            return t
        t += datetime.timedelta(minutes=1)
    raise AssertionError(f"no firing for {spec}")


class Timers(H.IntegrationTest):

    def test_start_interval(self):
        """StartInterval=2: not run at load, then about every 2 s."""
        stamps = self.path("stamps")
        job = self.load({
            "Label": "lcit.timer.interval",
            "ProgramArguments": sh(f"date +%s.%N >> {q(stamps)}"),
            "StartInterval": 2,
        })
        t0 = time.time()
        job.start(".timer")
        H.wait_until(lambda: len(H.read_lines(stamps)) >= 4, "4 runs of the interval job",
                     timeout=20, diag=lambda: (job.state(), job.state(".timer")))
        t = [float(x) for x in H.read_lines(stamps)]
        self.assertGreaterEqual(t[0] - t0, 1.8, f"first run too early (launchd does not run at load): {t[0] - t0:.2f}s")
        gaps = [b - a for a, b in zip(t, t[1:])]
        for g in gaps:
            # AccuracySec=1s lets the manager coalesce a firing by up to 1 s
            self.assertGreaterEqual(g, 1.8, f"runs too close: {gaps}")
            self.assertLessEqual(g, 3.5, f"runs too far apart: {gaps}")

    def next_elapse(self, job):
        sig, v = H.bus_prop(job.unit(".timer"), "Timer", "NextElapseUSecRealtime")
        self.assertEqual(sig, "t")
        self.assertNotIn(int(v), (0, 2**64 - 1), "timer has no next elapse")
        return datetime.datetime.fromtimestamp(int(v) / 1e6)

    def calendar_job(self, name, spec):
        job = self.load({
            "Label": f"lcit.timer.cal-{name}",
            "ProgramArguments": sh(f": > {q(self.path(name + '.ran'))}"),
            "StartCalendarInterval": spec,
        })
        job.start(".timer")
        job.wait_state(lambda s: s["ActiveState"] == "active", "timer active", suffix=".timer")
        return job

    def far_hour(self, now, offset):
        """An hour far from now so nothing fires during the test."""
        return (now.hour + offset) % 24

    def test_day_or_weekday(self):
        now = datetime.datetime.now()
        hour = self.far_hour(now, 7)
        # weekday two days ahead, day-of-month five days ahead: OR fires in ~2 days,
        # AND (systemd's reading of one OnCalendar line) would be months away
        wd_date = now + datetime.timedelta(days=2)
        day_date = now + datetime.timedelta(days=5)
        spec = {"Day": day_date.day, "Weekday": wd_date.isoweekday() % 7, "Hour": hour, "Minute": 17}
        job = self.calendar_job("dayorwd", spec)
        want = launchd_next(spec, now)
        got = self.next_elapse(job)
        only_day = launchd_next({k: v for k, v in spec.items() if k != "Weekday"}, now)
        only_wd = launchd_next({k: v for k, v in spec.items() if k != "Day"}, now)
        self.assertEqual(want, min(only_day, only_wd))
        self.assertEqual(got, want, f"next elapse for {spec}: got {got}, launchd fires at {want} "
                         f"(earliest of day rule {only_day} and weekday rule {only_wd})")
        cal = job.show("TimersCalendar", suffix=".timer")["TimersCalendar"]
        self.assertEqual(cal.count("OnCalendar="), 2, f"want two calendar rules: {cal}")

    def test_day_or_weekday_day_first(self):
        now = datetime.datetime.now()
        hour = self.far_hour(now, 9)
        day_date = now + datetime.timedelta(days=1)
        wd_date = now + datetime.timedelta(days=4)
        spec = {"Day": day_date.day, "Weekday": wd_date.isoweekday() % 7, "Hour": hour, "Minute": 3}
        job = self.calendar_job("dayfirst", spec)
        self.assertEqual(self.next_elapse(job), launchd_next(spec, now), spec)

    def test_weekday_7_is_sunday(self):
        now = datetime.datetime.now()
        for wd in (7, 0):
            spec = {"Weekday": wd, "Hour": self.far_hour(now, 5), "Minute": 0}
            job = self.calendar_job(f"wd{wd}", spec)
            got = self.next_elapse(job)
            self.assertEqual(got.isoweekday(), 7, f"Weekday={wd}: next elapse {got} is not a Sunday")
            self.assertEqual(got, launchd_next(spec, now), spec)

    def test_missing_keys_are_wildcards(self):
        now = datetime.datetime.now()
        spec = {"Minute": (now.minute + 30) % 60}    # every hour at that minute
        job = self.calendar_job("minute", spec)
        self.assertEqual(self.next_elapse(job), launchd_next(spec, now), spec)

    def test_array_fires_at_earliest(self):
        now = datetime.datetime.now()
        specs = [
            {"Hour": self.far_hour(now, 10), "Minute": 45},
            {"Hour": self.far_hour(now, 3), "Minute": 15, "Month": ((now.month + 1) % 12) + 1},
            {"Hour": self.far_hour(now, 6), "Minute": 5},
        ]
        job = self.calendar_job("array", specs)
        want = min(launchd_next(s, now) for s in specs)
        self.assertEqual(self.next_elapse(job), want, specs)


if __name__ == "__main__":
    H.main()
