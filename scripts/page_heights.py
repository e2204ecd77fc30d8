#!/usr/bin/env python3
"""Measure the full document height of pages, for full-page screenshots.

Usage: scripts/page_heights.py BASE_URL WIDTHS SCHEMES PATH...
  WIDTHS "1280,390", SCHEMES "light,dark"; PATH relative to BASE_URL.
Prints one line per page/width/scheme: PATH<TAB>WIDTH<TAB>SCHEME<TAB>HEIGHT
(CSS px). Uses Selenium with Debian's chromium + chromedriver; the viewport
and colour scheme are set through the DevTools protocol.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from axe_check import make_driver, set_scheme  # noqa: E402

MEASURE = """
const d = document.documentElement, b = document.body;
return Math.ceil(Math.max(d.scrollHeight, d.offsetHeight,
                          b ? b.scrollHeight : 0, b ? b.offsetHeight : 0,
                          d.getBoundingClientRect().height));
"""


def main() -> int:
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    base, widths, schemes, paths = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    driver = make_driver()
    try:
        for path in paths:
            for width in [int(w) for w in widths.split(",")]:
                for scheme in schemes.split(","):
                    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                        "width": width, "height": 800,
                        "deviceScaleFactor": 1, "mobile": False})
                    set_scheme(driver, scheme)
                    driver.get(base + path)
                    driver.execute_script("return document.fonts && document.fonts.ready")
                    height = int(driver.execute_script(MEASURE))
                    print(f"{path}\t{width}\t{scheme}\t{height}", flush=True)
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
