"""What makes two EES files the same release: their content, not their bytes.

DfE's file saved again with Windows line endings, with or without a byte order mark, in
Windows-1252 rather than UTF-8, or with its columns in another order holds the same figures, so it
must be recognised as the release already imported rather than stored twice. The content key is
a SHA-256 over the decoded headings (sorted) and each row's cells in that sorted column order,
row after row. It is computed while the rows are read, so it costs one pass of joining strings.
No database.
"""

import hashlib
import operator

_CELL = "\x1f"  # between cells, and
_ROW = "\x1e"  # between rows: neither can occur in a cell DfE publishes


class ContentKey:
    """Accumulates a file's content key as its rows are read."""

    def __init__(self, headings: list[str] | tuple[str, ...]):
        cleaned = [heading.strip().lstrip("\ufeff").strip().lower() for heading in headings]
        order = sorted(range(len(cleaned)), key=cleaned.__getitem__)
        self.width = len(order)
        # itemgetter with one index returns a bare cell, not a tuple: keep rows as sequences.
        self._reorder = operator.itemgetter(*order) if len(order) > 1 else (lambda row: tuple(row[:1]))
        self._digest = hashlib.sha256(_CELL.join(sorted(cleaned)).encode())
        self._pending: list[str] = []

    def add(self, row: list[str]) -> None:
        """Add one row (its cells as read, in the file's column order)."""
        if len(row) == self.width:
            self._pending.append(_CELL.join(self._reorder(row)))
        else:  # a ragged row is refused later; keep it distinct from any well-formed row
            self._pending.append(_ROW + _CELL.join(row))
        if len(self._pending) >= 4096:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        self._digest.update((_ROW + _ROW.join(self._pending)).encode())
        self._pending = []

    def hexdigest(self) -> str:
        """The key: the same for files with the same headings and rows, however saved."""
        self._flush()
        return self._digest.hexdigest()
