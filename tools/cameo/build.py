#!/usr/bin/env python3
"""Builds crates/dyad-resources/data/cameo/cameo.tsv from the CAMEO reference tables.

Usage: python3 tools/cameo/build.py ../shared/eval/cameo > crates/dyad-resources/data/cameo/cameo.tsv

Inputs (data, not code): goldstein.tsv (Goldstein weight per CAMEO 1.1b3 code, as GDELT
ships it) and cameo2plover.txt (PLOVER draft 0.8 conversion table, CC BY-SA 4.0).
The draft 0.8 event names are kept as they are (REQUEST, ACCUSE, ASSAULT for 19x);
older PLOVER data (0.5b1: DEMAND, DISAPPROVE, INVESTIGATE, FIGHT) maps onto them.
Roots 01 and 02 are not in the conversion table; dyad's own mapping for them is
in ROOT_01_02 below and documented in the output header.
"""
import re
import sys

RENAME = {}

# dyad's mapping for codes the PLOVER draft leaves out (statements and appeals).
ROOT_01_02 = {
    "01": ("", ""), "010": ("", ""), "011": ("", ""), "012": ("ACCUSE", ""),
    "013": ("SUPPORT", ""), "014": ("", ""), "015": ("CONCEDE", ""), "016": ("REJECT", ""),
    "017": ("", ""), "018": ("SUPPORT", ""), "019": ("AGREE", ""),
    "02": ("REQUEST", ""),
}

# CAMEO 1.1b3 names of the codes the PLOVER table leaves out (facts from the codebook).
NAMES_01_02 = {
    "01": "Make public statement", "010": "Make statement, not specified below", "011": "Decline comment",
    "012": "Make pessimistic comment", "013": "Make optimistic comment", "014": "Consider policy option",
    "015": "Acknowledge or claim responsibility", "016": "Reject accusation, deny responsibility",
    "017": "Engage in symbolic act", "018": "Make empathetic comment", "019": "Express accord",
    "02": "Appeal", "020": "Make an appeal or request, not specified below",
    "021": "Appeal for material cooperation", "0211": "Appeal for economic cooperation",
    "0212": "Appeal for military cooperation", "0213": "Appeal for judicial cooperation",
    "0214": "Appeal for intelligence", "022": "Appeal for diplomatic cooperation (such as policy support)",
    "023": "Appeal for aid", "0231": "Appeal for economic aid", "0232": "Appeal for military aid",
    "0233": "Appeal for humanitarian aid", "0234": "Appeal for military protection or peacekeeping",
    "024": "Appeal for political reform", "0241": "Appeal for change in leadership",
    "0242": "Appeal for policy change", "0243": "Appeal for rights",
    "0244": "Appeal for change in institutions, regime", "025": "Appeal to yield",
    "0251": "Appeal for easing of administrative sanctions", "0252": "Appeal for easing of popular dissent",
    "0253": "Appeal for release of persons or property",
    "0254": "Appeal for easing of economic sanctions, boycott, or embargo",
    "0255": "Appeal for allowing international involvement (non-mediation)",
    "0256": "Appeal for de-escalation of military engagement", "026": "Appeal to others to meet or negotiate",
    "027": "Appeal to others to settle dispute", "028": "Appeal to others to engage in or accept mediation",
}

# The intent code that announcing a cooperative act expresses (CAMEO 03x mirrors 04x-08x):
# "will visit" is 036, "pledged military aid" is 0332. dyad codes future cooperative acts with it.
INTENT = {
    "04": "036", "040": "036", "041": "036", "042": "036", "043": "036", "044": "036", "045": "039", "046": "036",
    "05": "032", "050": "032", "051": "032", "052": "032", "053": "032", "054": "032", "055": "032", "056": "032", "057": "030",
    "06": "031", "060": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
    "07": "033", "070": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334", "075": "033",
    "08": "035", "080": "035", "081": "0351", "0811": "0351", "0812": "0351", "0813": "0351", "0814": "0351",
    "082": "0352", "083": "034", "0831": "0341", "0832": "0342", "0833": "0343", "0834": "0344",
    "084": "0353", "0841": "0353", "0842": "0353", "085": "0354", "086": "0355", "0861": "0355", "0862": "0355",
    "0863": "0355", "087": "0356", "0871": "0356", "0872": "0356", "0873": "0356", "0874": "0356",
}

