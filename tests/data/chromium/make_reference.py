#!/usr/bin/env python3
"""Regenerate chromium-lines-760.json: how Chromium lays out the bundled article.

Each paragraph becomes <p dir="auto"> 760 px wide in Noto Naskh Arabic 20 px (the byline
16 px, as in the reader), Latin falling back to Ubuntu Light (egui's Latin face). Every
space-separated token is wrapped in a <span>; a script groups the spans into lines by
their top and orders each line left to right. Needs Debian's chromium, the fonts of
assets/fonts and egui's Ubuntu-Light.ttf installed for fontconfig (~/.local/share/fonts,
then fc-cache -f).

    python3 tests/data/chromium/make_reference.py
"""
import html
import json
import pathlib
import re
import subprocess
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ARTICLE = HERE.parents[2] / "assets" / "articles" / "nvidia-deepseek-ar.txt"

SCRIPT = """
const res = [];
document.querySelectorAll('p').forEach(p => {
  const lines = {};
  p.querySelectorAll('span').forEach(s => {
    const rs = [...s.getClientRects()];
    if (!rs.length) return;
    const key = Math.round(rs[0].top);
    (lines[key] = lines[key] || []).push([Math.min(...rs.map(r => r.left)), s.textContent]);
  });
  const keys = Object.keys(lines).map(Number).sort((a, b) => a - b);
  res.push(keys.map(k => lines[k].sort((a, b) => a[0] - b[0]).map(x => x[1])));
});
document.getElementById('out').textContent = JSON.stringify(res);
"""


def main():
    paragraphs = [l.strip() for l in ARTICLE.read_text(encoding="utf-8").splitlines() if l.strip()]
    parts = ['<!doctype html><html><head><meta charset="utf-8"><style>'
             'body{margin:20px} p{font-family:"Noto Naskh Arabic","Ubuntu";font-weight:300;'
             'font-size:20px;width:760px;margin:0 0 14px 0} p.byline{font-size:16px}'
             '</style></head><body>']
    for i, text in enumerate(paragraphs):
        spans = " ".join("<span>" + html.escape(t) + "</span>" for t in text.split(" "))
        css = ' class="byline"' if i == 0 else ""
        parts.append(f'<p dir="auto"{css}>{spans}</p>')
    parts.append('<pre id="out"></pre><script>' + SCRIPT + "</script></body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        page = pathlib.Path(tmp) / "article.html"
        page.write_text("\n".join(parts), encoding="utf-8")
        dom = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={tmp}/profile", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, check=True).stdout
    lines = json.loads(html.unescape(re.search(r'<pre id="out">(.*?)</pre>', dom, re.S).group(1)))
    out = HERE / "chromium-lines-760.json"
    out.write_text(json.dumps(lines, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(lines)} paragraphs, {sum(map(len, lines))} lines")


if __name__ == "__main__":
    main()
