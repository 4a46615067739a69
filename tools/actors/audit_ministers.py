#!/usr/bin/env python3
"""Audit of dyad's people dictionary: which G20 and P5 offices lack a holder on file, and when.

The sibling of `audit_heads.py` for ministers. For every country of the G20 (the EU aside: its
offices are of another kind) and each office of the issue-3 list that dyad has a key for
(`foreign_minister`, `defence_minister`, `interior_minister`, `finance_minister`,
`un_ambassador`), looks at 1 January and 1 July of every year from 2000 to today and asks whether
some row of a curated file of `actors/people/` (every `.tsv` but the generated `historical.tsv`,
whose rows do not name an office) covers that day with that office for that country.

Some countries have no office of that name, and the key then stands for the nearest office that
news calls by the title (see `people/ministers-g20.tsv`): the United States' interior minister is
the Secretary of Homeland Security (from 2003: the years before are not audited), Canada's the
Minister of Public Safety (from its creation in December 2003), Australia's the Minister for Home
Affairs (from December 2017), China's the Minister of Public Security. Japan has no interior
minister in that sense (the National Public Safety Commission chair is not audited). Argentina's
Minister of Economy holds the finance portfolio and is filed as `economy_minister`, which counts
for `finance_minister` there.

Other offices can be audited the same way (`--office intelligence_chief --office army_chief`:
China's Minister of State Security, filed as `intelligence_minister`, counts as its intelligence
chief).

Usage: python3 tools/actors/audit_ministers.py [crates/dyad-resources/data/actors] [--from 2000]
           [--office foreign_minister ...] [--country USA ...]
Prints one line per country and office with gaps: `ISO3 office: gaps YEAR..`, then totals.
A gap of a few days between two terms (an acting minister not on file) falls between the two
audit days and is not seen: the audit finds missing classes, not every caretaker.
"""
import argparse
import datetime
import pathlib
import sys

G20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "ITA", "JPN", "KOR",
       "MEX", "RUS", "SAU", "TUR", "USA", "ZAF"]
OFFICES = ["foreign_minister", "defence_minister", "interior_minister", "finance_minister",
           "un_ambassador"]
# (country, office) -> first year the office is audited: offices created later, or left out.
FIRST = {("USA", "interior_minister"): 2003, ("CAN", "interior_minister"): 2004,
         ("AUS", "interior_minister"): 2018}
SKIP = {("JPN", "interior_minister")}
# (country, office) -> other office keys that hold the same portfolio there.
ALSO = {("ARG", "finance_minister"): ["economy_minister"],
        ("CHN", "intelligence_chief"): ["intelligence_minister"]}


# The people files' rows and partial dates are read as audit_heads.py reads them.
from audit_heads import day, rows  # noqa: E402  (a sibling script in this folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("actors", nargs="?", default="crates/dyad-resources/data/actors",
                        help="the actors data folder (people/)")
    parser.add_argument("--from", dest="first", type=int, default=2000, help="first year audited")
    parser.add_argument("--office", action="append", help="audit only this office (repeatable)")
    parser.add_argument("--country", action="append", help="audit only this ISO3 (repeatable)")
    options = parser.parse_args()
    base = pathlib.Path(options.actors)
    terms = {}
    for path in sorted((base / "people").glob("*.tsv")):
        if path.name == "historical.tsv":
            continue
        for _, _, _, country, office, _, start, end in rows(path):
            terms.setdefault((country, office), []).append((day(start, False), day(end, True)))
    today = datetime.date.today().isoformat()
    total, lines = 0, 0
    for code in options.country or G20:
        for office in options.office or OFFICES:
            if (code, office) in SKIP:
                continue
            first = max(options.first, FIRST.get((code, office), options.first))
            days = [f"{y}-{m}" for y in range(first, int(today[:4]) + 1)
                    for m in ("01-01", "07-01") if f"{y}-{m}" <= today]
            held = terms.get((code, office), []) + [
                t for other in ALSO.get((code, office), []) for t in terms.get((code, other), [])]
            gaps = sorted({d[:4] for d in days if not any(s <= d <= e for s, e in held)})
            if gaps:
                lines += 1
                total += len(gaps)
                shown = " ".join(gaps) if len(gaps) < 8 else f"{gaps[0]}..{gaps[-1]} ({len(gaps)} years)"
                print(f"{code} {office}: gaps {shown}")
    print(f"# {lines} country-offices with gaps, {total} office-years without a holder on file",
          file=sys.stderr)


if __name__ == "__main__":
    main()
