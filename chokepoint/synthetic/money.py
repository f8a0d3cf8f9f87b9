"""Money flows as on-chain transfers (wallet-ledger rows).

Street sales fan in to cell wallets; cells pay broker deposit addresses (many cells, one address);
brokers pay Chinese suppliers in USDT on TRON, pass proceeds to plaza bosses, run peel chains and
cash out to exchange deposit addresses; a few transfers reach real sanctioned addresses.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from chokepoint.synthetic import identifiers as ids
from chokepoint.synthetic.seizures import paper_broker
from chokepoint.synthetic.world import BASE_DATE, Actor, Wallet, World, new_wallet

LEDGER_COLUMNS = ("chain", "txHash", "index", "from", "to", "asset", "amount", "timestamp", "block")
_EPOCH = dt.datetime.combine(BASE_DATE, dt.time(), dt.UTC)
# Block height at the base date and seconds per block, so heights follow time.
_BLOCKS = {"bitcoin": (875_000, 600), "tron": (68_500_000, 3), "ethereum": (21_520_000, 12)}
Row = tuple[str, str, int, str, str, str, str, str, int]


def block_at(chain: str, seconds: int) -> int:
    start, spacing = _BLOCKS[chain]
    return start + seconds // spacing


def row(chain: str, tx: str, index: int, frm: str, to: str, asset: str, amount: float, seconds: int) -> Row:
    """One ledger row; amounts keep 8 decimals (BTC) or 2 (USDT), timestamps are ISO UTC."""
    text = f"{amount:.8f}" if asset == "BTC" else f"{amount:.2f}"
    when = (_EPOCH + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (chain, tx, index, frm, to, asset, text, when, block_at(chain, seconds))


@dataclass
class Ledger:
    rng: random.Random
    rows: list[Row] = field(default_factory=list)

    def send(self, frm: Wallet, to: Wallet, amount: float, seconds: int) -> None:
        self.rows.append(
            row(
                frm.chain,
                ids.tx_hash(self.rng, frm.chain),
                0,
                frm.address,
                to.address,
                frm.asset,
                amount,
                seconds,
            )
        )

    def split(self, frm: Wallet, outputs: list[tuple[Wallet, float]], seconds: int) -> None:
        """One transaction with several outputs (index 0, 1, …)."""
        tx = ids.tx_hash(self.rng, frm.chain)
        for index, (to, amount) in enumerate(outputs):
            self.rows.append(row(frm.chain, tx, index, frm.address, to.address, frm.asset, amount, seconds))

    def when(self, lo_day: int, hi_day: int) -> int:
        return self.rng.randrange(lo_day * 86400, hi_day * 86400)


def irs_ledger(world: World, peel_chains: int, peel_hops: int) -> list[Row]:
    """The IRS-CI ledger: street sales, cell-to-broker fan-in, broker payments, peel chains, cash-out."""
    ledger = Ledger(world.rng)
    _street_sales(world, ledger)
    _fan_in(world, ledger)
    _broker_payments(world, ledger)
    for n in range(peel_chains):
        _peel_chain(world, ledger, n, peel_hops)
    return sorted(ledger.rows, key=lambda r: (r[7], r[1], r[2]))


def later_deposits(world: World, count: int) -> tuple[Wallet, list[Row]]:
    """A later slice of the IRS-CI ledger: ``count`` new payments of cell members into the first
    broker's deposit address, dated after everything else (the demo's watched wallet and the slice
    it loads once the watch is set)."""
    ledger = Ledger(world.rng)
    deposit = world.brokers[0].wallets_on("bitcoin")[0]
    payers = [
        wallet for cell in world.cells[:: len(world.brokers)] for m in cell.members for wallet in m.wallets
    ]
    for n in range(count):
        payer = payers[n % len(payers)]
        ledger.send(payer, deposit, world.rng.uniform(0.2, 0.9), ledger.when(652, 655))
    return deposit, sorted(ledger.rows, key=lambda r: (r[7], r[1], r[2]))


def darknet_ledger(world: World, sales_per_vendor: int) -> list[Row]:
    """The FBI ledger: buyers pay vendor addresses; vendors sweep to their operator and a broker."""
    ledger = Ledger(world.rng)
    rng = world.rng
    for v, vendor in enumerate(world.vendors):
        for _ in range(sales_per_vendor):
            ledger.send(
                rng.choice(world.customers),
                rng.choice(vendor.wallets),
                rng.uniform(0.002, 0.08),
                ledger.when(30, 640),
            )
        operator = vendor.parent
        assert operator is not None
        for wallet in vendor.wallets:
            ledger.send(wallet, operator.wallets[0], rng.uniform(0.2, 1.5), ledger.when(300, 660))
            deposit = world.brokers[v % len(world.brokers)].wallets_on("bitcoin")[0]
            ledger.send(wallet, deposit, rng.uniform(0.3, 2.0), ledger.when(300, 660))
    return sorted(ledger.rows, key=lambda r: (r[7], r[1], r[2]))


def _street_sales(world: World, ledger: Ledger) -> None:
    rng = world.rng
    for member in world.members():
        for wallet in member.wallets:
            for _ in range(rng.randint(8, 20)):
                ledger.send(
                    rng.choice(world.customers), wallet, rng.uniform(0.0005, 0.02), ledger.when(20, 600)
                )


def _fan_in(world: World, ledger: Ledger) -> None:
    """Every member wallet pays its cell's broker deposit address a few times (many wallets, one address)."""
    rng = world.rng
    for c, cell in enumerate(world.cells):
        deposit = world.brokers[c % len(world.brokers)].wallets_on("bitcoin")[0]
        for member in cell.members:
            for wallet in member.wallets:
                for _ in range(rng.randint(2, 5)):
                    ledger.send(wallet, deposit, rng.uniform(0.05, 0.6), ledger.when(200, 640))


