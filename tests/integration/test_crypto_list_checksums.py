"""Every address OFAC publishes still loads once checksums are checked; failures are marked, not dropped.

Reads the real lists in ../shared/data but needs no database: it runs the adapter up to its records.
"""

from chokepoint.errors import InvalidRecord
from chokepoint.ingest import crypto, ofac_crypto
from chokepoint.ingest.records import NodeRecord
from tests.integration.conftest import shared_file

LISTS = "ofac-sanctioned-crypto-addresses"


def _list_records():
    return [record for source in ofac_crypto.open_lists(shared_file(LISTS)) for record in source.records]


def test_every_published_address_loads_and_failures_are_marked():
    records = _list_records()
    assert len(records) == 758 and all(isinstance(r, NodeRecord) for r in records)
    failing = {r.props["address"]: r.props["chain"] for r in records if r.props["checksumValid"] is False}
    # Found by the survey of every published address: a TRON address listed under XBT, and 64 hex
    # digits (not a Monero address) listed under XMR. Official lists load them; strict callers refuse them.
    assert failing == {
        "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq": "bitcoin",
        "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320": "monero",
    }


def test_checksummed_chains_are_verified_on_the_real_lists():
    records = _list_records()
    verdicts: dict[str, set[object]] = {}
    for record in records:
        if record.props["address"] != "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq":  # TRON under XBT
            verdicts.setdefault(record.props["chain"], set()).add(record.props["checksumValid"])
    checksummed = ("bitcoin", "omni", "litecoin", "bitcoin-cash", "tron", "dash", "zcash", "ripple")
    assert all(verdicts[chain] == {True} for chain in checksummed), verdicts
    assert verdicts["ethereum"] == {True, None}  # EIP-55 forms verified, all-lower-case ones carry none
    assert verdicts["solana"] == {None}


def test_only_verified_checksummed_forms_are_kept_as_display_forms():
    forms = {r.props["displayForm"]: r.props for r in _list_records() if r.props.get("displayForm")}
    assert forms  # the lists publish EIP-55 forms
    for form, props in forms.items():
        assert props["checksumValid"] is True
        assert form != props["address"] and form.lower() == props["address"]


def test_strict_callers_refuse_what_the_lists_keep():
    text = (shared_file(LISTS) / "sanctioned_addresses_XBT.txt").read_text(encoding="utf-8").split()
    refused = []
    for address in text:
        try:
            crypto.from_ofac_code("XBT", address)
        except InvalidRecord as exc:
            refused.append(str(exc))
    assert len(text) == 517
    assert refused == [
        "BTC address 'TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq' on bitcoin: "
        "wrong version byte 0x41 (expected 0x00 (P2PKH) or 0x05 (P2SH))"
    ]
