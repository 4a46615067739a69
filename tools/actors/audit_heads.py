#!/usr/bin/env python3
"""Audit of dyad's people dictionary: which countries lack a head of state or of government.

For every country of `actors/countries.tsv` and every year from 1995 to this year, looks at
1 January and 1 July and asks whether some row of `actors/people/*.tsv` covers that day:
  - with a head's office (president, king, queen, emir, sultan, supreme_leader, junta_leader,
    prime_minister, chancellor) in a curated file (`major.tsv`, `world.tsv`, ...); or
  - any GOV row of the generated `historical.tsv`, which does not say which office a term was
    (its source, the Phoenix dictionary, only dates government terms): counted as weaker evidence.
A day with no head at all is a gap; a day covered only by `historical.tsv` is marked `h`.
Heads of state and of government are audited together (a country with a president but no prime
minister on file is not a gap: many countries have none).

Usage: python3 tools/actors/audit_heads.py [crates/dyad-resources/data/actors] [--from 1995]
Prints one line per country with gaps, most gaps first: `ISO3 name: gaps YEAR.. | historical-only YEAR..`,
then totals. Territories without a government of their own (`countries.tsv` lists some) show up as
gaps too; read the output, do not fill it blindly.
"""
import argparse
import datetime
import pathlib
import sys

HEADS = {"president", "king", "queen", "emir", "sultan", "supreme_leader", "junta_leader",
         "prime_minister", "chancellor"}


def rows(path: pathlib.Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("name\t"):
            continue
        cols = line.split("\t")
        if len(cols) >= 7:
            yield cols + [""] * (8 - len(cols))


def day(text: str, end: bool) -> str:
    """A partial ISO date widened to its first (or last) day."""
    if not text:
        return "9999-12-31"
    parts = text.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31" if end else f"{parts[0]}-01-01"
    if len(parts) == 2:
        return f"{parts[0]}-{parts[1]}-31" if end else f"{parts[0]}-{parts[1]}-01"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("actors", nargs="?", default="crates/dyad-resources/data/actors",
                        help="the actors data folder (countries.tsv, people/)")
    parser.add_argument("--from", dest="first", type=int, default=1995,
                        help="first year audited")
    options = parser.parse_args()
    base = pathlib.Path(options.actors)
    first = options.first
    countries = {}
    for cols in (l.split("\t") for l in (base / "countries.tsv").read_text(encoding="utf-8").splitlines()
                 if l and not l.startswith("#") and not l.startswith("iso3\t")):
        countries[cols[0]] = cols[2]
    curated, historical = {}, {}
    for path in sorted((base / "people").glob("*.tsv")):
        generated = path.name == "historical.tsv"
        for name, _, _, country, office, sector, start, end in rows(path):
            if generated and sector == "GOV":
                historical.setdefault(country, []).append((day(start, False), day(end, True)))
            elif not generated and office in HEADS:
                curated.setdefault(country, []).append((day(start, False), day(end, True)))
    today = datetime.date.today()
    days = [f"{y}-{m}" for y in range(first, today.year + 1) for m in ("01-01", "07-01")
            if f"{y}-{m}" <= today.isoformat()]
    report = []
    for code, name in countries.items():
        gaps, weak = [], []
        for d in days:
            if any(s <= d <= e for s, e in curated.get(code, [])):
                continue
            (weak if any(s <= d <= e for s, e in historical.get(code, [])) else gaps).append(d[:4])
        if gaps or weak:
            report.append((len(set(gaps)), code, name, sorted(set(gaps)), sorted(set(weak))))
    for n, code, name, gaps, weak in sorted(report, key=lambda r: (-r[0], r[1])):
        def span(years):
            return " ".join(years) if len(years) < 6 else f"{years[0]}..{years[-1]} ({len(years)} years)"
        print(f"{code} {name}: gaps {span(gaps) or '-'} | historical-only {span(weak) or '-'}")
    print(f"# {len(countries)} countries, {sum(1 for r in report if r[0])} with gaps, "
          f"{sum(r[0] for r in report)} country-years without any head on file", file=sys.stderr)


if __name__ == "__main__":
    main()
