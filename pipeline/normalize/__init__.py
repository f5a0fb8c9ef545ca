"""Japanese text normalization: one place for each rule (see the modules)."""

from pipeline.normalize.eras import parse_fy, parse_year
from pipeline.normalize.numbers import parse_quantity
from pipeline.normalize.text import circled_numbers, clean, nfkc

__all__ = ["circled_numbers", "clean", "nfkc", "parse_fy", "parse_quantity", "parse_year"]
