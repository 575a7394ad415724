"""``python -m binhduong_corpus.build``: run the build command line and exit with its status."""

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
