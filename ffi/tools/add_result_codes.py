#!/usr/bin/env python3
"""Gives every core error that has no C code yet the next free number in its band.

Run after merging core changes when `every_error_has_its_own_code` fails:
    python3 ffi/tools/add_result_codes.py && regenerate include/oxidc.h (ffi/README.md)
Existing numbers are never changed (codes are never reused or renumbered).
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANDS = {"Parse": 100, "Limit": 200, "Jose": 300, "Claims": 400, "OAuth": 500,
         "Grant": 600, "Opaque": 700, "Buffer": 800, "Crypto": 900}
ORDER = list(BANDS)

errors_rs = (ROOT / "core/src/error.rs").read_text()
body = errors_rs.split("errors! {", 1)[1].split("\n}\n", 1)[0]
errors, docs = [], []
for line in body.split("\n"):
    m = re.match(r"\s*/// ?(.*)", line)
    if m:
        docs.append(m.group(1))
        continue
    m = re.match(r'\s*(\w+) = \("(\w+)", (\w+),', line)
    if m:
        errors.append((m.group(1), m.group(2), m.group(3), " ".join(docs)))
    docs = []

path = ROOT / "ffi/src/result.rs"
src = path.read_text()
added = 0
for name, snake, band, doc in errors:
    if f"Error::{name} =>" in src:
        continue
    base = BANDS[band]
    used = [int(n) for n in re.findall(r"= (\d+),", src) if base <= int(n) < base + 100]
    number = max(used) + 1 if used else base
    const = "OXIDC_" + snake.upper()
    variant = f"    /// `{snake}`: {doc}\n    {const} = {number},\n"
    marker = f"    // ---- {band.lower()}\n"
    if marker not in src:
        # Open the band's section before the next band that exists.
        later = [b for b in ORDER[ORDER.index(band) + 1:] if f"    // ---- {b.lower()}\n" in src]
        nxt = f"    // ---- {later[0].lower()}\n" if later else "    // ---- ffi\n"
        src = src.replace(nxt, marker + nxt, 1)
    # Append at the end of the band's section (before the next section marker).
    start = src.index(marker) + len(marker)
    end = src.index("    // ---- ", start)
    src = src[:end] + variant + src[end:]
    arm_anchor = "        // A variant added to the core without a code here"
    src = src.replace(arm_anchor, f"        Error::{name} => {const},\n" + arm_anchor, 1)
    added += 1
    print(f"{const} = {number}")
path.write_text(src)
print(f"{added} codes added")
