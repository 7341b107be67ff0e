"""Hindsight: blameless postmortems, from raw evidence to verified corrective actions."""

__version__ = "0.1.0"
