#!/usr/bin/env python
"""Same as the ``kotacerdas`` console script."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from kotacerdas.__main__ import main  # noqa: E402

if __name__ == "__main__":
    main()
