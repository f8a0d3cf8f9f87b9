"""The agency record formats, declared once as pydantic models (one module per format).

``RECORD_MODELS`` names each format's record model; the JSON Schemas in ``docs/formats/`` are
generated from them (``chokepoint schema formats``) and the ingest adapters in
``chokepoint.ingest.agency`` validate every record with them.
"""

from __future__ import annotations

from chokepoint.formats import darknet_listing, intel_note, seizure_report, shipment_manifest, wallet_ledger
from chokepoint.formats.common import FormatModel

RECORD_MODELS: dict[str, type[FormatModel]] = {
    seizure_report.FORMAT: seizure_report.SeizureReport,
    shipment_manifest.FORMAT: shipment_manifest.ShipmentManifest,
    intel_note.FORMAT: intel_note.IntelNote,
    wallet_ledger.FORMAT: wallet_ledger.LedgerTransfer,
    darknet_listing.FORMAT: darknet_listing.DarknetListing,
}
