"""Read Japanese municipal plan documents into one research database."""

__version__ = "0.1.0"

# Bump when a reader, segmenter or normalizer changes what it extracts:
# `plans run` re-parses every document whose recorded parser version differs.
PARSER_VERSION = "6"
