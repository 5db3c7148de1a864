"""Kota Cerdas: Indonesia's national smart-city programme platform."""
