"""The agency record formats: one module per format, holding its pydantic model and its mapping.

A format module declares ``SPEC = AgencyFormat(...)`` (name, record model, key field, graph mapping,
CSV layout, what it reads and what becomes graph). :mod:`chokepoint.formats.discovery` finds every
such module, so adding a format is writing its module; the registry of ``chokepoint ingest``, the
JSON Schemas in ``docs/formats/`` (``chokepoint schema formats``) and the README's source table are
derived from the specs. ``common.py`` holds the shared parts (envelope, parties, addresses, ports).
"""
