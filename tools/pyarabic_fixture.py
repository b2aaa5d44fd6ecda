#!/usr/bin/env python3
"""Record what pyarabic's number module reads, as a fixture for hudna's tests.

Run through tools/pyarabic_fixture.sh, which pins pyarabic and makes the
virtualenv. Reads the shared word list (one number expression a line; blank
lines and lines starting with '#' are skipped) and writes JSON:

- "words": for each expression, pyarabic.number.text2number() of it (0 is
  pyarabic's "no number": it has no other way to say so) and
  extract_number_phrases() (which words it takes for a number phrase);
- "spelled": pyarabic's own spelling of a fixed set of integers
  (ArNumbers.int2str) in each gender of the counted noun and each case, with
  text2number() of that spelling, so hudna can be checked on an independent
  writer's compounds.

tests/numbers_pyarabic.rs compares these with hudna::arabic::numbers.
"""

import importlib.metadata
import json
import platform
import sys

from pyarabic import number

# Integers pyarabic spells: every unit, teen and ten, hundreds, and the
# thousands and millions casualty and displacement figures use.
SPELLED = sorted(
    set(range(1, 31))
    | {40, 45, 50, 66, 70, 88, 90, 99}
    | {100, 101, 102, 110, 111, 112, 115, 120, 150, 199, 200, 202, 250, 300, 365}
    | {400, 500, 523, 600, 700, 800, 900, 999}
    | {1000, 1001, 1002, 1012, 1100, 1200, 1500, 2000, 2002, 2500, 2700, 3000}
    | {3500, 6500, 10000, 11000, 12000, 13000, 20000, 21000, 30000, 100000}
    | {120000, 200000, 250000, 300000, 999999, 1000000, 1001000, 1200000}
    | {2000000, 2002012, 2500000, 3000000, 11000000, 1234567, 1000000000}
    | {2000000000}
)


def read(text):
    """text2number and extract_number_phrases of text, errors recorded."""
    row = {"input": text}
    try:
        row["text2number"] = number.text2number(text)
    except Exception as e:  # recorded, not hidden
        row["text2number"] = None
        row["error"] = f"{type(e).__name__}: {e}"
    try:
        row["phrases"] = number.extract_number_phrases(text)
    except Exception as e:
        row["phrases"] = None
        row["phrases_error"] = f"{type(e).__name__}: {e}"
    return row


def main(words_path, out_path):
    words = []
    with open(words_path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            text = line.rstrip("\n")
            if not text.strip() or text.startswith("#"):
                continue
            row = {"line": lineno}
            row.update(read(text))
            words.append(row)

    spelled = []
    seen = set()
    ar = number.ArNumbers()
    # pyarabic's flags: feminine 1 = masculine counted noun, 2 = feminine;
    # format 1 = nominative (marfou'), 2 = accusative/genitive.
    for n in SPELLED:
        for feminine in (1, 2):
            for fmt in (1, 2):
                ar.set_feminine(feminine)
                ar.set_format(fmt)
                text = ar.int2str(str(n))
                if text in seen:
                    continue
                seen.add(text)
                spelled.append(
                    {
                        "number": n,
                        "feminine": feminine,
                        "format": fmt,
                        "text": text,
                        "text2number": number.text2number(text),
                    }
                )

    out = {
        "generated_by": "tools/pyarabic_fixture.sh",
        "pyarabic_version": importlib.metadata.version("pyarabic"),
        "python_version": platform.python_version(),
        "words_file": "tests/fixtures/numbers/words.txt",
        "words": words,
        "spelled": spelled,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{out_path}: {len(words)} expressions, {len(spelled)} spellings", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: pyarabic_fixture.py WORDS_TXT OUT_JSON")
    main(sys.argv[1], sys.argv[2])