def _broker_payments(world: World, ledger: Ledger) -> None:
    rng = world.rng
    for b, broker in enumerate(world.brokers):
        hot = broker.wallets_on("tron")
        for _ in range(14):
            supplier = world.suppliers[rng.randrange(len(world.suppliers))]
            ledger.send(
                rng.choice(hot),
                rng.choice(supplier.wallets_on("tron")),
                rng.uniform(2000, 60000),
                ledger.when(100, 650),
            )
        bosses = [boss for boss in world.bosses if boss.parent is broker.parent]
        for _ in range(8):
            ledger.send(
                rng.choice(hot),
                rng.choice(bosses).wallets[0],
                rng.uniform(10000, 150000),
                ledger.when(100, 650),
            )
        for _ in range(6):
            exchange = world.exchanges[rng.randrange(len(world.exchanges))]
            ledger.send(
                rng.choice(hot),
                rng.choice(exchange.wallets_on("tron")),
                rng.uniform(5000, 90000),
                ledger.when(100, 650),
            )
        if world.real_persons and b < 3:  # payment to a real designated supplier's address
            real = world.real_persons[b % len(world.real_persons)]
            chain, address, asset = next(a for a in real.addresses if a[0] == "bitcoin")
            ledger.send(
                broker.wallets_on("bitcoin")[1],
                Wallet(chain, address, asset),
                rng.uniform(0.5, 3),
                ledger.when(300, 640),
            )


def _peel_chain(world: World, ledger: Ledger, n: int, hops: int) -> None:
    """A large balance walks through fresh addresses, each hop peeling a little to an exchange."""
    rng = world.rng
    broker = world.brokers[n % len(world.brokers)]
    current = broker.wallets_on("bitcoin")[2 + n % 3]
    balance = rng.uniform(8, 25)
    seconds = ledger.when(400, 600)
    for _ in range(hops):
        nxt = new_wallet(rng, "bitcoin")
        peel = balance * rng.uniform(0.01, 0.04)
        exchange = world.exchanges[rng.randrange(len(world.exchanges))]
        balance -= peel + 0.0001
        ledger.split(current, [(nxt, balance), (rng.choice(exchange.wallets_on("bitcoin")), peel)], seconds)
        current, seconds = nxt, seconds + rng.randrange(600, 7200)


def _coins(sats: int) -> str:
    return f"{sats // 10**8}.{sats % 10**8:08d}"


