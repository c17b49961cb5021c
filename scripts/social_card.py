"""Renders docs/assets/images/social-card.png, the 1200×630 image of link previews.

Run by hand after changing the design: `.venv/bin/python scripts/social_card.py`.
Link previews need a PNG or JPEG (SVG is not shown by most services), so the card is
drawn as HTML and photographed with the same Chromium the tests use.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "assets" / "images" / "social-card.png"
CARD = """<!doctype html><html><body style="margin:0">
<div style="width:1200px;height:630px;box-sizing:border-box;padding:70px 80px;background:#1a237e;color:#fff;
            font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;position:relative">
  <div style="font-size:84px;font-weight:700">Docker Lab 4</div>
  <div style="font-size:40px;margin-top:24px;line-height:1.35;max-width:640px">
    Images vs containers, layered images, the writable layer and Docker Compose</div>
  <svg viewBox="0 0 420 300" width="420" height="300" style="position:absolute;right:70px;bottom:60px">
    <g stroke="#c5cae9" stroke-width="6">
      <rect x="10" y="230" width="400" height="60" rx="10" fill="#283593"/>
      <rect x="40" y="155" width="340" height="60" rx="10" fill="#303f9f"/>
      <rect x="70" y="80" width="280" height="60" rx="10" fill="#3949ab"/>
      <rect x="70" y="5" width="130" height="60" rx="10" fill="#5c6bc0" stroke-dasharray="14 10"/>
      <rect x="220" y="5" width="130" height="60" rx="10" fill="#5c6bc0" stroke-dasharray="14 10"/>
    </g>
  </svg>
</div></body></html>"""

if __name__ == "__main__":
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None,
                                     args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(CARD)
        page.screenshot(path=str(OUT))
        browser.close()
    print(f"wrote {OUT.relative_to(ROOT)}")
