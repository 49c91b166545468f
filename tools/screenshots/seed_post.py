"""Screenshots of the seed post at 320 and 1280 px for the README, in headless Chromium.

    make run   # in another terminal: the demo at http://127.0.0.1:8000/
    .venv/bin/python tools/screenshots/seed_post.py [BASE_URL]

Writes docs/screenshots/seed-post-320.png and seed-post-1280.png: the first screenful of
the post, reduced to 256 colours to keep the repository small.
"""

import io
import shutil
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
SEED_PATH = (
    "/technology/2017/10/10/"
    "open-source-security-meetup-7-things-we-learned-from-the-cross-government-event/"
)
# (width, height) of each window: a phone and a laptop.
WINDOWS = {320: 700, 1280: 900}


def main(base_url="http://127.0.0.1:8000"):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("Debian's chromium is not installed: apt-get install chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for width, height in WINDOWS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            response = page.goto(base_url.rstrip("/") + SEED_PATH, wait_until="networkidle")
            if not response or response.status != 200:
                sys.exit(f"{base_url}{SEED_PATH} answered {response and response.status}")
            png = Image.open(io.BytesIO(page.screenshot()))
            target = OUT / f"seed-post-{width}.png"
            png.convert("RGB").quantize(256).save(target, optimize=True)
            sys.stdout.write(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB\n")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:2])
