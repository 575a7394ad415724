"""The command line: ``python -m binhduong_corpus.build [--check | --locate | --release | --changelog]``.

Exit status 0 on success, 1 on a failure (input refused, a file that could
not be written, ``--check`` finding stale files), 2 on a usage error. A
failure is one line on stderr, ``build refused: ...`` or ``build failed:
...``, never a traceback: a curator needs to know which file to fix, not
where in the build the problem surfaced.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from .._commandline import FAILURE, INTERRUPTED, OK, Parser, parse, say
from .._version import __version__
from ..errors import BuildError, CorpusError
from ._locate import locate
from ._outputs import build, check
from ._release import changelog_data, release

__all__ = ["main"]

PROG = "binhduong_corpus.build"


def _parser() -> Parser:
    parser = Parser(
        prog="python -m binhduong_corpus.build",
        description="Build the Parquet tables and manifest from the curated seeds.",
        epilog="Exit status: 0 on success; 1 when the input is refused, a file cannot be written "
        "or --check finds stale files; 2 on a usage error; 130 when interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"binhduong-corpus {__version__} build")
    paths = (
        ("--seeds", "seeds", "folder of seed texts and curated/ (default: seeds)"),
        ("--out", "src/binhduong_corpus/data", "where the Parquet files go; _schema_lock.py goes beside it"),
        ("--docs", "docs", "where data-dictionary.md, datasheet.md and vocabulary.md go"),
        ("--root", ".", "where CITATION.cff goes"),
        ("--releases", "releases", "where release snapshots are kept"),
    )
    for flag, default, text in paths:
        parser.add_argument(flag, type=Path, default=Path(default), help=text)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare a fresh build with the committed files")
    mode.add_argument("--locate", action="store_true", help="fill missing evidence offsets in the curated files")
    mode.add_argument("--release", action="store_true", help="record the built data as releases/<version>.json")
    mode.add_argument("--changelog", action="store_true", help="print the CHANGELOG Data section for this version")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the build command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    args = parse(_parser(), argv, PROG)
    if isinstance(args, int):
        return args
    try:
        return _run(args)
    except BuildError as exc:
        say(PROG, f"refused: {exc}")
    except CorpusError as exc:  # a file that could not be written, built data that fails its checks
        say(PROG, f"failed: {exc}")
    except OSError as exc:
        say(PROG, f"failed: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
    except KeyboardInterrupt:
        say(PROG, "interrupted; files not yet moved into place were left as they were")
        return INTERRUPTED
    except Exception as exc:  # a bug; still one line, with the exception's type to search for
        say(PROG, f"failed: internal error ({type(exc).__name__}: {exc}); please report it")
    return FAILURE


def _run(args: argparse.Namespace) -> int:
    if args.locate:
        print(f"located {locate(args.seeds)} quotes")
    elif args.release:
        print(f"recorded {release(args.out, args.releases)}")
    elif args.changelog:
        print(changelog_data(args.out, args.releases), end="")
    elif args.check:
        stale = check(args.seeds, args.out, args.docs, args.root)
        for path in stale:
            print(f"stale: {path}")
        if stale:
            say(PROG, f"{len(stale)} file(s) differ from a fresh build; run `make data`")
            return FAILURE
        print("up to date")
    else:
        manifest = build(args.seeds, args.out, args.docs, args.root)
        rows = ", ".join(f"{name} {info['rows']}" for name, info in manifest["tables"].items())
        print(f"built binhduong-corpus {manifest['version']}: {rows}")
    return OK
