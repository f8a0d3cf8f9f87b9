import stat

import pytest

from chokepoint.errors import ToolMissing
from chokepoint.server.toolchain import find_java, find_maven, java_major_version


def fake_java(tmp_path, version_line):
    path = tmp_path / "java"
    path.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_missing_java_explains_what_to_do():
    with pytest.raises(ToolMissing, match=r"Java 17 or newer .* not on PATH.*CHOKEPOINT_JAVA"):
        find_java("no-such-java-binary")


def test_old_java_is_refused(tmp_path):
    java = fake_java(tmp_path, 'openjdk version "11.0.2" 2019-01-15')
    with pytest.raises(ToolMissing, match=r"is Java 11; Neo4j 5\.26 needs Java 17"):
        find_java(str(java))


def test_java_8_version_string_is_read(tmp_path):
    assert java_major_version(str(fake_java(tmp_path, 'java version "1.8.0_351"'))) == 8
    assert java_major_version(str(fake_java(tmp_path, 'openjdk version "21" 2023-09-19'))) == 21


def test_missing_maven_explains_what_to_do():
    with pytest.raises(ToolMissing, match=r"Maven is needed once.*CHOKEPOINT_MAVEN"):
        find_maven("no-such-mvn-binary")
