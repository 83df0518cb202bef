"""Headless Chromium through Selenium for page tests; `why_not()` says why it cannot run here."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1500,1300")


def _first(paths: tuple[str, ...], name: str) -> str | None:
    return next((p for p in paths if Path(p).exists()), None) or shutil.which(name)


def why_not() -> str | None:
    """None when a browser test can run, else the reason it cannot."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if _first(CHROMIUM, "chromium") is None:
        return "chromium is not installed (apt-get install -y chromium chromium-driver)"
    if _first(DRIVER, "chromedriver") is None:
        return "chromedriver is not installed (apt-get install -y chromium-driver)"
    return None


def chromium(profile: Path):  # type: ignore[no-untyped-def]
    """A headless Chromium driver with its own profile folder and no background network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(_first(CHROMIUM, "chromium"))
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(str(_first(DRIVER, "chromedriver"))))


def wait_ready(driver, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until the page script has drawn everything (it marks <body data-ready>)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.body.getAttribute('data-ready')") == "true")
