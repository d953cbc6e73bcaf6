"""Limits that hold for every workbook whatever its kind, and for the reading process.

What differs by kind of file (size, rows, columns, field length, unpacked size, the child's
memory) is stated once per kind in kinds.py.
"""

MAX_ZIP_PARTS = 300
MAX_PART_BYTES = 20 * 1024 * 1024  # declared uncompressed size of any one part but a sheet
MAX_RATIO = 100  # uncompressed ÷ compressed, for parts big enough to matter
RATIO_FLOOR_BYTES = 1024 * 1024  # small XML compresses well for honest reasons; ignore below this

CHILD_CPU_SECONDS = 5  # RLIMIT_CPU for the child
CHILD_WALL_SECONDS = 10.0  # the parent stops waiting after this
