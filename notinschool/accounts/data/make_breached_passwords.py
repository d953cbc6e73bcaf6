"""Build breached-passwords.txt.gz: long passwords of the shapes that fill breach corpora.

Run from the project root: `.venv/bin/python notinschool/accounts/data/make_breached_passwords.py`.
Shorter passwords are not listed: the 12-character minimum and Django's common-password list
already refuse them. The shapes are the ones people pick when told "at least 12 characters":
a word or two, a year, a few digits, a "!" — see docs/adr/0302-passwords.md.
"""

import gzip
import itertools
from pathlib import Path

MIN_LENGTH = 12
WORDS = [
    "password",
    "passw0rd",
    "p@ssword",
    "p@ssw0rd",
    "welcome",
    "welcome1",
    "letmein",
    "qwerty",
    "qwertyuiop",
    "iloveyou",
    "football",
    "monkey",
    "dragon",
    "sunshine",
    "princess",
    "shadow",
    "master",
    "superman",
    "batman",
    "baseball",
    "trustno1",
    "starwars",
    "whatever",
    "liverpool",
    "chelsea",
    "arsenal",
    "everton",
    "tottenham",
    "manchester",
    "manutd",
    "newcastle",
    "london",
    "england",
    "britain",
    "summer",
    "winter",
    "spring",
    "autumn",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "friday",
    "council",
    "kent",
    "surrey",
    "sussex",
    "hampshire",
    "oxford",
    "reading",
    "brighton",
    "changeme",
    "change1t",
    "admin",
    "administrator",
    "school",
    "teacher",
    "education",
    "children",
    "computer",
    "internet",
    "secret",
    "freedom",
    "flower",
    "hello",
    "charlie",
    "michael",
    "jessica",
    "daniel",
    "thomas",
    "william",
    "oliver",
    "jordan",
    "abc123",
    "qazwsx",
    "asdfgh",
    "zxcvbn",
]
SUFFIXES = [
    "",
    "1",
    "12",
    "123",
    "1234",
    "12345",
    "123456",
    "!",
    "!!",
    "1!",
    "12!",
    "123!",
    "1234!",
    "@123",
    "#1",
    "01",
    "007",
    "2fa",
]
YEARS = [str(y) for y in range(1980, 2031)]
WALKS = [
    "qwertyuiop",
    "1qaz2wsx3edc",
    "qazwsxedcrfv",
    "1q2w3e4r5t6y",
    "zaq12wsxcde3",
    "123qweasdzxc",
    "asdfghjkl123",
    "qwertyuiop123",
    "1234qwerasdf",
    "qwerty123456",
    "abcdefghijkl",
    "abc123abc123",
    "password1234",
    "passwordpassword",
    "iloveyou1234",
    "123456789012",
    "1234567890123",
    "12345678901234",
    "0987654321qwerty",
]


def candidates():
    """Every listed password, lower case."""
    for word in WORDS:
        for ending in [*SUFFIXES, *YEARS, *(y + "!" for y in YEARS), *(y + "!!" for y in YEARS)]:
            yield word + ending
        for other in ("123", "1234", "2020", "2024", "2025", "2026"):
            yield word + word + other
    for first, second in itertools.permutations(WORDS[:40], 2):
        yield first + second
        yield first + second + "1"
        yield first + second + "123"
    yield from WALKS
    for digit in "0123456789":
        for length in range(MIN_LENGTH, 17):
            yield digit * length
    for length in range(MIN_LENGTH, 17):
        yield "".join(str(i % 10) for i in range(1, length + 1))


def main() -> None:
    """Write the gzip file beside this script."""
    unique = sorted({c.lower() for c in candidates() if len(c) >= MIN_LENGTH})
    target = Path(__file__).with_name("breached-passwords.txt.gz")
    data = ("\n".join(unique) + "\n").encode("utf-8")
    target.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(unique)} passwords written to {target}")


if __name__ == "__main__":
    main()
