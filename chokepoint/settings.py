"""All settings, read in one place from ``CHOKEPOINT_*`` environment variables.

With ``CHOKEPOINT_NEO4J_URI`` unset, Chokepoint runs its own embedded Neo4j (resolved from Maven
Central into ``CHOKEPOINT_HOME``). With it set (``neo4j://``, ``neo4j+s://``, ``bolt://`` …),
nothing is started locally and every command talks to that server.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
NEO4J_SERIES = "[5.26.0,5.27.0)"  # the 5.26 LTS line; Maven picks its newest patch
EXTERNAL_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


class Settings(BaseSettings):
    """Chokepoint's configuration. Every field maps to ``CHOKEPOINT_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="CHOKEPOINT_", frozen=True, extra="ignore")

    home: Path = Field(default=PROJECT_ROOT / ".chokepoint", description="runtime files")
    instance: str = Field(default="default", pattern=r"^[a-z][a-z0-9_-]{0,31}$")
    schema_dir: Path = PROJECT_ROOT / "schema"
    queries_dir: Path = PROJECT_ROOT / "queries"
    demo_dir: Path = PROJECT_ROOT / "demo"
    web_dir: Path = Field(
        default=PROJECT_ROOT / "web" / "public",
        description="the analyst workspace's files, served at / by `chokepoint serve` (built by bin/setup)",
    )
    shared_data_dir: Path = Field(
        default=PROJECT_ROOT.parent / "shared" / "data",
        description="the full public sources; the demo uses the committed excerpts when it is absent",
    )

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    neo4j_read_timeout_s: float | None = Field(
        default=None, gt=0, description="transaction timeout of the CLI's reads; unset: the server's"
    )

    neo4j_version: str = NEO4J_SERIES
    bolt_port: int = Field(default=7687, ge=1, le=65535)
    http_enabled: bool = False
    http_port: int = Field(default=7474, ge=1, le=65535)
    heap_size: str = Field(default="4g", pattern=r"^\d+[kmgKMG]$")
    pagecache_size: str = Field(default="4g", pattern=r"^\d+[kmgKMG]$")
    start_timeout_s: float = Field(default=180.0, gt=0)

    java: str = "java"
    maven: str = "mvn"

    api_config: Path | None = Field(
        default=None, description="the API access file (agencies, keys, sharing); unset: development mode"
    )
    api_production: bool = Field(default=False, description="refuse to serve without api_config")
    api_audit_log: Path | None = Field(default=None, description="audit log; unset: <home>/audit/api.jsonl")
    api_read_timeout_s: float = Field(
        default=15.0, gt=0, description="transaction timeout the database enforces on each API read"
    )
    api_investigation_timeout_s: float = Field(
        default=60.0, gt=0, description="the same for a saved investigation (runInvestigation, /export)"
    )
    api_export_max_nodes: int = Field(
        default=100_000, ge=1, description="the most nodes one GET /export may chart"
    )
    api_read_retry_s: float = Field(
        default=1.0, ge=0, description="how long an API read retries transient errors before a 503"
    )
    api_connect_timeout_s: float = Field(default=2.0, gt=0, description="opening one Bolt connection")
    api_watch_limit: int = Field(
        default=10_000, ge=0, description="active watches one agency may have (the watch mutation)"
    )
    api_expensive_per_agency: int = Field(
        default=2, ge=1, description="expensive requests one agency may have running at once"
    )
    api_expensive_fields: str = Field(
        default="runInvestigation,chokepoints,interdictionPlan,supplyChains,temporalMoneyChains,cluster",
        pattern=r"^[_A-Za-z][_0-9A-Za-z]*(\s*,\s*[_A-Za-z][_0-9A-Za-z]*)*$",
        description="fields that make a request expensive (comma-separated GraphQL names)",
    )
    api_retry_after_s: int = Field(default=2, ge=1, description="Retry-After of a 503 or 429 answer")

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, uri: str | None) -> str | None:
        if uri is None or uri == "":
            return None
        scheme = uri.split("://", 1)[0]
        if "://" not in uri or scheme not in EXTERNAL_SCHEMES:
            allowed = ", ".join(f"{s}://" for s in EXTERNAL_SCHEMES)
            raise ValueError(f"CHOKEPOINT_NEO4J_URI={uri!r} must start with one of {allowed}")
        return uri

    @property
    def embedded(self) -> bool:
        """True when Chokepoint runs its own Neo4j rather than an external server."""
        return self.neo4j_uri is None

    @cached_property
    def instance_dir(self) -> Path:
        return self.home / "instances" / self.instance

    @cached_property
    def runtime_dir(self) -> Path:
        """Where resolved Neo4j jars live; shared by every instance so a second start is free."""
        return self.home / "runtime"

    @property
    def api_audit_path(self) -> Path:
        """Where the API appends one JSON line per request."""
        return self.api_audit_log or self.home / "audit" / "api.jsonl"

    @property
    def api_expensive_field_names(self) -> tuple[str, ...]:
        return tuple(name.strip() for name in self.api_expensive_fields.split(","))

    @property
    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"


def load_settings() -> Settings:
    """Read settings from the environment (a pydantic error becomes a ConfigurationError)."""
    from pydantic import ValidationError

    from chokepoint.errors import ConfigurationError

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"CHOKEPOINT_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigurationError(f"Invalid settings: {problems}") from exc
