"""How `kg viz` copes with a large graph: time to read and cap it, page size, and time for
headless Chromium to draw the page and to apply a filter.

Usage: .venv/bin/python bench/viz_scale.py [REPORTS] [ACTORS] [SCREENSHOT.png]
(default 10000 reports, 1500 actors, no screenshot)

The graph is synthetic (tests/synthetic.py): shaped like the pipeline's output, six actor
mentions, two relations and two events per report, actors drawn with a long tail.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import browser  # noqa: E402
from synthetic import synthetic_store  # noqa: E402

from kg import viz  # noqa: E402


def main(reports: int = 10_000, actors: int = 1500, shot: str = "") -> None:
    started = time.monotonic()
    db = synthetic_store(reports, actors)
    print(f"graph: {reports} reports, {actors} actors, {len(db)} quads ({time.monotonic() - started:.1f} s)")
    started = time.monotonic()
    picture = viz.collect(db)
    print(f"collect: {time.monotonic() - started:.1f} s; {len(picture.nodes)} of {picture.totals['actors']} actors, "
          f"{len(picture.ties)} of {picture.totals['ties']} ties, {len(picture.events)} of "
          f"{picture.totals['events']} events")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "large.html"
        started = time.monotonic()
        size = viz.write_html(picture, page)
        print(f"page: {size / 1e6:.1f} MB in {time.monotonic() - started:.1f} s")
        if browser.why_not():
            print(f"browser: skipped ({browser.why_not()})")
            return
        driver = browser.chromium(Path(tmp) / "profile")
        try:
            started = time.monotonic()
            driver.get(page.as_uri())
            browser.wait_ready(driver, timeout=120)
            print(f"browser: drawn in {time.monotonic() - started:.1f} s")
            took = driver.execute_script(
                "const t = performance.now(); const el = document.getElementById('f-from');"
                "el.value = '2021-01-01'; el.dispatchEvent(new Event('change', {bubbles: true}));"
                "return performance.now() - t;")
            print(f"browser: date filter applied in {took:.0f} ms")
            if shot:
                driver.execute_script("document.getElementById('f-reset').click()")
                driver.save_screenshot(shot)
        finally:
            driver.quit()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]), *sys.argv[3:4])
