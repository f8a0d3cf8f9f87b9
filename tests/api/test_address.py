"""``address(chain, address)``: any valid form, holders, sanctions exposure, transfers and records."""

import pytest

from tests.api.conftest import PUBLIC_ONLY

pytestmark = pytest.mark.neo4j

BROKER_BTC = "CryptoAddress:bitcoin|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
BOSS_BTC = "CryptoAddress:bitcoin|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"

ADDRESS = """
query ($chain: String!, $address: String!) {
  address(chain: $chain, address: $address) {
    chain address records
    node { id ... on CryptoAddress { displayForm assets } }
    holders { totalCount edges { node { id displayName } } }
  }
}"""


@pytest.mark.parametrize(
    "written", ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"]
)
def test_an_evm_address_is_found_from_its_checksum_or_lower_case_form(api, written):
    report = api.run(ADDRESS, chain="ethereum", address=written).data["address"]
    assert report["address"] == "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
    assert report["node"] == {
        "id": "CryptoAddress:ethereum|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "displayForm": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "assets": ["ETH"],
    }
    assert report["holders"] == {
        "totalCount": 1,
        "edges": [{"node": {"id": "p:broker", "displayName": "BROKER, Moneyman"}}],
    }
    assert report["records"] == ["api-test-public:a-3"]


def test_bad_chains_and_malformed_addresses_are_clear_errors(api):
    unknown = api.run(ADDRESS, chain="dogecoin", address="D8vFz4p1L37jdg47HXKtSHA5uYLYxbGgPD")
    assert unknown.data == {"address": None}
    assert unknown.errors[0].startswith("chain: unknown chain 'dogecoin'; allowed: bitcoin, ethereum, ")
    bad_checksum = api.run(ADDRESS, chain="ethereum", address="0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    assert bad_checksum.errors[0].startswith(
        "address: ethereum address '0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'"
    )
    short = api.run(ADDRESS, chain="bitcoin", address="1BvBMSEYst")
    assert short.errors[0].startswith("address: bitcoin address '1BvBMSEYst'")
    absent = api.run(ADDRESS, chain="bitcoin", address="1PMycacnJaSqwwJqjawXBErnLsZ7RkXUAs")
    assert absent.errors == [] and absent.data == {"address": None}


EXPOSURE = """
query ($address: String!, $maxHops: Int!) {
  address(chain: "bitcoin", address: $address) {
    sanctionsExposure(maxHops: $maxHops) {
      hops
      party { id displayName }
      designations { id ... on Designation { programs } }
      path { length nodes { id } relationships { direction relationship { type sourceRecordId } } }
    }
  }
}"""


def test_sanctions_exposure_is_the_shortest_path_to_a_designated_party(api):
    exposure = api.run(EXPOSURE, address="1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", maxHops=4).data["address"]
    found = exposure["sanctionsExposure"]
    assert found["hops"] == 3
    assert found["party"] == {"id": "p:boss", "displayName": "GUZMAN, Testboss"}
    assert found["designations"] == [{"id": "d:boss", "programs": ["SDNTK"]}]
    # Two transfers tie at 3 hops (aa11 broker -> boss, cc33 boss -> broker); SHORTEST 1 may return either.
    nodes = [n["id"] for n in found["path"]["nodes"]]
    hops = [(h["direction"], h["relationship"]["type"]) for h in found["path"]["relationships"]]
    assert (nodes, hops) in [
        (
            [BROKER_BTC, "Transfer:bitcoin|aa11|0", BOSS_BTC, "p:boss"],
            [("OUTGOING", "SENT"), ("OUTGOING", "RECEIVED"), ("INCOMING", "CONTROLS_ADDRESS")],
        ),
        (
            [BROKER_BTC, "Transfer:bitcoin|cc33|1", BOSS_BTC, "p:boss"],
            [("INCOMING", "RECEIVED"), ("INCOMING", "SENT"), ("INCOMING", "CONTROLS_ADDRESS")],
        ),
    ]
    too_far = api.run(EXPOSURE, address="1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", maxHops=2).data
    assert too_far == {"address": {"sanctionsExposure": None}}
    assert api.run(EXPOSURE, address="1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", maxHops=7).errors == [
        "maxHops: 7 is out of range; allowed 1 to 6"
    ]


TRANSFERS = """
query ($direction: Direction!, $first: Int!, $after: String) {
  address(chain: "bitcoin", address: "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2") {
    transfers(direction: $direction, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { direction node { ... on Transfer { txHash amount timestamp } } counterparties { id } }
    }
    mentionedIn { totalCount edges { node { id displayName } } }
  }
}"""


def test_transfers_in_and_out_are_paginated_newest_first_with_counterparties(api):
    both = api.run(TRANSFERS, direction="BOTH", first=2).data["address"]
    page = both["transfers"]
    assert page["totalCount"] == 3
    assert [(e["direction"], e["node"]["txHash"]) for e in page["edges"]] == [
        ("INCOMING", "cc33"),
        ("OUTGOING", "bb22"),
    ]
    assert page["edges"][0]["counterparties"] == [{"id": BOSS_BTC}]
    assert page["edges"][1]["node"]["amount"] == "0.25"  # Decimal: a string holding every digit
    assert page["edges"][1]["node"]["timestamp"].startswith("2026-01-05T10:00:00")
    rest = api.run(TRANSFERS, direction="BOTH", first=2, after=page["pageInfo"]["endCursor"]).data
    assert [e["node"]["txHash"] for e in rest["address"]["transfers"]["edges"]] == ["aa11"]
    assert rest["address"]["transfers"]["pageInfo"]["hasNextPage"] is False

    outgoing = api.run(TRANSFERS, direction="OUTGOING", first=10).data["address"]["transfers"]
    assert sorted(e["node"]["txHash"] for e in outgoing["edges"]) == ["aa11", "bb22"]
    assert both["mentionedIn"] == {
        "totalCount": 1,
        "edges": [{"node": {"id": "doc:ledger", "displayName": "Broker ledger export"}}],
    }


def test_a_viewer_without_grants_still_sees_the_public_address_report(api):
    report = api.run(ADDRESS, PUBLIC_ONLY, chain="bitcoin", address="1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")
    assert report.data["address"]["holders"]["edges"] == [
        {"node": {"id": "p:boss", "displayName": "GUZMAN, Testboss"}}
    ]
