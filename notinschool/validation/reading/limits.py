"""How big and how odd an uploaded file may be before we refuse it unread.

A complete return is about 150 figures: its template is some 20 KB as XLSX and 8 KB as CSV, so
these limits leave generous room while keeping hostile files cheap to refuse.
"""

MAX_FILE_BYTES = 5 * 1024 * 1024  # the upload itself
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000  # per sheet, or lines of a CSV

MAX_ZIP_PARTS = 300
MAX_PART_BYTES = 20 * 1024 * 1024  # declared uncompressed size of any one part
MAX_TOTAL_BYTES = 50 * 1024 * 1024  # declared uncompressed size of all parts together
MAX_SHEET_BYTES = 5 * 1024 * 1024  # one worksheet's XML: ~30,000 short rows at most
MAX_RATIO = 100  # uncompressed ÷ compressed, for parts big enough to matter
RATIO_FLOOR_BYTES = 1024 * 1024  # small XML compresses well for honest reasons; ignore below this

CHILD_MEMORY_BYTES = 200 * 1024 * 1024  # RLIMIT_AS for the child (it needs ~30 MB for a return)
CHILD_CPU_SECONDS = 5  # RLIMIT_CPU for the child
CHILD_WALL_SECONDS = 10.0  # the parent stops waiting after this
CHILD_OUTPUT_BYTES = 64 * 1024 * 1024  # the most the parent reads back from a child
