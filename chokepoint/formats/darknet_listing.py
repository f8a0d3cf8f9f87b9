"""The ``darknet-listing`` format (JSON): a vendor account on a darknet market, its listings and wallets.

One record per vendor account; its stable id is the market id plus the vendor handle (the
VendorAccount identity), so a later crawl of the same account lands on the same node. ``operator``
is the party an agency has tied to the account (a PartyRef: never merged by name). Listings naming a
substance become LISTS links to it (one per product); every product title is also kept on the
account. Payment addresses are checked with their chain's checksum by the ingest.

Mapping: ``darknet-listing`` records (JSON envelope): vendor accounts, markets, listings, wallets.

Per record:

    (:VendorAccount {market, handle}) -[:ON_MARKET]-> (:DarknetMarket {id: "darknet-market:<id>"})
    (operator:Person|Organization) -[:OPERATES]-> (vendor)
    (vendor) -[:ACCEPTS_PAYMENT_TO]-> (:CryptoAddress)
    (vendor) -[:LISTS {product, price, currency, quantity, unit, listedOn}]-> (:Substance)

The record id is ``market:handle``, also the key of a record-scoped operator's node id. The PGP
fingerprint is normalised (40 upper-case hex digits); a bad one, a bad address checksum or an
unknown substance form rejects the whole record. Product titles and accepted coins are kept on the
account (lists that only grow).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from pydantic import Field, field_validator

from chokepoint.formats.common import AddressRef, Envelope, FormatModel, PartyRef
from chokepoint.ingest.agency.envelope import AgencyFormat, RecordContext
from chokepoint.ingest.agency.record_builder import RecordBuilder
from chokepoint.ingest.agency.substances import slug
from chokepoint.ingest.identifiers import normalise_pgp_fingerprint
from chokepoint.ingest.records import Record

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


# -- mapping to graph records ----------------------------------------------------------------------
def market_id(market: str) -> str:
    return f"darknet-market:{market}"


def to_records(record: DarknetListing, context: RecordContext) -> Iterable[Record]:
    build = RecordBuilder(replace(context, key=record.key, record_id=record.key))
    market = build.node(
        "DarknetMarket",
        {
            "id": market_id(record.market.id),
            "name": record.market.name,
            "onionUrls": [record.market.onion] if record.market.onion else None,
        },
    )
    vendor = record.vendor
    fingerprint = normalise_pgp_fingerprint(vendor.pgp_fingerprint) if vendor.pgp_fingerprint else None
    account = build.node(
        "VendorAccount",
        {
            "market": record.market.id,
            "handle": vendor.handle,
            "pgpFingerprint": fingerprint,
            "firstListedOn": vendor.first_listed_on,
            "acceptedCoins": record.accepted_coins or None,
            "products": sorted({listing.product for listing in record.listings}) or None,
        },
    )
    build.link("ON_MARKET", account, market)
    if vendor.operator is not None:
        build.link("OPERATES", build.party(vendor.operator, "operator"), account)
    for address in record.payment_addresses:
        build.link("ACCEPTS_PAYMENT_TO", account, build.address(address))
    for substance, listing in _latest_per_product(record.listings):
        build.link(
            "LISTS",
            account,
            build.substance(substance),
            product=listing.product,
            price=listing.price_usd,
            currency="USD" if listing.price_usd is not None else None,
            quantity=listing.quantity,
            unit=listing.unit,
            listedOn=listing.listed_on,
        )
    return build.records


def _latest_per_product(listings: list[Listing]) -> list[tuple[str, Listing]]:
    """One listing per (substance, product): the latest seen (a LISTS link per product, written once).

    A product with no named substance stays a title on the account only.
    """
    latest: dict[tuple[str, str], tuple[str, Listing]] = {}
    for listing in listings:
        if listing.substance is None:
            continue
        key = (slug(listing.substance), listing.product)
        kept = latest.get(key)
        if kept is None or (listing.listed_on or dt.date.min) >= (kept[1].listed_on or dt.date.min):
            latest[key] = (listing.substance, listing)
    return list(latest.values())


SPEC: AgencyFormat[DarknetListing] = AgencyFormat(
    name=FORMAT,
    model=DarknetListing,
    key_field="market",
    to_records=to_records,
    reads="vendor profiles and listings, JSON",
    becomes="DarknetMarket, VendorAccount (PGP fingerprint), operators, listings, payment addresses",
)
