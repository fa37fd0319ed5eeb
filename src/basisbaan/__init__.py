"""Basisbaan: software for municipalities running a basisbaan programme."""

__version__ = "0.1.0"
