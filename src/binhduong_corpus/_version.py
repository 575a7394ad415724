"""The dataset's version and release date: the package version is the dataset version.

Both change together at a release (see docs/versioning.md); CHANGELOG.md's
newest entry must carry the same pair, which a test checks.
"""

__version__ = "0.2.0"
RELEASED = "2026-12-01"
