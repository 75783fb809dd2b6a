"""Entry point for `python3 -m deploy.devstack`."""

import sys

from .cli import main

sys.exit(main())
