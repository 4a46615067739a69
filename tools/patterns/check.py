#!/usr/bin/env python3
"""Checks dyad's event pattern files (crates/dyad-resources/data/patterns/*.txt).

Usage: python3 tools/patterns/check.py [PATTERN_DIR] [CAMEO_TSV]
Defaults: crates/dyad-resources/data/patterns and crates/dyad-resources/data/cameo/cameo.tsv,
relative to the repository root. Standard library only. Exit status 1 on any error.

Checks, following the format in crates/dyad-resources/data/README.md ("patterns/"):
  * every record has 3 or 4 TAB-separated fields: id, cameo, pattern, and
    flags, which may be left out when empty (the loader reads both forms);
  * ids are unique, of the form <root>.<name>, and the root is the code's root;
  * codes exist in cameo.tsv; flags are among sym, noun, adj, future, refusal, notarget, unilateral, say, judge;
  * every &SET used is defined earlier (files are read in name order), no set is defined twice,
    set items are lowercase and unpadded, and every set is used;
  * an element is a set or an alternation of single words, never both; patterns have a word
    element, no leading, trailing or doubled gap, and at most one $T and one $S;
  * every 3- and 4-digit code of cameo.tsv has at least one pattern;
  * ties: no two patterns with different codes have the same shape (elements, gaps and slots in
    the same places, counted with and without gaps) and overlapping lemmas at every position --
    such pairs would match the same words with the same length, so "longest wins" could not
    choose between them.
It then prints the number of patterns per CAMEO root.
"""
import collections
import glob
import itertools
import os
import re
import sys

FLAGS = {"sym", "noun", "adj", "future", "refusal", "notarget", "unilateral", "say", "judge"}
SLOTS = ("$T", "$S")


def read_codes(path):
    codes = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        codes.append(line.split("\t")[0])
    return codes


def read_patterns(directory, valid, errors):
    sets, used, ids, pats = {}, set(), set(), []
    for path in sorted(glob.glob(os.path.join(directory, "*.txt"))):
        name = os.path.basename(path)
        for num, line in enumerate(open(path, encoding="utf-8"), 1):
            line = line.rstrip("\n")
            where = f"{name}:{num}"
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("&"):
                m = re.match(r"^&([A-Z0-9_]+) = (\S.*)$", line)
                if not m:
                    errors.append(f"{where}: bad set line")
                    continue
                items = m.group(2).split("|")
                if m.group(1) in sets:
                    errors.append(f"{where}: set &{m.group(1)} defined twice")
                if any(not i or i != i.strip() or "  " in i or i != i.lower() for i in items):
                    errors.append(f"{where}: bad item in &{m.group(1)}")
                sets[m.group(1)] = items
                continue
            fields = line.split("\t")
            if len(fields) == 3:
                fields.append("")
            if len(fields) != 4:
                errors.append(f"{where}: {len(fields)} fields, want 3 or 4")
                continue
            pid, code, pattern, flags = fields
            if not re.match(r"^\d\d\.[a-z0-9_]+$", pid):
                errors.append(f"{where}: bad id {pid!r}")
            if pid in ids:
                errors.append(f"{where}: duplicate id {pid}")
            ids.add(pid)
            if code not in valid:
                errors.append(f"{where}: code {code} not in cameo.tsv")
            elif pid[:2] != code[:2]:
                errors.append(f"{where}: id {pid} is not in the root of {code}")
            flag_list = [f for f in flags.split(",") if f]
            if any(f not in FLAGS for f in flag_list):
                errors.append(f"{where}: bad flags {flags!r}")
            els = pattern.split(" ")
            if "" in els:
                errors.append(f"{where}: empty element")
            if els[0] == "*" or els[-1] == "*" or any(a == b == "*" for a, b in zip(els, els[1:])):
                errors.append(f"{where}: leading, trailing or doubled gap")
            if not [e for e in els if e not in SLOTS and e != "*"]:
                errors.append(f"{where}: no word element")
            if els.count("$T") > 1 or els.count("$S") > 1:
                errors.append(f"{where}: repeated slot")
            for e in els:
                if e.startswith("&"):
                    used.add(e[1:])
                    if e[1:] not in sets:
                        errors.append(f"{where}: {e} used before it is defined")
                elif "&" in e:
                    errors.append(f"{where}: element {e!r} mixes a set and words")
                elif e not in SLOTS and e != "*" and e != e.lower():
                    errors.append(f"{where}: element {e!r} is not lowercase")
            # A refusal pattern counts only when negated, where a plain one
            # never does: the two never compete, so ties are sought within each.
            pats.append((pid, code, els, ("noun" in flag_list, "refusal" in flag_list)))
    for unused in sorted(set(sets) - used):
        errors.append(f"set &{unused} is never used")
    return sets, pats


def ties(sets, pats, with_gaps):
    def element(e):
        if e == "*" or e in SLOTS:
            return e
        return frozenset(sets.get(e[1:], ())) if e.startswith("&") else frozenset(e.split("|"))

    groups = collections.defaultdict(list)
    for pid, code, els, kind in pats:
        seq = [element(e) for e in els if with_gaps or e != "*"]
        shape = tuple(e if isinstance(e, str) else "w" for e in seq)
        groups[(shape, kind)].append((pid, code, seq))
    found = []
    for members in groups.values():
        for (p1, c1, s1), (p2, c2, s2) in itertools.combinations(members, 2):
            if c1 != c2 and all(a == b if isinstance(a, str) else bool(a & b) for a, b in zip(s1, s2)):
                found.append(f"tie ({'with' if with_gaps else 'without'} gaps): {p1} ({c1}) / {p2} ({c2})")
    return found


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    data = os.path.join(root, "crates", "dyad-resources", "data")
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(data, "patterns")
    cameo = sys.argv[2] if len(sys.argv) > 2 else os.path.join(data, "cameo", "cameo.tsv")
    codes = read_codes(cameo)
    errors = []
    sets, pats = read_patterns(directory, set(codes), errors)
    errors += ties(sets, pats, True) + ties(sets, pats, False)
    covered = collections.Counter(code for _, code, _, _ in pats)
    missing = [c for c in codes if len(c) >= 3 and c not in covered]
    if missing:
        errors.append("codes without a pattern: " + " ".join(missing))
    per_root = collections.Counter(code[:2] for _, code, _, _ in pats)
    print(f"{len(pats)} patterns ({sum(noun for *_, (noun, _) in pats)} nominal), {len(sets)} sets, "
          f"{len(covered)} of {sum(len(c) >= 3 for c in codes)} codes covered")
    print("per root: " + " ".join(f"{r}:{n}" for r, n in sorted(per_root.items())))
    for e in errors:
        print(e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
