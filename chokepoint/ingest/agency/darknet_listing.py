"""Adapter for ``darknet-listing`` records (JSON envelope): vendor accounts, markets, listings, wallets.

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
from pathlib import Path
from typing import TYPE_CHECKING

from chokepoint.formats.darknet_listing import FORMAT, DarknetListing, Listing
from chokepoint.ingest.agency.envelope import AgencyFormat, RecordContext, open_agency
from chokepoint.ingest.agency.parties import RecordBuilder
from chokepoint.ingest.agency.substances import slug
from chokepoint.ingest.identifiers import normalise_pgp_fingerprint
from chokepoint.ingest.records import Record

if TYPE_CHECKING:
    from chokepoint.ingest.registry import Options
    from chokepoint.ingest.source import ParsedSource


def open_listings(path: Path, options: Options) -> list[ParsedSource]:
    return [open_agency(path, options, SPEC)]


def market_id(market: str) -> str:
    return f"darknet-market:{market}"


def to_records(record: DarknetListing, context: RecordContext) -> Iterable[Record]:
    build = RecordBuilder(replace(context, key=record.key, record_id=record.key))
    market = build.node("DarknetMarket", {
        "id": market_id(record.market.id), "name": record.market.name,
        "onionUrls": [record.market.onion] if record.market.onion else None,
    })  # fmt: skip
    vendor = record.vendor
    fingerprint = normalise_pgp_fingerprint(vendor.pgp_fingerprint) if vendor.pgp_fingerprint else None
    account = build.node("VendorAccount", {
        "market": record.market.id, "handle": vendor.handle, "pgpFingerprint": fingerprint,
        "firstListedOn": vendor.first_listed_on, "acceptedCoins": record.accepted_coins or None,
        "products": sorted({listing.product for listing in record.listings}) or None,
    })  # fmt: skip
    build.link("ON_MARKET", account, market)
    if vendor.operator is not None:
        build.link("OPERATES", build.party(vendor.operator, "operator"), account)
    for address in record.payment_addresses:
        build.link("ACCEPTS_PAYMENT_TO", account, build.address(address))
    for substance, listing in _latest_per_product(record.listings):
        build.link(
            "LISTS", account, build.substance(substance), product=listing.product,
            price=listing.price_usd, currency="USD" if listing.price_usd is not None else None,
            quantity=listing.quantity, unit=listing.unit, listedOn=listing.listed_on,
        )  # fmt: skip
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
    name=FORMAT, model=DarknetListing, key_field="market", to_records=to_records
)
