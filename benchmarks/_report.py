"""What every benchmark script shares: it reports, and never fails a build."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable


def run(main: Callable[[], object]) -> None:
    """Run ``main``; print any error's traceback; exit 0 whatever happened."""
    try:
        main()
    except Exception:  # a benchmark reports; it never fails a build
        traceback.print_exc()
    sys.exit(0)
