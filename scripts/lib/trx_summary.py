#!/usr/bin/env python3
"""Sums the results of TRX files (dotnet test --logger trx) for scripts/test.sh.

    trx_summary.py RESULTS.trx...

Prints one line per file (the tier is the file's name without .trx), then, as
the very last line, the totals in the form CI reads:

    N passed, N failed, N skipped

Exits 1 when a test failed, a run ended badly (aborted, crashed test host,
unreadable file) or no test ran at all; else 0.
"""

import os
import sys
import xml.etree.ElementTree as ET

# Counters that mean a test did not pass. "error" is a test that threw
# outside its body, "aborted"/"timeout" a test the run gave up on.
FAILED_COUNTERS = ("failed", "error", "timeout", "aborted")
# ResultSummary outcomes of a run that ended normally. "Failed" is fine here
# only when a failed test explains it; "Warning" is e.g. a filter that matched
# nothing in this tier.
NORMAL_OUTCOMES = {"Completed", "Passed", "Warning"}


def summarize(path):
    """Returns (passed, failed, skipped, problem) for one TRX file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        return 0, 0, 0, f"unreadable ({error})"
    summary = root.find("{*}ResultSummary")
    counters = summary.find("{*}Counters") if summary is not None else None
    if counters is None:
        return 0, 0, 0, "no <Counters> element"

    def count(name):
        return int(counters.get(name, "0"))

    passed = count("passed") + count("passedButRunAborted")
    failed = sum(count(name) for name in FAILED_COUNTERS)
    # xunit's skipped tests are in "total" but neither "executed" nor
    # "notExecuted", so skipped is what is left of the total.
    skipped = max(count("total") - passed - failed, 0)
    outcome = summary.get("outcome", "")
    problem = None
    if outcome not in NORMAL_OUTCOMES and not (outcome == "Failed" and failed > 0):
        problem = f"run outcome {outcome or 'missing'}"
    return passed, failed, skipped, problem


def main(paths):
    totals = [0, 0, 0]
    ok = True
    for path in paths:
        tier = os.path.basename(path)
        if tier.endswith(".trx"):
            tier = tier[: -len(".trx")]
        passed, failed, skipped, problem = summarize(path)
        totals[0] += passed
        totals[1] += failed
        totals[2] += skipped
        note = f" [{problem}]" if problem else ""
        print(f"  tier {tier}: {passed} passed / {failed} failed / {skipped} skipped{note}")
        if problem or failed:
            ok = False
    if totals[0] + totals[1] == 0:
        print("  no test ran")
        ok = False
    print(f"{totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
