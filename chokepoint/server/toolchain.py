"""Find Java 17+ and Maven, with one-paragraph errors when they are missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from chokepoint.errors import ToolMissing

MIN_JAVA = 17
_JAVA_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?[^"]*"')


def find_java(java: str) -> Path:
    """Return the java executable, checking that it is Java 17 or newer."""
    path = shutil.which(java)
    if path is None:
        raise ToolMissing(
            f"Java {MIN_JAVA} or newer is needed to run the embedded Neo4j, but `{java}` is not on "
            "PATH. Install a JDK 17 (for example `apt-get install openjdk-17-jre-headless`) or set "
            "CHOKEPOINT_JAVA to its java binary; or point CHOKEPOINT_NEO4J_URI at an existing server."
        )
    major = java_major_version(path)
    if major < MIN_JAVA:
        raise ToolMissing(
            f"{path} is Java {major}; Neo4j 5.26 needs Java {MIN_JAVA} or newer. Install JDK 17 "
            "and put it first on PATH, or set CHOKEPOINT_JAVA to its java binary."
        )
    return Path(path)


def java_major_version(java: str) -> int:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolMissing(f"Could not run `{java} -version`: {exc}") from exc
    match = _JAVA_VERSION.search(out.stderr + out.stdout)
    if match is None:
        raise ToolMissing(f"Could not read a version from `{java} -version`: {out.stderr.strip()!r}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major  # "1.8.0" means Java 8


def find_maven(maven: str) -> Path:
    path = shutil.which(maven)
    if path is None:
        raise ToolMissing(
            f"Maven is needed once, to resolve Neo4j 5.26 from Maven Central, but `{maven}` is not "
            "on PATH. Install it (for example `apt-get install maven`) or set CHOKEPOINT_MAVEN; or "
            "point CHOKEPOINT_NEO4J_URI at an existing server."
        )
    return Path(path)
