"""``chokepoint serve``: the GraphQL API on uvicorn; ``--write-schema`` exports the SDL instead."""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer
from rich.panel import Panel

from chokepoint import composition
from chokepoint.cli.output import console
from chokepoint.settings import load_settings

LOOP = "asyncio" if sys.platform == "win32" else "uvloop"  # uvloop has no Windows build


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port")] = 8000,
    write_schema: Annotated[
        bool, typer.Option("--write-schema", help="Write api/schema.graphql from schema/ and exit")
    ] = False,
) -> None:
    """Serve the GraphQL API at http://HOST:PORT/graphql and the analyst workspace at http://HOST:PORT/
    (CHOKEPOINT_API_CONFIG: who may call it)."""
    import uvicorn

    from chokepoint.api.app import create_app
    from chokepoint.api.schema import write_sdl
    from chokepoint.api.security.setup import DEVELOPMENT_WARNING, api_security

    settings = load_settings()
    if write_schema:
        path = write_sdl(composition.model_of(settings))
        console.print(f"Wrote {path}")
        return
    security = api_security(settings)  # reads and checks the access file before serving
    version = composition.server_version(settings)  # fail here, clearly, when Neo4j is not reachable
    console.print(f"Neo4j {version} at {settings.bolt_uri}; GraphQL at http://{host}:{port}/graphql")
    console.print(f"Analyst workspace at http://{host}:{port}/ (web/: the page, a client of this API)")
    if not (settings.web_dir / "index.html").is_file():
        console.print(f"[yellow]The workspace is not built ({settings.web_dir}): run bin/setup[/yellow]")
    if security.development:
        console.print(Panel(DEVELOPMENT_WARNING, title="DEVELOPMENT MODE", style="bold red"))
    else:
        mode = "production" if settings.api_production else "authenticated"
        introspection = "on" if security.introspection else "off"
        console.print(f"{mode} mode: access file {settings.api_config}; introspection {introspection}")
    console.print(f"Audit log: {settings.api_audit_path}")
    app = create_app(settings, security=security)
    # The model, schema and generated types live as long as the process: kept out of the collector's
    # passes, so a full collection no longer walks them in the middle of a request.
    gc.collect()
    gc.freeze()
    # uvicorn takes httptools (HTTP parsing in C) and uvloop (the libuv event loop) when installed:
    # both are dependencies, asked for here so that a missing one fails instead of slowing down. Its
    # access log is off: the audit log already has a line per request, with agency, operation and time.
    # WebSocket: the ``websockets`` library's sans-I/O protocol, messages at most 1 MB as POST bodies.
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        ws="websockets-sansio",  # subscriptions (graphql-transport-ws) at /graphql: api/websocket.py
        ws_max_size=1 << 20,
        lifespan="on",
        http="httptools",
        loop=LOOP,
    )
