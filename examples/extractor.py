#!/usr/bin/env python3
"""A complete hudna extractor in the command protocol (docs/extractor-protocol.md).

It finds a handful of country names by plain substring search and returns them
as GPE mentions, with offsets (Python str indices are code points, as hudna
expects) and KB refs. Replace `extract` with a real system: a model, an LLM
call, anything. Standard library only.

    cargo run --release -- score --extractor 'command:python3 examples/extractor.py'
"""

import json
import re
import sys

NAMES = {
    "أذربيجان": "azerbaijan",
    "أرمينيا": "armenia",
    "روسيا": "russia",
    "تركيا": "turkey",
    "إيران": "iran",
    "باكو": "baku",
    "يريفان": "yerevan",
    "موسكو": "moscow",
}
# A name must not be glued to letters after it («أذربيجانية» is an adjective);
# a proclitic before it (و، ب، ل…) is allowed and left outside the span.
PATTERN = re.compile("(" + "|".join(map(re.escape, NAMES)) + r")(?![\u0621-\u064A])")


def extract(doc, text):
    """Returns prediction records for one article."""
    records = []
    for m in PATTERN.finditer(text):
        records.append({
            "kind": "entity",
            "type": "GPE",
            "start": m.start(),
            "end": m.end(),
            "text": m.group(0),
            "ref": NAMES[m.group(0)],
        })
    return records


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if request.get("protocol") != "hudna-extract/1":
            print(f"unsupported protocol {request.get('protocol')!r}", file=sys.stderr)
            return 1
        answer = {"doc": request["doc"], "records": extract(request["doc"], request["text"])}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        print(f"{request['doc']}: {len(answer['records'])} records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
