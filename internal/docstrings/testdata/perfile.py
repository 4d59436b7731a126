"""Per-file docstring counts from interrogate's own classes, for the differential test.

Usage: python perfile.py ROOT [interrogate CLI options...]
Runs interrogate's CLI option parsing, then measures each file separately so that a file
ast.parse rejects is reported as an error instead of aborting the run. Prints JSON lines:
{"file": ..., "total": ..., "covered": ...} or {"file": ..., "error": ...}.
"""
import json
import sys

import click
from interrogate import cli, coverage


def main():
    root, args = sys.argv[1], sys.argv[2:]
    captured = {}

    class Capture(coverage.InterrogateCoverage):
        def get_coverage(self):
            captured["cov"] = self
            raise SystemExit(0)

    coverage.InterrogateCoverage = Capture
    try:
        cli.main.main(args=args + [root], standalone_mode=False)
    except SystemExit:
        pass
    cov = captured["cov"]
    for f in cov.get_filenames_from_paths():
        try:
            res = cov._get_file_coverage(f)
        except Exception as e:  # noqa: BLE001 - any failure aborts interrogate
            print(json.dumps({"file": f, "error": f"{type(e).__name__}: {e}"}))
            continue
        if res is None:
            print(json.dumps({"file": f, "skipped": True}))
        else:
            print(json.dumps({"file": f, "total": res.total, "covered": res.covered}))


if __name__ == "__main__":
    main()