def utxo_slice(world: World, seizures: int) -> list[dict[str, object]]:
    """Whole bitcoin transactions (the ``btc-transactions`` format) in which a broker's deposit address
    written on paper at a DEA seizure (of the first ``seizures``) is spent together with the bitcoin
    wallet of one of the first brokers that pays a real designated supplier (``_broker_payments``): one
    wallet by co-spend. The paying wallet also enters a Whirlpool-shaped mix with four strangers,
    which clustering must not follow.

    Then, for each of those deposit addresses, the wallet's payment to a precursor supplier: a wallet
    nobody attributed is spent together with the deposit address (paying an exchange, change back to
    itself) and later pays one of the supplier company's bitcoin addresses, so the only way from the
    supplier's money to the broker is that co-spend (``money_chains`` shows the step)."""
    rng = world.rng
    on_paper: list[Actor] = []
    for n in range(seizures):
        found = paper_broker(world, n)
        if found is not None and found not in on_paper:
            on_paper.append(found)
    out: list[dict[str, object]] = []
    for b, broker in enumerate(world.brokers[:3] if on_paper else ()):
        deposit = on_paper[b % len(on_paper)].wallets_on("bitcoin")[0]
        hot = broker.wallets_on("bitcoin")[1]
        if world.real_persons:
            real = world.real_persons[b % len(world.real_persons)]
            payee = next(a[1] for a in real.addresses if a[0] == "bitcoin")
        else:
            payee = new_wallet(rng, "bitcoin").address
        change = ids.btc_p2pkh(rng)
        seconds = rng.randrange(400 * 86400, 640 * 86400)
        spent = [rng.randrange(20_000_000, 90_000_000), rng.randrange(5_000_000, 40_000_000)]
        paid = rng.randrange(20_000_000, sum(spent) - 2_000_000)
        fee = rng.randrange(2_000, 20_000)
        out.append(
            _utxo_record(
                rng,
                seconds,
                [(deposit.address, spent[0]), (hot.address, spent[1])],
                [(payee, paid), (change, sum(spent) - paid - fee)],
            )
        )
        pool = 1_000_000  # 0.01 BTC: a Whirlpool pool
        mixers = [hot.address, *(ids.btc_p2pkh(rng) for _ in range(4))]  # four strangers
        out.append(
            _utxo_record(
                rng,
                seconds + 3600,
                [(address, pool + 1_500) for address in mixers],
                [(ids.btc_p2pkh(rng), pool) for _ in mixers],
            )
        )
    paid_in_bitcoin = [supplier for supplier in world.suppliers if supplier.wallets_on("bitcoin")]
    for b, broker in enumerate(on_paper[:3] if paid_in_bitcoin else ()):
        out += _pays_supplier_through_a_co_spend(world, broker, paid_in_bitcoin[b % len(paid_in_bitcoin)])
    return out


def _pays_supplier_through_a_co_spend(
    world: World, broker: Actor, supplier: Actor
) -> list[dict[str, object]]:
    """An unattributed wallet co-spent with ``broker``'s deposit address pays ``supplier`` a day later."""
    rng = world.rng
    deposit = broker.wallets_on("bitcoin")[0].address
    wallet = ids.btc_p2pkh(rng)  # no record says who holds it
    exchange = world.exchanges[rng.randrange(len(world.exchanges))].wallets_on("bitcoin")[0].address
    seconds = rng.randrange(400 * 86400, 630 * 86400)
    spent = [rng.randrange(30_000_000, 90_000_000), rng.randrange(60_000_000, 150_000_000)]
    to_exchange = rng.randrange(5_000_000, 20_000_000)
    fee = rng.randrange(2_000, 20_000)
    kept = sum(spent) - to_exchange - fee
    co_spend = _utxo_record(
        rng, seconds, [(deposit, spent[0]), (wallet, spent[1])], [(exchange, to_exchange), (wallet, kept)]
    )
    paid = rng.randrange(kept // 2, kept - 1_000_000)
    fee = rng.randrange(2_000, 20_000)
    payment = _utxo_record(
        rng,
        seconds + 86400,
        [(wallet, kept)],
        [(supplier.wallets_on("bitcoin")[0].address, paid), (ids.btc_p2pkh(rng), kept - paid - fee)],
        spends=(str(co_spend["txid"]), 1),
    )
    return [co_spend, payment]


def _utxo_record(
    rng: random.Random,
    seconds: int,
    inputs: list[tuple[str, int]],
    outputs: list[tuple[str, int]],
    spends: tuple[str, int] | None = None,
) -> dict[str, object]:
    """A transaction record; ``spends`` (txid, vout) is the output its only input spends, else each
    input spends output 0 of a random earlier transaction."""
    when = (_EPOCH + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")
    txid = rng.randbytes(32).hex()
    previous = [spends] if spends else [(rng.randbytes(32).hex(), 0) for _ in inputs]
    return {
        "txid": txid,
        "block": block_at("bitcoin", seconds),
        "timestamp": when,
        "fee": _coins(sum(v for _, v in inputs) - sum(v for _, v in outputs)),
        "inputs": [
            {"address": address, "value": _coins(value), "spentTxid": spent, "spentVout": vout}
            for (address, value), (spent, vout) in zip(inputs, previous, strict=True)
        ],
        "outputs": [{"address": address, "value": _coins(value)} for address, value in outputs],
    }
