"""chibo: the annual Party-building report of a school Party cell."""

__version__ = "0.1.0"
