"""A ledger transfer's leg: what it moved, and its log index's order among equal transfers."""

from chokepoint.formats.wallet_ledger import TransferLegs

MOVED = ("ethereum", "0xab", "USDT", "0xfrom", "0xto", "18400")


def test_equal_transfers_a_source_tells_apart_get_legs_in_order_of_their_log_indexes():
    legs = TransferLegs(log_index_given=True)
    first, again, second, third = (legs.leg(MOVED, index) for index in (361, 361, 362, 5))
    assert first == again and len({first, second, third}) == 3
    assert legs.leg(MOVED, 362) == second and legs.leg(MOVED, 361) == first


def test_a_source_without_log_indexes_gives_what_moved_its_first_leg():
    explorer, native = TransferLegs(log_index_given=False), TransferLegs(log_index_given=True)
    assert explorer.leg(MOVED, 0) == explorer.leg(MOVED, 1) == native.leg(MOVED, 361)
    assert explorer.leg((*MOVED[:-1], "18400.5"), 0) != native.leg(MOVED, 361)  # another amount
