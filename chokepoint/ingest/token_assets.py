"""Known token contracts (``schema/assets.yaml``): what a ledger transfer's contract says its asset is.

An asset's identity is its chain and contract; the symbol is only a label, which anyone can give a
token. A transfer of a listed contract is that asset (``USDT``); a transfer of another contract is an
asset of its own (``SYMBOL@contract``: five ``UNI-V2`` pools are five assets, never one total), and
one whose symbol is a listed symbol of its chain is flagged as an impersonation. A transfer that
names no contract keeps its symbol (a chain's own coin, or a file that does not say).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from chokepoint.errors import InvalidModel, InvalidRecord
from chokepoint.ingest.crypto import normalise
from chokepoint.schema.loader import read_yaml, validated_spec
from chokepoint.settings import PROJECT_ROOT

FILE_NAME = "assets.yaml"
LISTED, UNLISTED, IMPERSONATION = "listed", "unlisted", "impersonation"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TokenSpec(_Spec):
    chain: str = Field(min_length=2)
    contract: str = Field(min_length=8)
    symbol: str = Field(min_length=1, max_length=64)
    decimals: int = Field(ge=0, le=36)
    name: str = Field(min_length=1)


class AssetsSpec(_Spec):
    tokens: tuple[TokenSpec, ...]


@dataclass(frozen=True)
class TokenIdentity:
    """What a transfer's contract makes of it: the asset it counts toward, and how it was told."""

    asset: str
    token: str | None
    status: str | None  # listed, unlisted, impersonation; None when no contract was given


@dataclass(frozen=True)
class KnownAssets:
    by_contract: dict[tuple[str, str], TokenSpec]  # (chain, normalised contract) -> token
    symbols: dict[str, frozenset[str]]  # chain -> listed symbols

    def identify(self, chain: str, symbol: str, contract: str | None) -> TokenIdentity:
        """The asset of a transfer of ``symbol`` on ``chain`` through ``contract`` (if given)."""
        if not contract:
            return TokenIdentity(symbol, None, None)
        try:
            address = normalise(chain, contract, symbol).address
        except InvalidRecord as exc:
            raise InvalidRecord(f"token contract: {exc}") from None
        listed = self.by_contract.get((chain, address))
        if listed is not None:
            return TokenIdentity(listed.symbol, address, LISTED)
        status = IMPERSONATION if symbol in self.symbols.get(chain, frozenset()) else UNLISTED
        return TokenIdentity(f"{symbol}@{address}", address, status)


def parse_assets(raw: object, where: str) -> KnownAssets:
    spec = validated_spec(raw, AssetsSpec, where)
    by_contract: dict[tuple[str, str], TokenSpec] = {}
    symbols: dict[str, set[str]] = {}
    for index, token in enumerate(spec.tokens):
        try:
            address = normalise(token.chain, token.contract, token.symbol).address
        except InvalidRecord as exc:
            raise InvalidModel(f"{where}: tokens[{index}]: {exc}") from None
        if (token.chain, address) in by_contract:
            raise InvalidModel(f"{where}: tokens[{index}]: {token.chain} contract {address} is listed twice")
        by_contract[(token.chain, address)] = token
        symbols.setdefault(token.chain, set()).add(token.symbol.upper())
    return KnownAssets(by_contract, {chain: frozenset(found) for chain, found in symbols.items()})


@cache
def known_assets(schema_dir: Path = PROJECT_ROOT / "schema") -> KnownAssets:
    """``schema_dir/assets.yaml``, read and checked once per process."""
    path = schema_dir / FILE_NAME
    return parse_assets(read_yaml(path, "the known token contracts"), str(path))
