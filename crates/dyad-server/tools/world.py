#!/usr/bin/env python3
"""Writes assets/world-110m-land.json, the world outline `dyad serve` draws
under event places, from Natural Earth's 1:110m land polygons.

Input: `land-110m.json` of the npm package world-atlas 2.0.2 (TopoJSON of
Natural Earth 4.1.0; Natural Earth is public domain, world-atlas is ISC).
Get it with `npm install world-atlas@2.0.2` and run
`python3 tools/world.py node_modules/world-atlas/land-110m.json assets/world-110m-land.json`
from crates/dyad-server. Output: GeoJSON, one MultiPolygon, coordinates
rounded to 0.01 degree, with its source and licence as foreign members.

For drawing in the equirectangular projection (x = longitude), rings that
cross the antimeridian are unwrapped (their longitudes continue past +-180
instead of jumping across the map), a ring around a pole (Antarctica) is
closed along the pole, and a ring reaching past +-180 gets a copy shifted by
360 degrees, so the part beyond one edge shows at the other; the SVG's
viewBox clips the rest.
"""
import json
import sys


def decode_arcs(topology):
    """Absolute coordinates of every arc (TopoJSON arcs are delta-encoded and quantized)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for point in arc:
            if transform:
                x += point[0]
                y += point[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((point[0], point[1]))
        arcs.append(points)
    return arcs


def ring(arcs, indices):
    """A ring from arc indices (a negative index ~i means arc i reversed)."""
    points = []
    for index in indices:
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        # Consecutive arcs share their joining point.
        points.extend(arc[1:] if points else arc)
    return points


def rounded(points):
    out = []
    for lon, lat in points:
        point = [round(lon, 2), round(lat, 2)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def unwrap(points):
    """Longitudes made continuous: no step of more than 180 degrees."""
    out = [points[0]]
    offset = 0.0
    for (lon0, _), (lon, lat) in zip(points, points[1:]):
        step = lon - lon0
        if step > 180:
            offset -= 360
        elif step < -180:
            offset += 360
        out.append((lon + offset, lat))
    return out


def drawable(ring):
    """The ring unwrapped, closed through the pole if it circles one, with shifted copies."""
    ring = unwrap(ring)
    span = ring[-1][0] - ring[0][0]
    if abs(span) > 180:
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        ring = ring + [(ring[-1][0], pole), (ring[0][0], pole), ring[0]]
    rings = [ring]
    lons = [lon for lon, _ in ring]
    if max(lons) > 180:
        rings.append([(lon - 360, lat) for lon, lat in ring])
    if min(lons) < -180:
        rings.append([(lon + 360, lat) for lon, lat in ring])
    return rings


def main(source, target):
    topology = json.load(open(source))
    arcs = decode_arcs(topology)
    polygons = []
    for geometry in topology["objects"]["land"]["geometries"]:
        if geometry["type"] == "Polygon":
            shapes = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            shapes = geometry["arcs"]
        else:
            continue
        for shape in shapes:
            # Each ring becomes a polygon of its own (or more, shifted copies);
            # the page draws them all in one path with the nonzero rule, under
            # which a hole (wound the other way, as TopoJSON writes it) stays one.
            for r in shape:
                for copy in drawable(ring(arcs, r)):
                    copy = rounded(copy)
                    if len(copy) >= 4:
                        polygons.append([copy])
    out = {
        "type": "Feature",
        "source": "Natural Earth 1:110m land (version 4.1.0, public domain), "
        "via the npm package world-atlas 2.0.2 (ISC); converted by tools/world.py: "
        "rings crossing the antimeridian unwrapped (longitudes may pass +-180) and "
        "copied 360 degrees over, polar rings closed along the pole, for drawing "
        "in the equirectangular projection",
        "license": "public domain (Natural Earth)",
        "properties": {"name": "land"},
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    }
    with open(target, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
