"""What moves and what is seized: precursors with the covers they travel under, presses, dies, ports."""

from __future__ import annotations

PRECURSORS = ("4-ANPP", "NPP", "1-boc-4-AP", "4-AP", "propionyl chloride")
# (declared description, declared HS code) under which precursors are misdeclared.
PRECURSOR_COVERS = (
    ("industrial dye intermediates", "3204.17"),
    ("organic pigment paste", "3206.49"),
    ("cosmetic raw material", "3304.99"),
    ("food additive (flavouring)", "2106.90"),
    ("pharmaceutical intermediate, non-controlled", "2942.00"),
)
EQUIPMENT_COVERS = {
    "pill_press": (("candy tablet machine", "8438.20"), ("food processing machinery", "8438.80")),
    "die": (("mould parts", "8480.71"), ("metal stamping tools", "8207.30")),
    "encapsulator": (("capsule filling toy", "9503.00"), ("packaging machine", "8422.30")),
}
PRESS_MODELS = ("TDP-5", "TDP-1.5", "ZP-9", "ZP-17", "DP-12")
IMPRINTS = ("M 30", "A 215", "K 9", "V 48 12")
# Goods declared honestly (binders, fillers, cutting agents): not misdeclared, background traffic.
LEGIT_GOODS = (
    ("microcrystalline cellulose", "3912.90"),
    ("mannitol", "2905.43"),
    ("lactose monohydrate", "1702.11"),
    ("magnesium stearate", "2915.70"),
)
SEA_ORIGINS = (("CNSHA", "Shanghai"), ("CNNGB", "Ningbo"), ("CNTAO", "Qingdao"), ("CNTXG", "Tianjin Xingang"))
MX_SEAPORTS = (("MXZLO", "Manzanillo"), ("MXLZC", "Lazaro Cardenas"), ("MXESE", "Ensenada"))
AIR_ORIGINS = (
    ("CNPVG", "Shanghai Pudong"),
    ("CNSZX", "Shenzhen"),
    ("CNCAN", "Guangzhou"),
    ("HKHKG", "Hong Kong"),
)
US_MAIL = (
    ("USJFK", "New York JFK International Mail Facility"),
    ("USLAX", "Los Angeles International Mail Facility"),
    ("USORD", "Chicago O'Hare International Mail Facility"),
)
SEA_CARRIERS = ("COSCO Shipping Lines", "Evergreen Marine", "Yang Ming", "ONE", "CMA CGM")
EXPRESS_CARRIERS = ("DHL Express", "FedEx", "UPS", "EMS China Post")
CASH_NOTES = ("kitchen drawer", "duffel bag in closet", "vehicle door panel", "safe in bedroom")
PAPER_NOTES = (
    "spiral notebook, page 3",
    "sticky note on monitor",
    "ledger sheet in safe",
    "receipt with handwriting",
)
DEVICE_NOTES = {
    "phone": "wallet app on handset",
    "hardware_wallet": "Ledger device in nightstand",
    "seed_phrase": "seed phrase card in wallet",
    "computer": "browser wallet on laptop",
}
