"""Make a corpus of N documents by varying the seed documents (for scale benchmarks).

Each document is a seed with another municipality: a real one of the local
government code table whose name the seeds' characters spell (so the PDF font has
its glyphs; about 40, used in turn), its city name replaced in the text, its code,
a title naming the new city, and indicator values scaled by a per-document factor. With `--pdf`, the
documents are rendered as PDFs by the fixture generator (`tools/make_pdfs.py`).

Usage: python bench/make_corpus.py OUT_DIR [-n 1000] [--pdf grid|rules] [--tiny]
(`--tiny`, or PLANS_BENCH_TINY=1: 2 documents.)
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's package
RAW = ROOT / "raw"
VALUE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})*|\d+)(\.\d+)?(?=\s*(?:人|件|団体|事業|回|%|％))")


def seed_rows() -> list[dict[str, str]]:
    with (RAW / "manifest.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def vary_values(text: str, rng: random.Random) -> str:
    """Scale printed quantities (`1,000 人`, `49.7%`) by one factor per document."""
    factor = rng.uniform(0.5, 1.5)

    def scaled(m: re.Match[str]) -> str:
        value = float(m.group(1).replace(",", "") + (m.group(2) or "")) * factor
        return f"{value:.{len(m.group(2)) - 1}f}" if m.group(2) else f"{round(value):,}"

    return VALUE.sub(scaled, text)


def municipalities(alphabet: set[str]) -> list[tuple[str, str, str]]:
    """(code, name, prefecture) of the municipalities of the code table whose names the seeds print, by code.

    Real codes: the manifest check makes a code the table does not hold an error.
    """
    from pipeline.ingest.municipalities import table

    return sorted(
        (m.code, m.name, m.prefecture)
        for m in table().by_code.values()
        if not m.ward_of and all(c in alphabet for c in m.name)
    )


def make_corpus(out: Path, n: int, seed: int = 0, pdf_style: str | None = None) -> list[Path]:
    """Write n varied documents (text, or PDF in `pdf_style`) and their manifest; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    rows = seed_rows()
    texts = {r["file"]: (RAW / r["file"]).read_text(encoding="utf-8") for r in rows}
    alphabet = set.intersection(*(set(re.findall(r"[\u4e00-\u9fff]", t)) for t in texts.values()))
    places = municipalities(alphabet)
    render = _renderer(pdf_style) if pdf_style else None
    rng = random.Random(seed)
    manifest, paths = [], []
    for i in range(n):
        base = rows[i % len(rows)]
        code, city, prefecture = places[i % len(places)]
        text = vary_values(texts[base["file"]].replace(base["city"], city), rng)
        name = f"{code}_{i:04d}_{Path(base['file']).stem.split('_', 1)[1]}.txt"
        if render:
            # The generator draws each seed's layout by the seed's code: keep it in the source name.
            source = out / f"{base['file'][:5]}_source.txt"
            source.write_text(text, encoding="utf-8")
            name = name.replace(".txt", ".pdf")
            render(source, base["title"].replace(base["city"], city), out / name)
            source.unlink()
        else:
            (out / name).write_text(text, encoding="utf-8")
        manifest.append({**base, "file": name, "municipality_code": code, "city": city, "prefecture": prefecture,
                         "title": base["title"].replace(base["city"], city)})  # fmt: skip
        paths.append(out / name)
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(manifest)
    return paths


def _renderer(style: str):
    """`render(source, title, target)` from the fixture generator (needs the dev dependencies)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_pdfs", ROOT / "tools" / "make_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_pdfs", module)
    spec.loader.exec_module(module)
    return lambda source, title, target: module.render_document(source, title, target, module.STYLES[style])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pdf", metavar="STYLE", choices=("grid", "rules"), help="render PDFs in this style")
    parser.add_argument(
        "--tiny", action="store_true", default=bool(os.environ.get("PLANS_BENCH_TINY")),
        help="2 documents: checks that the script runs (also PLANS_BENCH_TINY=1)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    paths = make_corpus(args.out, 2 if args.tiny else args.n, args.seed, args.pdf)
    print(f"{len(paths)} documents in {args.out}")


if __name__ == "__main__":
    main()
