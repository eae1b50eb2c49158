#!/usr/bin/env python3
"""Checks a SaddleCheck report as Chromium rendered it (used by report-in-browser.sh).

usage: report_check.py DOM.html report.json FIGURE_DIR LOG

- DOM.html: `chromium --dump-dom` of report.html; every figure of report.json
  must appear as <svg data-figure=ID>, and every mark drawn for layer i, mapped
  back through the axes, must equal the JSON layer's data (0.01 px tolerance).
- FIGURE_DIR: ID.png screenshots of each figure's SVG as rendered; each must
  be non-blank: ink (non-white pixels) in at least 0.3 % of the plot and in at
  least 2 of its 4 quadrants (line plots ink little).
- LOG: Chromium's stderr; any console message or failed load fails the check,
  and so does anything the page would load (script, link, src, off-page href, CSS url()).
Exit status 0 when everything holds, 1 otherwise (each problem printed).
"""
import json
import math
import os
import re
import struct
import sys
import zlib
from html.parser import HTMLParser


def number(v):
    if isinstance(v, str):
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[v]
    return float(v)


class Axis:
    def __init__(self, a):
        self.scale, self.lower, self.upper = a["scale"], a["lower"], a["upper"]

    def fraction(self, v):
        if self.scale == "log":
            if v <= 0:
                return math.nan
            return (math.log10(v) - math.log10(self.lower)) / (math.log10(self.upper) - math.log10(self.lower))
        return (v - self.lower) / (self.upper - self.lower)


class SVGCollector(HTMLParser):
    """Collects, per figure id, the plot area and each layer's marks (px)."""

    def __init__(self):
        super().__init__()
        self.figures = {}
        self.current = None
        self.layer_stack = []
        self.external = []
        self.in_style = False

    def handle_data(self, data):
        if self.in_style and ("url(" in data or "@import" in data):
            self.external.append("style: " + data.strip()[:80])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        # A self-contained page loads nothing: no script, no stylesheet link, no src, no link off the page.
        if tag in ("script", "link", "iframe", "object", "embed") or "src" in a or not a.get("href", "#").startswith("#"):
            self.external.append(f"<{tag}> {a}")
        self.in_style = tag == "style"
        if tag == "svg" and "data-figure" in a:
            self.current = {"plot": [float(x) for x in a["data-plot"].split()], "layers": {}}
            self.figures[a["data-figure"]] = self.current
            self.layer_stack = []
            return
        if self.current is None:
            return
        layer = int(a["data-layer"]) if "data-layer" in a else (self.layer_stack[-1] if self.layer_stack else None)
        if tag == "g":
            self.layer_stack.append(layer)
        if layer is None:
            return
        marks = self.current["layers"].setdefault(layer, {"points": [], "rects": []})
        if tag == "polyline":
            for pair in a.get("points", "").split():
                x, y = pair.split(",")
                marks["points"].append((float(x), float(y)))
        elif tag == "path":
            t = a.get("d", "").split()
            if len(t) >= 3 and t[0] == "M":
                marks["points"].append((float(t[1]), float(t[2])))
        elif tag == "rect":
            marks["rects"].append((float(a["x"]), float(a["y"]), float(a["width"]), float(a["height"]), a.get("fill", "")))

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag == "svg":
            self.current = None
        elif tag == "g" and self.layer_stack and self.current is not None:
            self.layer_stack.pop()


