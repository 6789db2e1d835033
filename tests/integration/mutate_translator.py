#!/usr/bin/python3
"""Mutation check for the integration tests: a stand-in for launchd2systemd that runs the
real translator and then damages the unit files it wrote, so one can verify that the
integration tests notice (every assertion must be able to fail).

  LC_IT_REAL_TRANSLATOR=build/bin/launchd2systemd \\
  LC_IT_MUTATION='^StartLimitIntervalSec=0\\n=>' \\
  LC_IT_TRANSLATOR=tests/integration/mutate_translator.py \\
  LC_IT_STATE=… python3 tests/integration/test_keepalive.py

LC_IT_MUTATION is "REGEX=>REPLACEMENT" (Python re, MULTILINE), applied to every unit file
written by this run (names taken from the --format json output). Not used by ctest.
"""
import json
import os
import re
import subprocess
import sys


def main():
    real = os.environ["LC_IT_REAL_TRANSLATOR"]
    pattern, _, repl = os.environ["LC_IT_MUTATION"].partition("=>")
    args = sys.argv[1:]
    p = subprocess.run([real, *args], capture_output=True, text=True)
    sys.stderr.write(p.stderr)
    sys.stdout.write(p.stdout)
    if "-o" in args and "--format" in args and p.stdout.strip():
        out = args[args.index("-o") + 1]
        for inp in json.loads(p.stdout)["inputs"]:
            for u in inp["units"]:
                path = os.path.join(out, u["name"])
                if os.path.exists(path):
                    with open(path) as f:
                        text = f.read()
                    with open(path, "w") as f:
                        f.write(re.sub(pattern, repl, text,
                                       flags=re.MULTILINE))
    return p.returncode


if __name__ == "__main__":
    sys.exit(main())