# The refusal code (12x) for declining an act: "would not lift sanctions" is 1244,
# "refused to meet" 125. dyad codes refused or ruled-out cooperative acts with it.
REFUSAL = {
    "03": "120", "030": "120", "031": "121", "0311": "1211", "0312": "1212", "0313": "121", "0314": "121",
    "032": "120", "033": "121", "0331": "1211", "0332": "1212", "0333": "121", "0334": "121",
    "034": "123", "0341": "1231", "0342": "1232", "0343": "1233", "0344": "1234",
    "035": "124", "0351": "1241", "0352": "1242", "0353": "1243", "0354": "1244", "0355": "1245", "0356": "1246",
    "036": "125", "037": "127", "038": "126", "039": "126",
    "04": "125", "040": "125", "041": "125", "042": "125", "043": "125", "044": "125", "045": "126", "046": "125",
    "05": "120", "050": "120", "051": "120", "052": "120", "053": "120", "054": "120", "055": "120", "056": "120", "057": "120",
    "06": "121", "060": "121", "061": "1211", "062": "1212", "063": "121", "064": "121",
    "07": "121", "070": "121", "071": "1211", "072": "1212", "073": "121", "074": "121", "075": "121",
    "08": "124", "080": "124", "081": "1241", "0811": "1241", "0812": "1241", "0813": "1241", "0814": "1241",
    "082": "1242", "083": "123", "0831": "1231", "0832": "1232", "0833": "1233", "0834": "1234",
    "084": "1243", "0841": "1243", "0842": "1243", "085": "1244", "086": "1245", "0861": "1245", "0862": "1245",
    "0863": "1245", "087": "1246", "0871": "1246", "0872": "1246", "0873": "1246", "0874": "1246",
}

# The demand (10x) and appeal (02x) codes for requiring an act of someone: "Russia must
# withdraw" said by Ukraine is Ukraine demanding a de-escalation (1056); "should" makes it
# an appeal (0256). dyad codes reported obligations with them.
DEMAND = {
    "03": "100", "04": "106", "040": "106", "041": "106", "042": "106", "043": "106", "044": "106", "045": "108", "046": "106",
    "05": "102", "050": "102", "051": "102", "052": "102", "053": "102", "054": "102", "055": "102", "056": "102", "057": "107",
    "06": "101", "060": "101", "061": "1011", "062": "1012", "063": "1013", "064": "1014",
    "07": "103", "070": "103", "071": "1031", "072": "1032", "073": "1033", "074": "1034", "075": "103",
    "08": "105", "080": "105", "081": "1051", "0811": "1051", "0812": "1051", "0813": "1051", "0814": "1051",
    "082": "1052", "083": "104", "0831": "1041", "0832": "1042", "0833": "1043", "0834": "1044",
    "084": "1053", "0841": "1053", "0842": "1053", "085": "1054", "086": "1055", "0861": "1055", "0862": "1055",
    "0863": "1055", "087": "1056", "0871": "1056", "0872": "1056", "0873": "1056", "0874": "1056",
}

# The threat code (13x) for announcing a conflictual act on a condition: "will withdraw its
# troops unless..." is 136, "may halt mediation if..." 135 (CAMEO 13x mirrors 14x-20x). dyad
# codes future or hypothetical conflictual acts that a following "unless"/"if" conditions with it.
THREAT = {
    "14": "133", "140": "133", "141": "133", "1411": "133", "1412": "133", "1413": "133", "1414": "133",
    "142": "133", "1421": "133", "1422": "133", "1423": "133", "1424": "133", "143": "133", "1431": "133",
    "1432": "133", "1433": "133", "1434": "133", "144": "133", "1441": "133", "1442": "133", "1443": "133",
    "1444": "133", "145": "133", "1451": "133", "1452": "133", "1453": "133", "1454": "133",
    "15": "138", "150": "138", "151": "138", "152": "138", "153": "138", "154": "138",
    "16": "131", "160": "131", "161": "1313", "162": "1311", "1621": "1311", "1622": "1311", "1623": "1311",
    "163": "1312", "164": "134", "165": "135", "166": "136", "1661": "136", "1662": "136", "1663": "136",
    "17": "137", "170": "137", "171": "137", "1711": "137", "1712": "137", "172": "132", "1721": "1321",
    "1722": "1322", "1723": "1323", "1724": "1324", "173": "137", "174": "137", "175": "137",
    "18": "1383", "180": "1383", "181": "1383", "182": "1383", "1821": "1383", "1822": "1383", "1823": "1383",
    "183": "1383", "1831": "1383", "1832": "1383", "1833": "1383", "184": "1383", "185": "1383",
    "186": "1383",
    "19": "138", "190": "1384", "191": "1381", "192": "1382", "193": "1384", "194": "1384", "195": "1384",
    "196": "1384",
    "20": "138", "200": "138", "201": "138", "202": "138", "203": "138", "204": "1385", "2041": "1385", "2042": "1385",
}

