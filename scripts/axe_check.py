#!/usr/bin/env python3
"""Accessibility check of built pages with axe-core, in headless Chromium
driven by Selenium (Debian's chromium + chromium-driver).

Usage: scripts/axe_check.py SITE_DIR [PAGE ...] [--prefix /p/] [--schemes light,dark]

PAGE is a path relative to SITE_DIR (default: the four pages below). The
folder is served over http://127.0.0.1:<free port> for the run (stopped on
exit). Each page is checked with prefers-color-scheme light and dark (colour
contrast differs). Fails (exit 1) on any violation whose impact is "serious"
or "critical" and prints each one (rule id, impact, help, target nodes);
"moderate"/"minor" ones are listed but do not fail.

The last line is `axe: N pages, V serious/critical`.
Environment: CHROMIUM, CHROMEDRIVER (binaries), AXE_JS (axe.min.js to use),
AXE_SCHEMES (default "light,dark").
"""
import argparse
import importlib.util
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import serve_static  # noqa: E402

DEFAULT_PAGES = [
    "index.html",
    "timeline/index.html",
    "events/coup-attempt-2002/index.html",
    "profiles/delcy-rodriguez/index.html",
]
FAILING = ("serious", "critical")

# PyPI packages that bundle axe-core's axe.min.js, in order of preference.
AXE_CANDIDATES = [
    ("selenium_axe_python", "axe-core/axe.min.js"),       # selenium-axe-python
    ("axe_core_python", "axe.min.js"),                     # axe-core-python
    ("axe_selenium_python", "node_modules/axe-core/axe.min.js"),  # axe-selenium-python
]


def find_axe() -> Path:
    if os.environ.get("AXE_JS"):
        return Path(os.environ["AXE_JS"])
    for module, rel in AXE_CANDIDATES:
        spec = importlib.util.find_spec(module)
        if spec and spec.submodule_search_locations:
            path = Path(list(spec.submodule_search_locations)[0]) / rel
            if path.is_file():
                return path
    sys.exit("axe_check: no axe.min.js found; run `make test-deps` "
             "(pip package selenium-axe-python)")


def find_binary(env: str, *names: str) -> str:
    if os.environ.get(env):
        return os.environ[env]
    for name in names:
        found = shutil.which(name) or (name if os.path.isfile(name) else None)
        if found:
            return found
    sys.exit(f"axe_check: {names[0]} not found; run `make test-deps` "
             "(Debian chromium, chromium-driver) or set {env}")


def make_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = find_binary("CHROMIUM", "chromium", "/usr/lib/chromium/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars",
                "--window-size=1280,1000", "--no-first-run",
                "--disable-extensions", "--lang=en-US"):
        opts.add_argument(arg)
    service = Service(executable_path=find_binary("CHROMEDRIVER", "chromedriver",
                                                  "/usr/lib/chromium/chromedriver"))
    driver = webdriver.Chrome(options=opts, service=service)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)
    return driver


def set_scheme(driver, scheme: str) -> None:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": "",
        "features": [{"name": "prefers-color-scheme", "value": scheme}],
    })


def run_axe(driver, axe_source: str) -> dict:
    driver.execute_script(axe_source)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        "  .then(r => done({violations: r.violations, version: axe.version}))"
        "  .catch(e => done({error: String(e)}));"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site")
    ap.add_argument("pages", nargs="*", default=DEFAULT_PAGES)
    ap.add_argument("--prefix", default=None,
                    help="URL path the site is built for (default: from Content/site.yml)")
    ap.add_argument("--schemes", default=os.environ.get("AXE_SCHEMES", "light,dark"))
    args = ap.parse_args()

    root = Path(args.site).resolve()
    schemes = [s.strip() for s in args.schemes.split(",") if s.strip()]
    missing = [p for p in args.pages if not (root / p).is_file()]
    if missing:
        for p in missing:
            print(f"axe: missing page {root / p}", file=sys.stderr)
        print(f"axe: {len(args.pages)} pages, {len(missing)} missing")
        return 1

    axe_js = find_axe()
    axe_source = axe_js.read_text(encoding="utf-8")
    prefix = args.prefix if args.prefix is not None else serve_static.site_prefix()
    server, base = serve_static.start(root, prefix)
    driver = None
    failing = 0
    try:
        driver = make_driver()
        for page in args.pages:
            url = base + (page[: -len("index.html")] if page.endswith("index.html") else page)
            for scheme in schemes:
                set_scheme(driver, scheme)
                driver.get(url)
                result = run_axe(driver, axe_source)
                if not isinstance(result, dict) or "error" in result:
                    print(f"FAIL {page} [{scheme}]: axe did not run: {result}")
                    failing += 1
                    continue
                bad = [v for v in result["violations"] if v.get("impact") in FAILING]
                other = [v for v in result["violations"] if v.get("impact") not in FAILING]
                status = "FAIL" if bad else "ok  "
                print(f"{status} {page} [{scheme}]: {len(bad)} serious/critical, "
                      f"{len(other)} moderate/minor (axe {result.get('version')})")
                for v in bad + other:
                    tag = "  " if v in bad else "  (not failing) "
                    print(f"{tag}{v['id']} [{v.get('impact')}]: {v.get('help')}  <{v.get('helpUrl')}>")
                    for node in v.get("nodes", [])[:20 if v in bad else 3]:
                        target = " ".join(map(str, node.get("target", [])))
                        print(f"      - {target}")
                        if v in bad:
                            summary = (node.get("failureSummary") or "").strip()
                            lines = [ln.strip() for ln in summary.splitlines() if ln.strip()]
                            for line in lines[:6]:
                                print(f"          {line}")
                    extra = len(v.get("nodes", [])) - (20 if v in bad else 3)
                    if extra > 0:
                        print(f"      … and {extra} more")
                failing += len(bad)
    finally:
        if driver is not None:
            driver.quit()
        server.shutdown()

    scheme_note = f" ({'+'.join(schemes)})" if schemes != ["light"] else ""
    print(f"axe: {len(args.pages)} pages{scheme_note}, {failing} serious/critical")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
