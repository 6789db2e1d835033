#!/usr/bin/env bash
# Every golden expected/ tree must load in systemd with no complaint.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec python3 - "$1" <<PY
import os, sys
sys.path.insert(0, "$here/../support")
from verify_units import verify
root = sys.argv[1]
bad = 0
cases = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d, "expected")))
for case in cases:
    exp = os.path.join(root, case, "expected")
    args = open(os.path.join(root, case, "args")).read().split() if os.path.exists(os.path.join(root, case, "args")) else []
    for line in verify(exp, user="--user" in args):
        print(f"{case}: {line}")
        bad += 1
print(f"{len(cases)} golden cases verified, {bad} complaints")
sys.exit(1 if bad or not cases else 0)
PY
