"""Which build of the service is running: a fingerprint of its code and templates.

Anything kept between requests that the code or templates shape (the dashboard's cached pages)
carries this in its key, so a deployment never serves a page rendered by the build before it.
The fingerprint is of file contents, not times, so every app server of one build agrees on it
and shares one cache; a new build starts a new set of keys and the old ones expire.
"""

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
SHAPING_FILES = ("*.py", "*.html", "*.txt", "*.json", "*.csv")


@functools.cache
def code_fingerprint() -> str:
    """A short hash of every source file, template and shipped data file of the service, worked
    out once per process (about 600 small files)."""
    digest = hashlib.sha256()
    files = sorted({path for pattern in SHAPING_FILES for path in PACKAGE.rglob(pattern)})
    for path in files:
        relative = path.relative_to(PACKAGE)
        if "tests" in relative.parts or "__pycache__" in relative.parts:
            continue
        digest.update(str(relative).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
