"""Watches and alerts: tell an agency when new records touch what it watches."""
