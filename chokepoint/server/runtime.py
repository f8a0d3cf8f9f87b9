"""Resolve the Neo4j server jars from Maven Central into ``<home>/runtime`` once, then reuse them.

Maven resolves ``org.neo4j:neo4j`` (the Community server with ``CommunityEntryPoint``) at the newest
patch of the configured range, and copies it with its runtime dependencies into a folder named after
the exact version. ``current.json`` records that choice, so later starts run no Maven at all.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from chokepoint.errors import ServerError
from chokepoint.server.toolchain import find_maven
from chokepoint.settings import Settings

GROUP, ARTIFACT = "org.neo4j", "neo4j"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.chokepoint</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>{group}</groupId>
      <artifactId>{artifact}</artifactId>
      <version>{version}</version>{exclusions}
    </dependency>
  </dependencies>
</project>
"""
# Resolving a range with its whole dependency tree makes Maven walk the tree of *every* version in
# the range (minutes of POM downloads); so the range is first resolved alone, then the exact version.
_NO_TRANSITIVES = """
      <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>"""


@dataclass(frozen=True)
class Runtime:
    """A resolved Neo4j: its exact version and the folder of jars to put on the classpath."""

    version: str
    lib_dir: Path

    @property
    def classpath(self) -> str:
        return str(self.lib_dir / "*")


def installed_runtime(settings: Settings) -> Runtime | None:
    """The runtime resolved earlier for this version spec, if its jars are still there."""
    marker = settings.runtime_dir / "current.json"
    if not marker.is_file():
        return None
    recorded = json.loads(marker.read_text(encoding="utf-8"))
    lib_dir = Path(recorded["lib_dir"])
    if recorded.get("spec") != settings.neo4j_version or not any(lib_dir.glob(f"{ARTIFACT}-*.jar")):
        return None
    return Runtime(version=recorded["version"], lib_dir=lib_dir)


def ensure_runtime(settings: Settings) -> Runtime:
    """Return the resolved runtime, running Maven only when nothing usable is installed."""
    return installed_runtime(settings) or _resolve(settings)


def _resolve(settings: Settings) -> Runtime:
    maven = find_maven(settings.maven)
    work = settings.runtime_dir / "resolve"
    shutil.rmtree(work, ignore_errors=True)
    version = settings.neo4j_version
    if any(mark in version for mark in "[](),"):
        _copy_dependencies(maven, work / "range", settings.neo4j_version, transitive=False)
        version = _version_of(work / "range" / "lib")
    _copy_dependencies(maven, work / "exact", version, transitive=True)
    lib_dir = settings.runtime_dir / f"neo4j-{version}" / "lib"
    if lib_dir.exists():
        shutil.rmtree(lib_dir)
    lib_dir.parent.mkdir(parents=True, exist_ok=True)
    (work / "exact" / "lib").rename(lib_dir)
    shutil.rmtree(work, ignore_errors=True)
    marker = {"spec": settings.neo4j_version, "version": version, "lib_dir": str(lib_dir)}
    (settings.runtime_dir / "current.json").write_text(json.dumps(marker, indent=2), encoding="utf-8")
    return Runtime(version=version, lib_dir=lib_dir)


def _copy_dependencies(maven: Path, work: Path, version: str, transitive: bool) -> None:
    (work / "lib").mkdir(parents=True)
    exclusions = "" if transitive else _NO_TRANSITIVES
    pom = _POM.format(group=GROUP, artifact=ARTIFACT, version=version, exclusions=exclusions)
    (work / "pom.xml").write_text(pom, encoding="utf-8")
    command = [
        str(maven),
        "-B",
        "-q",
        "-f",
        str(work / "pom.xml"),
        f"{DEPENDENCY_PLUGIN}:copy-dependencies",
        f"-DoutputDirectory={work / 'lib'}",
        "-DincludeScope=runtime",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise ServerError(
            f"Maven could not resolve {GROUP}:{ARTIFACT}:{version} from Maven Central "
            f"(exit {done.returncode}). Check network access to the registry and the version in "
            f"CHOKEPOINT_NEO4J_VERSION. Maven said:\n{tail}"
        )


def _version_of(lib_dir: Path) -> str:
    pattern = re.compile(rf"^{ARTIFACT}-(\d+\.\d+\.\d+)\.jar$")
    for jar in lib_dir.iterdir():
        if match := pattern.match(jar.name):
            return match.group(1)
    raise ServerError(f"Maven finished but no {ARTIFACT}-<version>.jar is in {lib_dir}")
