"""Corpus test: every real-world plist in ../shared/corpus/real is translated.

None may crash; each either translates, or is refused with an error naming a
key, exactly as tests/corpus/expected-refusals.tsv says (LC_UPDATE_GOLDEN=1
rewrites it; review the diff); everything written must load in systemd with
no complaint from `systemd-analyze verify`."""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from verify_units import verify  # noqa: E402

EXPECTED = os.path.join(os.path.dirname(__file__), "expected-refusals.tsv")


def corpus_files(corpus):
    manifest = os.path.join(corpus, "MANIFEST.tsv")
    with open(manifest) as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    return [r[0] for r in rows if r and r[0]]


def translate(tool, path, domain, outdir):
    r = subprocess.run([tool, domain, "--format", "json", "-o", outdir, path],
                       capture_output=True, text=True, timeout=60)
    if r.returncode not in (0, 1):
        raise AssertionError(f"{path}: exit {r.returncode}: {r.stderr.strip()}")
    return json.loads(r.stdout)["inputs"][0]


def main():
    tool, corpus = sys.argv[1], sys.argv[2]
    if not os.path.isdir(corpus):
        print(f"FAILED: the corpus is absent: {corpus} does not exist "
              "(it lives outside the project, in ../shared/corpus/real)")
        return 1
    files = corpus_files(corpus)
    work = tempfile.mkdtemp(prefix="lc-corpus-")
    refusals, translated, other_domain = {}, {}, []
    for name in files:
        path = os.path.join(corpus, name)
        result, domain = None, None
        for domain in ("--system", "--user"):
            out = os.path.join(work, "one", domain.strip("-"), name)
            result = translate(tool, path, domain, out)
            skipped = any(d["code"] == "other-domain" for d in result["diagnostics"])
            if not skipped:
                break
        errors = [d for d in result["diagnostics"] if d["severity"] == "error"]
        if errors:
            refusals[name] = f'{errors[0]["key"]}\t{errors[0]["code"]}'
        elif result["units"]:
            translated[name] = (domain, out)
        else:
            other_domain.append(name)

    complaints = verify_batches(translated, work)
    ok = report_refusals(refusals)
    for c in complaints:
        print(f"verify: {c}")
    print(f"corpus: {len(files)} files: {len(translated)} translated, "
          f"{len(refusals)} refused with an error, {len(other_domain)} for no domain, "
          f"{len(complaints)} systemd-analyze complaints")
    if other_domain:
        print("no domain would load: " + ", ".join(other_domain))
    return 0 if ok and not complaints and not other_domain else 1


def verify_batches(translated, work):
    """Moves translated units into as few collision-free dirs as possible."""
    batches = []  # (domain, dir, names)
    for name, (domain, out) in sorted(translated.items()):
        units = [u for u in os.listdir(out) if not u.endswith(".wants")]
        batch = next((b for b in batches if b[0] == domain and not (b[2] & set(units))), None)
        if batch is None:
            batch = (domain, os.path.join(work, f"batch{len(batches)}"), set())
            os.makedirs(batch[1])
            batches.append(batch)
        for u in units:
            os.rename(os.path.join(out, u), os.path.join(batch[1], u))
        batch[2].update(units)
    complaints = []
    for domain, d, _ in batches:
        complaints += verify(d, user=domain == "--user")
    return complaints


def report_refusals(refusals):
    lines = sorted(f"{k}\t{v}" for k, v in refusals.items())
    if os.environ.get("LC_UPDATE_GOLDEN"):
        with open(EXPECTED, "w") as f:
            f.write("# file\tkey\tcode (reviewed: macOS refuses these too)\n")
            f.write("\n".join(lines) + "\n")
        return True
    with open(EXPECTED) as f:
        want = sorted(l.rstrip("\n") for l in f if l.strip() and not l.startswith("#"))
    if want == lines:
        return True
    for l in sorted(set(want) - set(lines)):
        print(f"expected refusal missing: {l}")
    for l in sorted(set(lines) - set(want)):
        print(f"unexpected refusal: {l}")
    return False


if __name__ == "__main__":
    sys.exit(main())
