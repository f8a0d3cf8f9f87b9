"""Crypto address chains, normalisation and checksums.

Valid vectors are public: BIP-173/BIP-350 test vectors, EIP-55's examples, the CashAddr spec's
examples (checked against their legacy forms below), well-known Bitcoin/XRP addresses, and addresses
OFAC publishes in its sanctions lists (for chains whose specs give no vector).
"""

import base58
import bech32
import pytest

from chokepoint.errors import InvalidRecord
from chokepoint.ingest import crypto


@pytest.mark.parametrize(
    ("code", "address", "chain", "asset"),
    [
        ("XBT", "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", "bitcoin", "BTC"),
        ("USDT", "TXmVpin5vq5gdZsciyyjdZgKRUju4st1wM", "tron", "USDT"),
        ("USDT", "0x175d44451403Edf28469dF03A9280c1197ADb92c", "ethereum", "USDT"),
        ("USDT", "1KUUJPkyDhamZXgpsyXqNGc3x1QPXtdhgz", "omni", "USDT"),
        ("BNB", "bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23", "bnb-beacon", "BNB"),
        ("BNB", "0x175d44451403edf28469df03a9280c1197adb92c", "bsc", "BNB"),
        (
            "XMR",
            "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL",
            "monero",
            "XMR",
        ),
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
    assert crypto.guess("not-an-address").chain == "other"


# valid vectors: a verified checksum gives checksum_valid True ----------------------------------

VERIFIED = [
    # Bitcoin base58check: the genesis coinbase address, the Bitcoin wiki P2PKH and P2SH examples
    ("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
    ("bitcoin", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
    ("bitcoin", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
    # BIP-173 / BIP-350 valid mainnet vectors: v0 P2WPKH (upper case), v1 40-byte, v16, taproot
    ("bitcoin", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"),
    ("bitcoin", "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y"),
    ("bitcoin", "BC1SW50QGDZ25J"),
    ("bitcoin", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"),
    ("bitcoin", "bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw"),  # OFAC list
    ("omni", "1KUUJPkyDhamZXgpsyXqNGc3x1QPXtdhgz"),  # OFAC list (USDT on Omni)
    ("bitcoin-sv", "12sjrrhoFEsedNRhtgwvvRqjFTh8fZTDX9"),  # OFAC list
    ("litecoin", "LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb"),  # OFAC list, L… P2PKH
    ("litecoin", "M8yFL6SFC6TreATegTyuSYkDfDRbisdpT3"),  # OFAC list, M… P2SH
    ("litecoin", "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9"),  # the BIP-173 program under ltc
    ("dash", "XnPFsRWTaSgiVauosEwQ6dEitGYXgwznz2"),  # OFAC list
    ("zcash", "t1MMXtBrSp1XG38Lx9cePcNUCJj5vdWfUWL"),  # OFAC list, two-byte version t1
    ("bitcoin-gold", "GPwg61XoHqQPNmAucFACuQ5H9sGCDv9TpS"),  # OFAC list
    ("verge", "DFFJhnQNZf8rf67tYnesPu7MuGUpYtzv7Z"),  # OFAC list
    ("tron", "TXmVpin5vq5gdZsciyyjdZgKRUju4st1wM"),  # OFAC list
    ("ripple", "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"),  # the XRP Ledger genesis account
    ("ripple", "rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66"),  # OFAC list
    ("bnb-beacon", "bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23"),  # OFAC list
    # CashAddr spec examples, with and without the prefix, either case; and a legacy form
    ("bitcoin-cash", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"),
    ("bitcoin-cash", "bitcoincash:pqq3728yw0y47sqn6l2na30mcw6zm78dzq5ucqzc37"),
    ("bitcoin-cash", "qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy"),
    ("bitcoin-cash", "BITCOINCASH:QPM2QSZNHKS23Z7629MMS6S4CWEF74VCWVY22GDX6A"),
    ("bitcoin-cash", "18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB"),  # OFAC list
    # EIP-55's own examples
    ("ethereum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
    ("ethereum", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"),
    ("arbitrum", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"),
    ("bsc", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"),
]


@pytest.mark.parametrize(("chain", "address"), VERIFIED)
def test_valid_addresses_pass_their_checksum(chain, address):
    parsed = crypto.normalise(chain, address, "X")
    assert parsed.checksum_valid is True
    assert parsed.display_form == address


UNCHECKED = [
    ("ethereum", "0x52908400098527886E0F7030069857D2E4169EE7"),  # EIP-55 all-caps example
    ("ethereum", "0xde709f2102306220921060314715629080e2fb77"),  # EIP-55 all-lower example
    (
        "monero",
        "84AwzjeFWXNEuhj8LWinXo93AqYr6wS8ZcnaBCoGhrL7EtvBMBovdhiUSV9xLhjrPA8t64hYSaMc8bHtWXoV9129EHUjU62",
    ),
    ("solana", "42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi"),  # OFAC list
    ("other", "anything-at-all"),
]


@pytest.mark.parametrize(("chain", "address"), UNCHECKED)
def test_forms_without_a_checksum_pass_unverified(chain, address):
    assert crypto.normalise(chain, address, "X").checksum_valid is None


def test_cashaddr_examples_hash_the_same_as_their_legacy_forms():
    pairs = [
        ("bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu"),
        ("bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy", "1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR"),
        ("bitcoincash:pqq3728yw0y47sqn6l2na30mcw6zm78dzq5ucqzc37", "31nwvkZwyPdgzjBJZXfDmSWsC4ZLKpYyUw"),
    ]
    for cash, legacy in pairs:
        assert crypto.normalise("bitcoin-cash", cash, "BCH").checksum_valid is True
        values = [bech32.CHARSET.find(char) for char in cash.split(":")[1]]
        payload = bytes(bech32.convertbits(values[:-8], 5, 8, False))
        assert payload[1:] == base58.b58decode_check(legacy)[1:]


# invalid vectors: the message names the address, the chain and the reason ------------------

INVALID = [
    ("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "bad base58check checksum"),
    ("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0", "invalid character '0' at position 34"),
    ("bitcoin", "1B64QRxf", "bad length: decodes to 6 bytes"),
    ("bitcoin", "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", r"testnet address \(version 0x6f\)"),
    ("bitcoin", "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc", r"testnet address \(version 0xc4\)"),
    ("bitcoin", "TXmVpin5vq5gdZsciyyjdZgKRUju4st1wM", "wrong version byte 0x41"),  # a Tron address
    # BIP-173 valid testnet vector; BIP-350 invalid vectors
    ("bitcoin", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "testnet address"),
    (
        "bitcoin",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
        "v1 address with a bech32 checksum",
    ),
    (
        "bitcoin",
        "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
        "v16 address with a bech32 checksum",
    ),
    ("bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "v0 address with a bech32m checksum"),
    ("bitcoin", "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "bad witness version 17"),
    ("bitcoin", "bc1gmk9yu", "too short"),
    ("bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "bad bech32 checksum"),
    ("bitcoin", "bc1QW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "mixed upper and lower case"),
    ("litecoin", "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bad bech32 checksum"),  # bc's checksum
    ("litecoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "wrong version byte 0x00"),
    ("dash", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "wrong version byte 0x00"),
    ("zcash", "t1MMXtBrSp1XG38Lx9cePcNUCJj5vdWfUWM", "bad base58check checksum"),
    # the Tron USDT contract as written in our brief: 32 characters, two short of an address
    ("tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgj6t", "bad length: decodes to 24 bytes"),
    ("tron", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "wrong version byte 0x00"),
    ("ripple", "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTT", "bad base58check checksum"),
    ("bnb-beacon", "bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf24", "bad bech32 checksum"),
    ("bnb-beacon", "tbnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23", "testnet address"),
    ("bitcoin-cash", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6c", "bad CashAddr checksum"),
    ("bitcoin-cash", "bchtest:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "testnet address"),
    ("bitcoin-cash", "bitcoincash:Qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "mixed upper and lower case"),
    ("ethereum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "bad EIP-55 checksum"),
    ("ethereum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "bad length: 39 hex digits"),
    ("ethereum", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "does not start with 0x"),
    ("monero", "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320", "invalid character '0'"),
    ("monero", "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8", "bad length: 53 characters"),
    ("solana", "42RLPACwZPx3vYYmxSueqsogfynBDqXK", "bad length: decodes to"),
]


@pytest.mark.parametrize(("chain", "address", "reason"), INVALID)
def test_invalid_addresses_name_address_chain_and_reason(chain, address, reason):
    with pytest.raises(InvalidRecord, match=reason) as caught:
        crypto.normalise(chain, address, "X")
    assert repr(address) in str(caught.value) and f"on {chain}:" in str(caught.value)


EVM_MALFORMED = {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"}


@pytest.mark.parametrize(("chain", "address", "reason"), [v for v in INVALID if v[1] not in EVM_MALFORMED])
def test_lenient_mode_keeps_a_failing_address_and_marks_it(chain, address, reason):
    parsed = crypto.normalise(chain, address, "X", strict=False)
    assert parsed.checksum_valid is False
    assert parsed.display_form == address


def test_lenient_mode_still_refuses_empty_spaced_and_non_hex_evm_text():
    for bad in ("", "   ", "1abc def"):
        with pytest.raises(InvalidRecord, match="empty or contains spaces"):
            crypto.normalise("bitcoin", bad, "BTC", strict=False)
    for bad in sorted(EVM_MALFORMED):
        with pytest.raises(InvalidRecord, match=f"address '{bad}' on ethereum"):
            crypto.normalise("ethereum", bad, "ETH", strict=False)
    mistyped = crypto.normalise("ethereum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "ETH", strict=False)
    assert (mistyped.address, mistyped.checksum_valid) == (
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        False,
    )


def test_strict_flag_reaches_through_from_ofac_code_and_guess():
    tron_as_bitcoin = "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq"  # OFAC publishes it under XBT
    with pytest.raises(InvalidRecord, match="wrong version byte 0x41"):
        crypto.from_ofac_code("XBT", tron_as_bitcoin)
    kept = crypto.from_ofac_code("XBT", tron_as_bitcoin, strict=False)
    assert (kept.chain, kept.address, kept.checksum_valid) == ("bitcoin", tron_as_bitcoin, False)
    assert crypto.guess("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", strict=False).checksum_valid is False


def test_zcash_sapling_addresses_are_bech32_with_a_43_byte_payload():
    # no published Sapling vector at hand: encode one with the BIP-173 reference encoder
    payload = bytes(range(43))
    values = bech32.convertbits(payload, 8, 5)
    sapling = bech32.bech32_encode("zs", values)
    assert crypto.normalise("zcash", sapling, "ZEC").checksum_valid is True
    short = bech32.bech32_encode("zs", bech32.convertbits(payload[:42], 8, 5))
    with pytest.raises(InvalidRecord, match="payload is not 43 bytes"):
        crypto.normalise("zcash", short, "ZEC")
