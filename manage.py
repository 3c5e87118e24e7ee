#!/usr/bin/env python
"""Django's command-line utility; the same as the ``migdev`` command."""

import sys

from migdev.cli import main

if __name__ == "__main__":
    sys.exit(main())