def check_figure(fig, drawn):
    problems = []
    left, top, width, height = drawn["plot"]
    xa, ya = Axis(fig["xAxis"]), Axis(fig["yAxis"])

    def px(x):
        return left + xa.fraction(x) * width

    def py(y):
        return top + (1 - ya.fraction(y)) * height

    for i, layer in enumerate(fig["layers"]):
        xs = [number(v) for v in layer["x"]]
        ys = [number(v) for v in layer["y"]]
        marks = drawn["layers"].get(i, {"points": [], "rects": []})
        name = f'{fig["id"]} layer {i} ({layer["name"]})'
        kind = layer["kind"]
        if kind in ("line", "scatter"):
            expected = [(px(x), py(y)) for x, y in zip(xs, ys) if math.isfinite(x) and math.isfinite(y)]
            expected = [(a, b) for a, b in expected if math.isfinite(a) and math.isfinite(b)]
            if kind == "line" and layer.get("marker"):
                expected = expected + expected
            got = marks["points"]
            if len(got) != len(expected):
                problems.append(f"{name}: {len(got)} points drawn, {len(expected)} in the JSON")
                continue
            bad = [(g, e) for g, e in zip(got, expected) if abs(g[0] - e[0]) > 0.01 or abs(g[1] - e[1]) > 0.01]
            if bad:
                problems.append(f"{name}: {len(bad)} points off, first drawn {bad[0][0]} vs JSON {bad[0][1]}")
            if not got:
                problems.append(f"{name}: draws nothing")
        elif kind == "cells":
            values = [number(v) for v in layer.get("values") or []]
            rects = marks["rects"]
            if len(rects) != len(xs):
                problems.append(f"{name}: {len(rects)} cells drawn, {len(xs)} in the JSON")
                continue
            w, h = layer.get("width", 1), layer.get("height", 1)
            for k, (x, y, rw, rh, fill) in enumerate(rects):
                if xa.scale == "log":
                    ex0, ex1 = px(xs[k] / math.sqrt(w)), px(xs[k] * math.sqrt(w))
                else:
                    ex0, ex1 = px(xs[k] - w / 2), px(xs[k] + w / 2)
                if ya.scale == "log":
                    ey0 = py(ys[k] * math.sqrt(h))
                else:
                    ey0 = py(ys[k] + h / 2)
                if abs(x - ex0) > 0.01 or abs(x + rw - ex1) > 0.01 or abs(y - ey0) > 0.01:
                    problems.append(f"{name}: cell {k} at x={x}, y={y}; JSON says x={ex0}, y={ey0}")
                    break
                if layer.get("categories"):
                    palette = layer.get("palette") or ["#0b2a5b", "#b2182b", "#2c7fb8", "#e08214", "#c7e9b4"]
                    if fill != palette[int(values[k])]:
                        problems.append(f"{name}: cell {k} is {fill}, category {int(values[k])} is {palette[int(values[k])]}")
                        break
        elif kind == "bars":
            base = ya.lower if ya.scale == "log" else 0
            expected = [(x, y) for x, y in zip(xs, ys) if y > base]
            if len(marks["rects"]) != len(expected):
                problems.append(f"{name}: {len(marks['rects'])} bars, {len(expected)} in the JSON")
    return problems


def read_png(path):
    """Decodes an 8-bit, non-interlaced RGB or RGBA PNG (as Chromium writes them): (width, height, rows of (r, g, b))."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, "unsupported PNG layout"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for r in range(height):
        filt = raw[r * (stride + 1)]
        line = bytearray(raw[r * (stride + 1) + 1:(r + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if filt == 1:
                line[i] = (line[i] + a) & 255
            elif filt == 2:
                line[i] = (line[i] + b) & 255
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def check_png(path, plot):
    if not os.path.exists(path):
        return [f"{path}: no screenshot"]
    width, height, rows = read_png(path)
    left, top, w, h = [int(round(v)) for v in plot]
    if top + h > height or left + w > width:
        return [f"{path}: screenshot {width}×{height} smaller than the plot area"]
    ink, quadrants = 0, set()
    for y in range(top + 2, top + h - 2, 2):
        for x in range(left + 2, left + w - 2, 2):
            r, g, b = rows[y][x]
            if min(r, g, b) < 235:
                ink += 1
                quadrants.add((2 * (x - left) // w, 2 * (y - top) // h))
    total = ((h - 4) // 2) * ((w - 4) // 2)
    problems = []
    if ink < 0.003 * total:
        problems.append(f"{path}: blank plot ({ink} of {total} sampled pixels inked)")
    if len(quadrants) < 2:
        problems.append(f"{path}: ink in only {len(quadrants)} of 4 quadrants")
    return problems


def main():
    dom_path, json_path, figure_dir, log_path = sys.argv[1:5]
    with open(json_path) as f:
        document = json.load(f)
    collector = SVGCollector()
    with open(dom_path, encoding="utf-8") as f:
        collector.feed(f.read())
    problems = ["not self-contained: " + e for e in collector.external]
    for fig in document["figures"]:
        drawn = collector.figures.get(fig["id"])
        if drawn is None:
            problems.append(f'{fig["id"]}: missing from the rendered page')
            continue
        problems += check_figure(fig, drawn)
        problems += check_png(os.path.join(figure_dir, fig["id"] + ".png"), drawn["plot"])
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if re.search(r"CONSOLE|Uncaught|ERR_FILE_NOT_FOUND|Failed to load|net::ERR", line) and "dbus" not in line.lower():
                problems.append("console: " + line.strip())
    for p in problems:
        print("FAIL", p)
    print(f'{len(document["figures"])} figures checked, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
