"""``python -m tests.e2e.pictures``: draws the site's pictures into ``chalicelib/static/``:

- ``preview.jpg``, the picture a link to Walima shows in WhatsApp and other link previews (Open
  Graph's 1200×630): one for every page, whose title and description ride in the tags beside
  it; drawn from the HTML below with the Amiri font the contract PDF uses;
- ``icon-192.png`` and ``icon-512.png``, the home-screen icons of the installed site, drawn
  from ``icon.svg`` (the favicon) on a full square, as Android masks it.
"""

from __future__ import annotations

from playwright.sync_api import sync_playwright

from tests.e2e.browser import PROJECT, launch

STATIC = PROJECT / "chalicelib" / "static"
OUT = STATIC / "preview.jpg"
AMIRI = PROJECT / "chalicelib" / "fonts" / "Amiri-Bold.ttf"
CARD = """<!doctype html><meta charset="utf-8"><style>
@font-face{font-family:Amiri;src:url("file://%(amiri)s")}
body{margin:0;width:1200px;height:630px;background:#0a6447;color:#fff;display:flex;
flex-direction:column;justify-content:center;align-items:center;font:48px/1.3 sans-serif}
h1{margin:0;font-size:150px;font-weight:700}
h1 span{font-family:Amiri;font-weight:700;margin-inline-start:.3em}
p{margin:.2em 0;opacity:.92}
.ar{font-family:Amiri;font-size:56px}
</style><h1>Walima<span lang="ar">وليمة</span></h1>
<p>Appels d'offres traiteurs · Catering tenders</p>
<p class="ar" lang="ar" dir="rtl">مناقصات الممونين في سوس ماسة</p>
"""
ICON_SIZES = (192, 512)
ICON = """<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:#0a6447}svg{display:block;width:%(size)spx;height:%(size)spx}
</style>%(svg)s"""


def main() -> None:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(CARD % {"amiri": AMIRI})
        page.wait_for_timeout(300)  # the font face
        page.screenshot(path=str(OUT), type="jpeg", quality=80)
        icon = (STATIC / "icon.svg").read_text(encoding="utf-8")
        for size in ICON_SIZES:
            page.set_viewport_size({"width": size, "height": size})
            page.set_content(ICON % {"svg": icon, "size": size})
            page.screenshot(path=str(STATIC / f"icon-{size}.png"))
        browser.close()
    for name in ("preview.jpg", *(f"icon-{size}.png" for size in ICON_SIZES)):
        print(f"{STATIC / name}: {(STATIC / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
