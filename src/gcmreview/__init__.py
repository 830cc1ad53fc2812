"""gcmreview: prepare the regional reviews of the Global Compact for Safe, Orderly and
Regular Migration (A/RES/73/195).

The library does the work; :mod:`gcmreview.cli` is a thin command-line layer on top.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
