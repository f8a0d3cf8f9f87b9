"""The ``darknet-listing`` format (JSON): a vendor account on a darknet market, its listings and wallets.

One record per vendor account; its stable id is the market id plus the vendor handle (the
VendorAccount identity), so a later crawl of the same account lands on the same node. ``operator``
is the party an agency has tied to the account (a PartyRef: never merged by name). Listings naming a
substance become LISTS links to it (one per product); every product title is also kept on the
account. Payment addresses are checked with their chain's checksum by the ingest.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from chokepoint.formats.common import AddressRef, Envelope, FormatModel, PartyRef

FORMAT = "darknet-listing"
MARKET_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


class Market(FormatModel):
    """The market, by a short stable id the agency uses for it."""

    id: str = Field(pattern=MARKET_ID_PATTERN, description="Stable market id (tortuga, silk-lantern …)")
    name: str = Field(min_length=1, description="Market name as displayed")
    onion: str | None = Field(None, pattern=r"^[a-z2-7]{16,56}\.onion$", description="Onion address")


class Vendor(FormatModel):
    """The vendor account: handle, PGP key, first listing, and the party operating it when known."""

    handle: str = Field(min_length=1, description="Vendor handle on the market (case kept)")
    pgp_fingerprint: str | None = Field(
        None, min_length=1, description="PGP key fingerprint: 40 hex digits, spaces allowed"
    )
    first_listed_on: dt.date | None = Field(None, description="First listing seen")
    operator: PartyRef | None = Field(None, description="Person or organisation operating the account")


class Listing(FormatModel):
    """One product offered, as seen on a given day."""

    product: str = Field(min_length=1, description="Listing title (M30 blues, fentanyl HCl powder …)")
    substance: str | None = Field(None, min_length=1, description="Substance by name, alias or CAS number")
    price_usd: float | None = Field(None, ge=0, description="Listed price in US dollars")
    quantity: float | None = Field(None, gt=0, description="Quantity the price buys")
    unit: str | None = Field(None, min_length=1, description="Unit of the quantity (pills, g, kg …)")
    listed_on: dt.date | None = Field(None, description="Day the listing was seen")


class DarknetListing(FormatModel):
    """A vendor account on a market: its listings, the coins it takes and its payment addresses."""

    market: Market
    vendor: Vendor
    listings: list[Listing] = Field(default_factory=list)
    accepted_coins: list[str] = Field(
        default_factory=list, description="Tickers the vendor accepts (BTC, XMR …)"
    )
    payment_addresses: list[AddressRef] = Field(
        default_factory=list, description="Addresses the vendor is paid at"
    )

    @field_validator("accepted_coins")
    @classmethod
    def _tickers(cls, coins: list[str]) -> list[str]:
        tickers = [coin.strip().upper() for coin in coins]
        bad = [coin for coin in tickers if not coin.isalnum() or len(coin) > 10]
        if bad:
            raise ValueError(f"accepted coins must be tickers (BTC, XMR …), not {bad}")
        return tickers

    @property
    def key(self) -> str:
        """The record's stable id: ``market id:handle``."""
        return f"{self.market.id}:{self.vendor.handle}"


DarknetListingFile = Envelope[DarknetListing]
"""A whole JSON file of the format."""
