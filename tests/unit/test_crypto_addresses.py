import pytest

from chokepoint.errors import InvalidRecord
from chokepoint.ingest import crypto


@pytest.mark.parametrize(
    ("code", "address", "chain", "asset"),
    [
        ("XBT", "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", "bitcoin", "BTC"),
        ("USDT", "TXmVpin5vq5gdZsciyyjdZgKRUju4st1wM", "tron", "USDT"),
        ("USDT", "0x175d44451403Edf28469dF03A9280c1197ADb92c", "ethereum", "USDT"),
        ("USDT", "1KzfHvnPpVnXTU6i5MPZe1N8FW1Fb3rPZ4", "omni", "USDT"),
        ("BNB", "bnb1ztjkhq0ua6gf5f8uydkq6cw5g4uu7ejmsts6ga", "bnb-beacon", "BNB"),
        ("BNB", "0x175d44451403edf28469df03a9280c1197adb92c", "bsc", "BNB"),
        ("XMR", "4AqmN7LeRgsmZxGGd6kajoGVdmQDxc7KbUdNRHJRsNhCr", "monero", "XMR"),
    ],
)
def test_ofac_codes_map_to_chain_and_asset(code, address, chain, asset):
    parsed = crypto.from_ofac_code(code, address)
    assert (parsed.chain, parsed.asset) == (chain, asset)


def test_evm_addresses_are_lower_cased_and_keep_their_written_form():
    mixed = "0x175d44451403Edf28469dF03A9280c1197ADb92c"
    parsed = crypto.from_ofac_code("ETH", f"  {mixed} ")
    assert parsed.address == mixed.lower()
    assert parsed.display_form == mixed
    assert crypto.from_ofac_code("ETH", mixed.lower()).address == parsed.address


def test_case_sensitive_chains_keep_case():
    assert (
        crypto.from_ofac_code("XBT", "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo").address
        == "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo"
    )


@pytest.mark.parametrize("bad", ["0x12", "0xZZ5d44451403Edf28469dF03A9280c1197ADb92c", "", "1abc def"])
def test_malformed_addresses_are_rejected_with_the_reason(bad):
    with pytest.raises(InvalidRecord, match="address"):
        crypto.from_ofac_code("ETH" if bad.startswith("0x") else "XBT", bad)


def test_guess_reads_the_form():
    assert crypto.guess("bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh").chain == "bitcoin"
    assert crypto.guess("TXmVpin5vq5gdZsciyyjdZgKRUju4st1wM").chain == "tron"
    assert crypto.guess("0x175d44451403Edf28469dF03A9280c1197ADb92c").chain == "ethereum"
