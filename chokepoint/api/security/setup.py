"""From settings to the API's security pieces: development mode or the access file.

Without ``CHOKEPOINT_API_CONFIG`` the API runs in development mode (every grant, no credentials),
which ``CHOKEPOINT_API_PRODUCTION=true`` refuses. With it, every request must authenticate.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from chokepoint.alerts.webhooks import WebhookTarget
from chokepoint.api.http import Authenticate
from chokepoint.api.security.audit import AuditLog
from chokepoint.api.security.auth import Authenticator
from chokepoint.api.security.config import AccessConfig, load_access_config
from chokepoint.api.security.extension import ExtensionFactory, security_policy
from chokepoint.api.security.limits import LimitChecks, limit_checks
from chokepoint.api.security.persisted import PersistedQueries, load_allow_list
from chokepoint.api.security.policy import grants_for
from chokepoint.deconfliction.pointers import Consent, Pointer, PointerRule
from chokepoint.errors import ConfigurationError
from chokepoint.markings import PUBLIC
from chokepoint.settings import Settings

DEVELOPMENT_WARNING = (
    "DEVELOPMENT MODE: no CHOKEPOINT_API_CONFIG is set, so the API asks for no credentials and every "
    "caller sees every record in the database. Never expose it beyond this machine."
)
log = logging.getLogger("chokepoint.api")


@dataclass(frozen=True)
class ApiSecurity:
    """What :func:`chokepoint.api.app.create_app` wires in; ``authenticate`` None is development."""

    authenticate: Authenticate | None
    limits: LimitChecks
    extensions: list[ExtensionFactory]
    persisted: PersistedQueries
    audit: AuditLog
    introspection: bool
    pointers: PointerRule  # deconfliction: the owners that opted in
    webhooks: dict[str, WebhookTarget] = field(default_factory=dict)  # where alerts are also posted

    @property
    def development(self) -> bool:
        return self.authenticate is None


def api_security(settings: Settings) -> ApiSecurity:
    """The security of an API run with ``settings`` (reads the access file once)."""
    if settings.api_config is None:
        if settings.api_production:
            raise ConfigurationError(
                "CHOKEPOINT_API_PRODUCTION is set but CHOKEPOINT_API_CONFIG is not: production needs "
                "the access file (agencies, keys, sharing); see docs/api-access.example.yaml"
            )
        log.warning(DEVELOPMENT_WARNING)
        return _assemble(AccessConfig(), None, settings, introspection=True)
    config = load_access_config(settings.api_config)
    introspection = config.introspection if config.introspection is not None else not settings.api_production
    return _assemble(config, Authenticator(config), settings, introspection)


def _assemble(
    config: AccessConfig, authenticate: Authenticate | None, settings: Settings, introspection: bool
) -> ApiSecurity:
    limits = limit_checks(config.limits, introspection)
    return ApiSecurity(
        authenticate=authenticate,
        limits=limits,
        extensions=[security_policy(limits)],
        persisted=_persisted(config),
        audit=AuditLog(settings.api_audit_path),
        introspection=introspection,
        pointers=pointer_rule(config),
        webhooks=webhook_targets(config),
    )


def webhook_targets(config: AccessConfig) -> dict[str, WebhookTarget]:
    """The access file's webhooks, each with its secret and its agency's grants (PUBLIC included)."""
    return {
        agency: WebhookTarget(agency, hook.url, hook.secret(), grants_for(agency, config) | {PUBLIC})
        for agency, hook in config.webhooks.items()
    }


def pointer_rule(config: AccessConfig) -> PointerRule:
    """The deconfliction opt-ins of the access file as the rule answers apply."""
    return PointerRule(
        {
            owner: Consent(
                pointer=Pointer(owner, optin.contact.desk, optin.contact.phone, optin.contact.email),
                caveats=frozenset(optin.caveats),
                window_minutes=optin.notice_window_minutes,
            )
            for owner, optin in config.deconfliction.items()
        }
    )


def _persisted(config: AccessConfig) -> PersistedQueries:
    spec = config.persisted_queries
    if spec is None:
        return PersistedQueries()
    return PersistedQueries(load_allow_list(spec.file), only=spec.only)
