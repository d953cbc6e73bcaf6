"""Each kind of file the service takes in, with its limits stated once.

The upload page's hint, the reader's refusal and the command's message all quote these numbers
through `FileKind`'s own wording, so they cannot drift apart.
"""

from dataclasses import dataclass

MB = 2**20


@dataclass(frozen=True)
class FileKind:
    """One kind of incoming file and how much of it the service will read."""

    name: str  # short code, used in issue reports and the bench
    noun: str  # "a return", in users' words
    formats: tuple[str, ...]  # "xlsx" and/or "csv"
    max_bytes: int  # the file itself, checked before reading
    max_rows: int  # lines of a CSV, or rows of any one sheet
    max_columns: int  # columns of any one sheet, declared or used
    max_field_chars: int  # characters in any one cell or CSV field
    typical: str  # what a real file of this kind is like, for messages
    max_sheet_bytes: int = 5 * MB  # one worksheet's XML, unpacked
    max_unpacked_bytes: int = 50 * MB  # every part of a workbook together, unpacked
    child_memory_bytes: int = 200 * MB  # the limited reading process's address space
    child_output_bytes: int = 64 * MB  # the most the parent reads back from that process
    # What to do about a text file that cannot be read: where a good copy comes from.
    save_as: str = "Save it from Excel as 'CSV UTF-8 (Comma delimited)' and upload it again."

    @property
    def size_text(self) -> str:
        """The size limit as people write it: '5 MB'."""
        return f"{self.max_bytes / MB:g} MB"

    @property
    def formats_text(self) -> str:
        """'XLSX or CSV', or 'CSV'."""
        return " or ".join(f.upper() for f in self.formats)

    @property
    def hint(self) -> str:
        """The upload field's hint: 'XLSX or CSV, up to 5 MB'."""
        return f"{self.formats_text}, up to {self.size_text}"

    @property
    def accept(self) -> str:
        """The file input's accept attribute: '.xlsx,.csv'."""
        return ",".join(f".{f}" for f in self.formats)

    def too_big(self, size: int) -> str:
        """The refusal for a file over the size limit."""
        return (
            f"This file is {size / MB:.1f} MB; {self.noun} can be at most {self.size_text} "
            f"({self.typical}). Check it is the right file."
        )


RETURN = FileKind(
    name="return",
    noun="a return",
    formats=("xlsx", "csv"),
    max_bytes=5 * MB,
    max_rows=10_000,
    max_columns=100,
    max_field_chars=10_000,
    typical="a completed template is about 20 KB, some 150 figures",
)
REGISTER = FileKind(
    name="register",
    noun="a register",
    formats=("xlsx", "csv"),
    max_bytes=20 * MB,
    max_rows=50_000,
    max_columns=100,
    max_field_chars=1_000,
    typical="20,000 children take about 4 MB as CSV",
    max_sheet_bytes=150 * MB,
    max_unpacked_bytes=200 * MB,
    child_memory_bytes=1024 * MB,
    child_output_bytes=256 * MB,
)
PUBLISHED = FileKind(
    name="published",
    noun="a published-figures file",
    formats=("csv",),
    max_bytes=200 * MB,
    max_rows=2_000_000,
    max_columns=500,
    max_field_chars=10_000,
    typical="DfE's largest EES files are about 100 MB",
    save_as="Download the CSV again from Explore Education Statistics and import it unchanged.",
)
POPULATION = FileKind(
    name="population",
    noun="a population estimates file",
    formats=("csv",),
    max_bytes=20 * MB,
    max_rows=200_000,
    max_columns=200,
    max_field_chars=1_000,
    typical="ONS's estimates by LA and single year of age are a few MB",
    save_as="Download the estimates again from ONS as CSV, or save them from Excel as 'CSV UTF-8'.",
)
NEIGHBOURS = FileKind(
    name="neighbours",
    noun="a statistical neighbours file",
    formats=("csv",),
    max_bytes=1 * MB,
    max_rows=1_000,
    max_columns=100,
    max_field_chars=1_000,
    typical="one line for each of some 150 LAs, about 30 KB",
    save_as="Download DfE's neighbour file again as CSV, or save it from Excel as 'CSV UTF-8'.",
)

KINDS = {kind.name: kind for kind in (RETURN, REGISTER, PUBLISHED, POPULATION, NEIGHBOURS)}
