"""Rebuild notinschool/places/data/local_authorities.csv from DfE's published files.

Run when DfE publishes a file with new LA codes:
    python scripts/build_places_data.py EES_FILE POPULATION_FILE

EES_FILE is any DfE EHE/CME census file with LA rows (old_la_code, new_la_code, la_name,
region_code); POPULATION_FILE is the project's ONS 5-16 file, which carries the LAs created
after the EES file's year. Reorganisations (data/reorganisations.csv) decide which codes are
current and which are history.
"""

import csv
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "notinschool" / "places" / "data"
LONDON = "E12000007"
LONDON_SUB_REGIONS = {"E13000001", "E13000002"}


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def build(ees_path: Path, population_path: Path) -> list[dict]:
    """Every LA, current and former, with its region and codes."""
    reorganisations = {row["old_code"]: row for row in _read(DATA / "reorganisations.csv")}
    las: dict[str, dict] = {}
    for row in _read(ees_path):
        if row["geographic_level"] != "Local authority":
            continue
        region = row["region_code"]
        las[row["old_la_code"]] = {
            "old_code": row["old_la_code"],
            "new_code": row["new_la_code"],
            "name": row["la_name"],
            "region_code": LONDON if region in LONDON_SUB_REGIONS else region,
            "sub_region_code": region if region in LONDON_SUB_REGIONS else "",
        }
    # LAs created after the EES file: take their region from the LA they came from.
    for row in _read(population_path):
        code = row["old_la_code"]
        if code in las:
            las[code]["new_code"] = row["new_la_code"]
            continue
        parent = next(
            (r for r in reorganisations.values() if code in r["successor_old_codes"].split(";")),
            None,
        )
        if parent is None or parent["old_code"] not in las:
            raise SystemExit(f"LA {code} {row['la_name']} has no region: add it to reorganisations.csv")
        source = las[parent["old_code"]]
        las[code] = {
            "old_code": code,
            "new_code": row["new_la_code"],
            "name": row["la_name"],
            "region_code": source["region_code"],
            "sub_region_code": source["sub_region_code"],
        }
    for la in las.values():
        change = reorganisations.get(la["old_code"])
        la["status"] = "current"
        la["former_new_codes"] = ""
        la["successor_old_codes"] = ""
        la["ended_on"] = ""
        if change is None:
            continue
        if change["successor_old_codes"] == la["old_code"]:
            la["former_new_codes"] = change["former_new_code"]
        else:
            la["status"] = "former"
            la["new_code"] = change["former_new_code"]
            la["successor_old_codes"] = change["successor_old_codes"]
            la["ended_on"] = change["change_date"]
    # Former LAs no longer in any DfE file but still in older files and the legacy SN model.
    for code, change in reorganisations.items():
        if code in las:
            continue
        successor = las[change["successor_old_codes"].split(";")[0]]
        las[code] = {
            "old_code": code,
            "new_code": change["former_new_code"],
            "name": change["former_name"],
            "region_code": successor["region_code"],
            "sub_region_code": successor["sub_region_code"],
            "status": "former",
            "former_new_codes": "",
            "successor_old_codes": change["successor_old_codes"],
            "ended_on": change["change_date"],
        }
    return sorted(las.values(), key=lambda la: (la["status"] != "current", la["name"]))


def main() -> None:
    """Write local_authorities.csv."""
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    rows = build(Path(sys.argv[1]), Path(sys.argv[2]))
    fields = [
        "old_code",
        "new_code",
        "name",
        "region_code",
        "sub_region_code",
        "status",
        "former_new_codes",
        "successor_old_codes",
        "ended_on",
    ]
    with (DATA / "local_authorities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    current = sum(1 for row in rows if row["status"] == "current")
    print(f"{len(rows)} LAs written ({current} current)")


if __name__ == "__main__":
    main()
