"""What both command lines share: their exit statuses and a parser whose usage errors are one line.

``binhduong-corpus`` and ``python -m binhduong_corpus.build`` exit 0 on
success, 1 on a failure (damaged data, a record not found, input refused, a
file that cannot be written), 2 on a usage error and 130 when interrupted,
and say what went wrong in one line on stderr, never with a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

__all__ = ["FAILURE", "INTERRUPTED", "OK", "USAGE", "Parser", "UsageError", "parse", "say"]

OK, FAILURE, USAGE = 0, 1, 2
INTERRUPTED = 130  # as a shell reports a process ended by Ctrl-C (128 + SIGINT)


class UsageError(Exception):
    """A command line that does not parse: an unknown option, a missing or invalid argument."""


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that raises :class:`UsageError` instead of printing the usage and exiting.

    Subcommand parsers made with ``add_subparsers`` are of the same class, so
    theirs are caught too.
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def parse(parser: Parser, argv: Sequence[str] | None, prog: str) -> argparse.Namespace | int:
    """The parsed arguments, or the exit status when nothing is left to do: a usage error, --help, --version."""
    try:
        return parser.parse_args(argv)
    except UsageError as exc:
        say(prog, f"usage error: {exc}")
        return USAGE
    except SystemExit as exc:  # --help or --version has printed its text
        return exc.code if isinstance(exc.code, int) else OK


def say(prog: str, message: str) -> None:
    """Print ``prog: message`` on stderr as one line."""
    print(f"{prog}: {' '.join(message.split())}", file=sys.stderr)
