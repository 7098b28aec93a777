"""Compliance checks the regimes impose: shipments, the oil-cap ledger, exemptions, and
(from the screening side) hit decisions and the audit trail.

Submodules are imported by name (``unsc.compliance.shipment``...), so importing one check
never loads the others.
"""

__all__ = ["audit", "decisions", "exemptions", "keys", "oil_cap", "shipment", "subjects"]
