"""``chokepoint api add-key AGENCY``: issue an API key for a partner agency."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chokepoint.cli.output import console
from chokepoint.errors import ConfigurationError
from chokepoint.settings import load_settings

api_app = typer.Typer(
    help="The GraphQL API's access file: agencies and their API keys.", no_args_is_help=True
)


@api_app.command("add-key")
def add_key_command(
    agency: Annotated[str, typer.Argument(help="Agency the key authenticates, e.g. DEA")],
    label: Annotated[str | None, typer.Option(help="A note on who holds the key")] = None,
    config: Annotated[
        Path | None, typer.Option(help="Access file (default: CHOKEPOINT_API_CONFIG); created when absent")
    ] = None,
) -> None:
    """Create a random API key for AGENCY, store only its SHA-256 in the access file, print it once."""
    from chokepoint.api.security.keys import add_key

    path = config or load_settings().api_config
    if path is None:
        raise ConfigurationError("Name the access file with --config or CHOKEPOINT_API_CONFIG")
    key = add_key(path, agency, label)
    console.print(f"Added a key for {agency} to {path} (only its SHA-256 is stored).")
    console.print("The key, shown this once; give it to the agency over a secure channel:")
    print(key)  # plain stdout, so it can be piped
