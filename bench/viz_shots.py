"""Screenshots of `kg viz` on the seed report, for docs/.

Usage: .venv/bin/python bench/viz_shots.py [../shared/seeds/000_226ad4745657d494.txt]

Builds the report's graph (--date 2021-06-10), writes the page and the static PNG, opens
the page in headless Chromium, clicks Hayat Tahrir al-Sham, and saves docs/viz-seed-*.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import browser  # noqa: E402

DOCS = ROOT / "docs"


def kg(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "kg", *args], check=True, cwd=ROOT)


def main(seed: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        graph, page = Path(tmp) / "seed.trig", Path(tmp) / "seed.html"
        kg("build", str(seed), "--date", "2021-06-10", "-o", str(graph))
        kg("viz", "--graph", str(graph), "-o", str(page), "--png", str(DOCS / "viz-seed-static.png"),
           "--size", "1400x900", "--title", "conflict-kg: seed report (2021-06-10)")
        driver = browser.chromium(Path(tmp) / "profile")
        try:
            driver.get(page.as_uri())
            browser.wait_ready(driver)
            driver.execute_script(
                "const n = [...document.querySelectorAll('#network .node')]"
                ".find(n => n.dataset.label === 'Hayat Tahrir al-Sham');"
                "n.dispatchEvent(new MouseEvent('click', {bubbles: true}));")
            driver.save_screenshot(str(DOCS / "viz-seed-page.png"))
            for part in ("network", "timeline", "map"):
                driver.find_element("id", f"{part}-panel").screenshot(str(DOCS / f"viz-seed-{part}.png"))
            driver.find_element("id", "details").screenshot(str(DOCS / "viz-seed-details.png"))
        finally:
            driver.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds" / "000_226ad4745657d494.txt")