# Codes where the draft 0.8 table disagrees with the PLOVER 2.0 codebook's event definitions
# (ahalterman/NGEC-2025 NGEC/assets/PLOVER_structured_codebook_updated.csv, MIT by declaration):
# an embargo, boycott or sanctions curtails commercial exchanges, which the codebook puts under
# SANCTION (mode discontinue); COERCE's "restrict" covers political freedoms and movement only.
# The older CAMEO-PLOV.txt table (openeventdata/PLOVER cameo/) also codes 163 SANCTION.
# 1712 (destroy property): the draft 0.8 table alone moves it to ASSAULT; the older CAMEO-PLOV.txt
# table (openeventdata/PLOVER cameo/, commit 9a78f89) keeps it with 171x under COERCE (mode destroy),
# as the PLOVER gold-standard records code demolitions; damaging property is not an attack on people.
CODEBOOK = {
    "163": ("SANCTION", "discontinue"),
    "1712": ("COERCE", "destroy"),
}

def appeal_of(demand):
    """The 02x appeal parallel to a 10x demand code (CAMEO mirrors them: 1056 -> 0256)."""
    return "02" + demand[2:] if demand else ""

def main():
    folder = sys.argv[1]
    weights = {}
    for line in open(f"{folder}/goldstein.tsv", encoding="utf-8"):
        parts = line.strip().split("\t")
        if len(parts) == 2 and parts[0].isdigit():
            weights[parts[0]] = float(parts[1])
    plover, names = {}, {}
    for line in open(f"{folder}/cameo2plover.txt", encoding="utf-8"):
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line.rstrip("\n"))
        if not m:
            continue
        code, rest = m.groups()
        body, _, name = rest.partition("#")
        fields = [f.strip() for f in body.split(",")]
        event = RENAME.get(fields[0], fields[0]) if fields and fields[0] else ""
        mode = fields[1] if len(fields) > 1 else ""
        # the draft lists root 08 twice (CONCEDE, then RETREAT): the first entry wins
        plover.setdefault(code, (event, mode))
        names.setdefault(code, name.strip())
    print("# CAMEO 1.1b3 event codes with their Goldstein weight, QuadClass and PLOVER event type and mode.")
    print("# Sources: Goldstein weights as published with GDELT 2.0 (CAMEO.goldsteinscale.txt; a table of facts);")
    print("#   CAMEO -> PLOVER conversion table, PLOVER draft 0.8 (2021-09-17), openeventdata/PLOVER, CC BY-SA 4.0;")
    print("#   code names from that table (CAMEO 1.1b3 codebook, Gerner, Schrodt & Yilmaz 2009).")
    print("# Except: 163 (embargo, boycott, sanctions) is SANCTION/discontinue as the PLOVER 2.0 codebook defines it")
    print("#   (ahalterman/NGEC-2025 PLOVER_structured_codebook_updated.csv; the older PLOVER cameo/CAMEO-PLOV.txt agrees).")
    print("#   1712 (destroy property) is COERCE/destroy as the older PLOVER cameo/CAMEO-PLOV.txt codes it (draft 0.8: ASSAULT).")
    print("# Derived by tools/cameo/build.py; roots 01 and 02 (absent from the PLOVER draft) mapped by dyad:")
    print("#   012 ACCUSE, 013/018 SUPPORT, 015 CONCEDE, 016 REJECT, 019 AGREE, 02x REQUEST; other 01x: no PLOVER type.")
    print("# Licence of this file: CC BY-SA 4.0 (inherits the PLOVER table's share-alike terms).")
    print("# intent: the 03x code of announcing this act (dyad's reading of CAMEO's parallel structure).")
    print("# refusal: the 12x code of refusing or ruling out this act (dyad's reading of CAMEO root 12).")
    print("# demand/appeal: the 10x/02x codes of requiring this act of someone (\"must\" / \"should\").")
    print("# threat: the 13x code of announcing this conflictual act on a condition (\"will withdraw ... unless\").")
    print("# code\tgoldstein\tquad_class\tplover\tplover_mode\tname\tintent\trefusal\tdemand\tappeal\tthreat")
    for code in sorted(weights, key=lambda c: (c[:2], c.ljust(4, "0"), len(c))):
        root = int(code[:2])
        quad = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        if code[:2] in ("01", "02"):
            event, mode = ROOT_01_02.get(code, ROOT_01_02.get(code[:2] if code.startswith("02") else code[:3], ("", "")))
            if code.startswith("02"):
                # an appeal is PLOVER's REQUEST with the mode of the parallel 10x demand code
                event, mode = "REQUEST", plover.get("10" + code[2:], ("", ""))[1]
        else:
            event, mode = plover.get(code, plover.get(code[:3], plover.get(code[:2], ("", ""))))
        event, mode = CODEBOOK.get(code, (event, mode))
        name = names.get(code) or NAMES_01_02.get(code, "")
        print(f"{code}\t{weights[code]:g}\t{quad}\t{event}\t{mode}\t{name}\t{INTENT.get(code, '')}\t{REFUSAL.get(code, '')}\t{DEMAND.get(code, '')}\t{appeal_of(DEMAND.get(code, ''))}\t{THREAT.get(code, '')}")

if __name__ == "__main__":
    main()
