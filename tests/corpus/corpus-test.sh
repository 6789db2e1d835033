#!/usr/bin/env bash
# Usage: corpus-test.sh LAUNCHD2SYSTEMD CORPUS_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/corpus_test.py" "$@"
