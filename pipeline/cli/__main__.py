"""`python -m pipeline.cli …`: the `plans` command."""

import sys

from pipeline.cli import main

sys.exit(main())
