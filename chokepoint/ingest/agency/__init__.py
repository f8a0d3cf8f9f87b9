"""Adapters for the agency record formats of ``chokepoint.formats`` (one module per format).

``envelope`` reads a JSON envelope or a CSV layout and validates each record; ``parties`` turns the
shared parts (parties, addresses, ports, places, substances) into graph records.
"""
