"""The fictional network: who exists, who belongs to whom, who holds which wallets and phones.

Real OFAC parties (cartels, Chinese suppliers and persons with sanctioned wallets) sit in the
world next to invented ones; the event modules (``shipments``, ``seizures``, ``money``, ``notes``,
``darknet``) only ever pick from this model.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from chokepoint.synthetic import identifiers as ids
from chokepoint.synthetic import name_pools, phones
from chokepoint.synthetic.ofac import Excerpt, RealParty

BASE_DATE = dt.date(2025, 1, 1)
PUBLISHED = dt.date(2026, 11, 1)
SPAN_DAYS = (PUBLISHED - BASE_DATE).days - 30

CARTEL_PLAZAS = (
    ("Culiacan", "Mazatlan", "Mexicali", "Tijuana"),
    ("Guadalajara", "Manzanillo", "Puerto Vallarta", "Zapopan"),
)
US_CELL_CITIES = (
    ("Phoenix", "AZ"),
    ("Los Angeles", "CA"),
    ("Denver", "CO"),
    ("Seattle", "WA"),
    ("Chicago", "IL"),
    ("Atlanta", "GA"),
    ("Dallas", "TX"),
    ("Houston", "TX"),
    ("Albuquerque", "NM"),
    ("Las Vegas", "NV"),
    ("Columbus", "OH"),
    ("Philadelphia", "PA"),
    ("Boston", "MA"),
    ("Portland", "OR"),
    ("Salt Lake City", "UT"),
    ("Louisville", "KY"),
    ("Tucson", "AZ"),
    ("San Diego", "CA"),
)
_SUPPLIER_WORDS = ("CHEM", "PHARM", "BIOTECH", "BIOLOGICAL", "MATERIAL", "TRADING", "MACHINERY", "TECHNOLOGY")


@dataclass(frozen=True)
class Wallet:
    chain: str
    address: str
    asset: str


@dataclass
class Actor:
    """One party of the world; ``node_id`` is set for real OFAC parties (their existing node)."""

    key: str
    type: str  # person | organization
    name: str
    role: str
    country: str
    city: str = ""
    kinds: list[str] = field(default_factory=list)
    birth_date: str | None = None
    nationalities: list[str] = field(default_factory=list)
    registration_number: str | None = None
    documents: list[tuple[str, str, str]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    wallets: list[Wallet] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    ofac_uid: int | None = None
    node_id: str | None = None
    parent: Actor | None = None
    members: list[Actor] = field(default_factory=list)

    def wallets_on(self, chain: str) -> list[Wallet]:
        return [w for w in self.wallets if w.chain == chain]


@dataclass(frozen=True)
class Scale:
    suppliers: int
    fronts_per_cartel: int
    brokers: int
    cells: int
    members_per_cell: int
    vendors: int
    couriers: int
    customers: int
    exchanges: int


DEMO = Scale(
    suppliers=10,
    fronts_per_cartel=4,
    brokers=6,
    cells=12,
    members_per_cell=5,
    vendors=10,
    couriers=14,
    customers=300,
    exchanges=4,
)


@dataclass
class World:
    rng: random.Random
    cartels: list[Actor] = field(default_factory=list)
    suppliers: list[Actor] = field(default_factory=list)
    fronts: list[Actor] = field(default_factory=list)
    bosses: list[Actor] = field(default_factory=list)
    brokers: list[Actor] = field(default_factory=list)
    cells: list[Actor] = field(default_factory=list)
    vendors: list[Actor] = field(default_factory=list)
    couriers: list[Actor] = field(default_factory=list)
    exchanges: list[Actor] = field(default_factory=list)
    customers: list[Wallet] = field(default_factory=list)
    real_persons: list[RealParty] = field(default_factory=list)  # Chinese persons with sanctioned wallets
    real_passports: list[RealParty] = field(default_factory=list)  # persons with a passport on the list
    near_misses: list[Actor] = field(default_factory=list)

    def members(self) -> list[Actor]:
        return [m for cell in self.cells for m in cell.members]

    def day(self, lo: int = 0, hi: int = SPAN_DAYS) -> dt.date:
        return BASE_DATE + dt.timedelta(days=self.rng.randrange(lo, hi))


def build_world(seed: int, excerpt: Excerpt, scale: Scale = DEMO) -> World:
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    world = World(rng)
    taken: set[str] = set()
    _add_cartels(world, excerpt)
    _add_suppliers(world, excerpt, scale, taken)
    _add_fronts_and_bosses(world, scale, taken)
    _add_brokers(world, scale, taken)
    _add_cells(world, scale, taken)
    _add_vendors_couriers_exchanges(world, scale, taken)
    world.customers = [new_wallet(rng, "bitcoin") for _ in range(scale.customers)]
    world.real_persons = [p for p in excerpt.with_bitcoin("person") if "CN" in p.countries][:4]
    world.real_passports = [p for p in excerpt.with_passport() if "MX" in p.countries][:3]
    return world


def _add_cartels(world: World, excerpt: Excerpt) -> None:
    for real in excerpt.cartels()[:2]:
        actor = Actor(f"cartel-{real.ofac_uid}", "organization", real.name, "cartel", "MX", kinds=["cartel"])
        actor.node_id, actor.ofac_uid = real.node_id, real.ofac_uid
        world.cartels.append(actor)


def _add_suppliers(world: World, excerpt: Excerpt, scale: Scale, taken: set[str]) -> None:
    rng = world.rng
    real = [p for p in excerpt.chinese("organization") if any(w in p.name.upper() for w in _SUPPLIER_WORDS)]
    for i, party in enumerate(real[:2]):  # real designated suppliers, named in variant spellings
        actor = Actor(
            f"supplier-real-{i}",
            "organization",
            party.name,
            "supplier",
            "CN",
            kinds=["company", "precursor_supplier"],
        )
        actor.ofac_uid, actor.node_id = party.ofac_uid, party.node_id
        actor.registration_number = next((d[1] for d in party.documents if d[2] == "CN"), None)
        actor.wallets = [Wallet(*a) for a in party.addresses] + [new_wallet(rng, "tron")]
        actor.phones = [phones.cn_phone(rng)]
        world.suppliers.append(actor)
    cities = list(name_pools.CN_CITIES)
    for i in range(scale.suppliers):
        city = cities[i % len(cities)]
        name = _unique(lambda city=city: name_pools.cn_company(rng, city), taken)  # type: ignore[misc]
        actor = Actor(
            f"supplier-{i:03d}",
            "organization",
            name,
            "supplier",
            "CN",
            city,
            ["company", "precursor_supplier"],
        )
        actor.registration_number = ids.uscc(rng, name_pools.CN_CITIES[city])
        actor.documents = [("Unified Social Credit Code (USCC)", actor.registration_number, "CN")]
        actor.phones = [phones.cn_phone(rng)]
        actor.wallets = [new_wallet(rng, "bitcoin") for _ in range(2)] + [
            new_wallet(rng, "tron") for _ in range(2)
        ]
        for j in range(rng.randint(1, 2)):
            officer = _person(world, f"{actor.key}-officer-{j}", "officer", "CN", city, taken)
            officer.parent = actor
            actor.members.append(officer)
        world.suppliers.append(actor)


def _add_fronts_and_bosses(world: World, scale: Scale, taken: set[str]) -> None:
    rng = world.rng
    for c, cartel in enumerate(world.cartels):
        plazas = CARTEL_PLAZAS[c % len(CARTEL_PLAZAS)]
        for p, plaza in enumerate(plazas):
            boss = _person(world, f"{cartel.key}-boss-{p}", "plaza_boss", "MX", plaza, taken)
            boss.parent = cartel
            boss.wallets = [new_wallet(rng, "tron")]
            cartel.members.append(boss)
            world.bosses.append(boss)
        for f in range(scale.fronts_per_cartel):
            name = _unique(lambda: name_pools.mx_front(rng), taken)
            founded = world.day(-3000, -400).isoformat()
            front = Actor(
                f"{cartel.key}-front-{f}",
                "organization",
                name,
                "front_company",
                "MX",
                plazas[f % len(plazas)],
                ["company", "front_company"],
            )
            front.registration_number = ids.rfc_moral(rng, name, founded)
            front.documents = [("RFC", front.registration_number, "MX")]
            front.phones = [phones.mx_phone(rng, front.city)]
            front.parent = cartel
            world.fronts.append(front)


def _add_brokers(world: World, scale: Scale, taken: set[str]) -> None:
    rng = world.rng
    for b in range(scale.brokers):
        country = "MX" if b % 3 == 2 else "US"
        city = "Ciudad de Mexico" if country == "MX" else rng.choice(("Los Angeles", "Houston", "Chicago"))
        name = _unique(lambda country=country: name_pools.broker_name(rng, country), taken)  # type: ignore[misc]
        broker = Actor(
            f"broker-{b:02d}",
            "organization",
            name,
            "broker",
            country,
            city,
            ["money_service_business", "crypto_broker"],
        )
        broker.parent = world.cartels[b % len(world.cartels)]
        broker.wallets = [new_wallet(rng, "bitcoin") for _ in range(6)] + [
            new_wallet(rng, "tron") for _ in range(6)
        ]
        operator = _person(world, f"{broker.key}-operator", "broker_operator", country, city, taken)
        operator.parent = broker
        broker.members.append(operator)
        world.brokers.append(broker)


def _add_cells(world: World, scale: Scale, taken: set[str]) -> None:
    rng = world.rng
    for c in range(scale.cells):
        city, state = US_CELL_CITIES[c % len(US_CELL_CITIES)]
        cell = Actor(
            f"cell-{c:02d}",
            "organization",
            f"{city} distribution cell",
            "cell",
            "US",
            city,
            ["distribution_cell"],
        )
        cell.aliases = [f"{state} cell {c + 1}"]
        cell.parent = world.cartels[c % len(world.cartels)]
        for m in range(scale.members_per_cell):
            member = _person(
                world, f"{cell.key}-member-{m}", "leader" if m == 0 else "member", "US", city, taken
            )
            member.parent = cell
            member.wallets = [new_wallet(rng, "bitcoin") for _ in range(rng.randint(1, 2))]
            cell.members.append(member)
        world.cells.append(cell)


def _add_vendors_couriers_exchanges(world: World, scale: Scale, taken: set[str]) -> None:
    rng = world.rng
    members = world.members()
    for v in range(scale.vendors):
        handle = _unique(lambda: name_pools.vendor_handle(rng), taken)
        vendor = Actor(f"vendor-{v:02d}", "person", handle, "vendor", "US")
        vendor.registration_number = ids.pgp_fingerprint(rng)  # the vendor's PGP key
        vendor.wallets = [new_wallet(rng, "bitcoin") for _ in range(2)]
        vendor.parent = members[(v * 7) % len(members)]  # the cell member operating the account
        world.vendors.append(vendor)
    for c in range(scale.couriers):
        country = "MX" if c % 2 else "US"
        city = rng.choice(("Tijuana", "Mexicali")) if country == "MX" else rng.choice(("San Diego", "Tucson"))
        world.couriers.append(_person(world, f"courier-{c:02d}", "courier", country, city, taken))
    for e in range(scale.exchanges):
        exchange = Actor(
            f"exchange-{e}", "organization", f"Exchange {e}", "exchange", "XX", kinds=["exchange"]
        )
        exchange.wallets = [new_wallet(rng, "bitcoin") for _ in range(5)] + [
            new_wallet(rng, "tron") for _ in range(5)
        ]
        world.exchanges.append(exchange)


def _person(world: World, key: str, role: str, country: str, city: str, taken: set[str]) -> Actor:
    rng = world.rng
    draw = {"CN": name_pools.cn_person, "MX": name_pools.mx_person}.get(country, name_pools.us_person)
    name = _unique(lambda: ", ".join(draw(rng)), taken)
    actor = Actor(key, "person", name, role, country, city, nationalities=[country])
    actor.birth_date = (BASE_DATE - dt.timedelta(days=rng.randrange(20 * 365, 55 * 365))).isoformat()
    actor.documents = [("Passport", ids.passport(rng, country), country)]
    if country == "CN":
        actor.phones = [phones.cn_phone(rng)]
    else:
        actor.phones = [phones.mx_phone(rng, city) if country == "MX" else phones.us_phone(rng, city)]
    return actor


def new_wallet(rng: random.Random, chain: str) -> Wallet:
    if chain == "tron":
        return Wallet("tron", ids.tron(rng), "USDT")
    address = ids.btc_bech32(rng) if rng.random() < 0.5 else ids.btc_p2pkh(rng)
    return Wallet("bitcoin", address, "BTC")


def _unique(draw: Callable[[], str], taken: set[str]) -> str:
    for _ in range(500):
        name = draw()
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("name pool exhausted")
