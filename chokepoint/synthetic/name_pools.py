"""Name pools: invented but plausible people, companies and places, by origin."""

from __future__ import annotations

import random

CN_SURNAMES = (
    "WANG",
    "LI",
    "ZHANG",
    "LIU",
    "CHEN",
    "YANG",
    "HUANG",
    "ZHAO",
    "WU",
    "ZHOU",
    "XU",
    "SUN",
    "MA",
    "ZHU",
    "HU",
    "GUO",
    "HE",
    "LIN",
    "LUO",
    "GAO",
    "ZHENG",
    "LIANG",
    "XIE",
    "TANG",
    "HAN",
    "FENG",
)
CN_GIVEN = (
    "Wei",
    "Jun",
    "Lei",
    "Yong",
    "Jie",
    "Tao",
    "Ming",
    "Chao",
    "Hua",
    "Qiang",
    "Xiaoming",
    "Jianguo",
    "Haiyan",
    "Lihua",
    "Zhiwei",
    "Guohua",
    "Yufeng",
    "Xinyu",
    "Wenjie",
    "Jiahui",
    "Peng",
    "Kai",
)
CN_CITIES = {  # city -> administrative division code (USCC digits 3-8)
    "Wuhan": "420100",
    "Shijiazhuang": "130100",
    "Shanghai": "310115",
    "Guangzhou": "440106",
    "Hangzhou": "330106",
    "Nanjing": "320104",
    "Zhengzhou": "410105",
    "Jinan": "370102",
    "Chengdu": "510107",
    "Tianjin": "120116",
    "Xingtai": "130500",
    "Shenzhen": "440305",
}
CN_BRANDS = (
    "Yuanxiang",
    "Hengtai",
    "Jiachen",
    "Ruixin",
    "Dongsheng",
    "Kangrun",
    "Huarui",
    "Xinlan",
    "Baichuan",
    "Tongyuan",
    "Lianyi",
    "Shengda",
    "Fengyuan",
    "Haoxiang",
    "Jinrui",
    "Anbang",
)
CN_SUFFIXES = (
    "Biotechnology Co., Ltd.",
    "Chemical Co., Ltd.",
    "Pharmaceutical Technology Co., Ltd.",
    "New Material Technology Co., Ltd.",
    "Trading Co., Ltd.",
    "Import and Export Co., Ltd.",
)
MX_FIRST = (
    "Jose",
    "Juan",
    "Luis",
    "Carlos",
    "Jesus",
    "Miguel",
    "Francisco",
    "Alejandro",
    "Ricardo",
    "Fernando",
    "Rafael",
    "Arturo",
    "Ivan",
    "Omar",
    "Hector",
    "Ramon",
    "Maria",
    "Guadalupe",
    "Rosa",
    "Veronica",
    "Adriana",
    "Claudia",
)
MX_LAST = (
    "Garcia",
    "Hernandez",
    "Martinez",
    "Lopez",
    "Gonzalez",
    "Rodriguez",
    "Perez",
    "Sanchez",
    "Ramirez",
    "Flores",
    "Torres",
    "Rivera",
    "Gomez",
    "Diaz",
    "Cruz",
    "Morales",
    "Ortiz",
    "Castillo",
    "Mendoza",
    "Aguilar",
    "Salazar",
    "Beltran",
    "Quintero",
    "Zambada",
    "Valenzuela",
    "Arellano",
    "Bojorquez",
    "Ochoa",
    "Inzunza",
    "Felix",
)
MX_FRONT_WORDS = (
    ("Importadora", "Comercializadora", "Distribuidora", "Agroquimicos", "Servicios Industriales"),
    (
        "del Pacifico",
        "de Occidente",
        "Sinaloense",
        "del Bajio",
        "Tapatia",
        "de la Costa",
        "del Noroeste",
        "Jalisciense",
        "Maritima",
        "del Valle",
    ),
)
US_FIRST = (
    "Daniel",
    "Michael",
    "Anthony",
    "Christopher",
    "Brandon",
    "Kevin",
    "Jason",
    "Marcus",
    "Tyler",
    "Andre",
    "Jordan",
    "Eric",
    "Ashley",
    "Jessica",
    "Brittany",
    "Samantha",
    "Derek",
    "Travis",
)
US_LAST = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Thomas",
    "Jackson",
    "White",
    "Harris",
    "Martin",
    "Thompson",
    "Moore",
    "Young",
    "Allen",
    "Ramos",
    "Reyes",
    "Vasquez",
    "Soto",
    "Nguyen",
    "Carter",
)
BROKER_WORDS = (
    (
        "Pacific Rim",
        "Golden Gate",
        "Sunbelt",
        "Frontera",
        "Lone Star",
        "Northstar",
        "Azteca",
        "Bajio",
        "Cascade",
        "Harbor",
    ),
    (
        "Remittance LLC",
        "Money Services Inc.",
        "Digital Exchange LLC",
        "Cambios S.A. de C.V.",
        "Crypto OTC LLC",
        "Casa de Cambio S.A. de C.V.",
    ),
)
VENDOR_HANDLES = (
    ("pharma", "blue", "m30", "perc", "china", "cartel", "goldcoast", "dr", "west", "fast"),
    ("king", "plug", "direct", "labs", "express", "source", "kingdom", "connect", "vault", "depot"),
)


def cn_person(rng: random.Random) -> tuple[str, str]:
    """(surname, given name) of a Chinese person in pinyin."""
    return rng.choice(CN_SURNAMES), rng.choice(CN_GIVEN)


def mx_person(rng: random.Random) -> tuple[str, str]:
    """(paternal + maternal surnames, given name)."""
    first, second = rng.sample(MX_LAST, 2)
    return f"{first.upper()} {second.upper()}", rng.choice(MX_FIRST)


def us_person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(US_LAST).upper(), rng.choice(US_FIRST)


def cn_company(rng: random.Random, city: str) -> str:
    return f"{city} {rng.choice(CN_BRANDS)} {rng.choice(CN_SUFFIXES)}"


def mx_front(rng: random.Random) -> str:
    return f"{rng.choice(MX_FRONT_WORDS[0])} {rng.choice(MX_FRONT_WORDS[1])} S.A. de C.V."


def broker_name(rng: random.Random, country: str) -> str:
    suffixes = [s for s in BROKER_WORDS[1] if ("S.A." in s) == (country == "MX")]
    return f"{rng.choice(BROKER_WORDS[0])} {rng.choice(suffixes)}"


def vendor_handle(rng: random.Random) -> str:
    return f"{rng.choice(VENDOR_HANDLES[0])}{rng.choice(VENDOR_HANDLES[1])}{rng.randrange(10, 100)}"
