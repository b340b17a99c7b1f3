#!/usr/bin/env python3
"""Renders each fixture script NAME.fountain as Final Draft XML (NAME.fdx) and as a
typeset PDF (NAME.pdf: Courier 12 pt, 55 lines a page, standard screenplay indents), with
no NollyCrew code, so the three parsers can be checked against each other, and prints an
independent count of scenes and speeches per character. Handles the Fountain constructs
the fixtures use.

    python3 Fixtures/breakdown/make_formats.py
"""
import pathlib
import re
from xml.sax.saxutils import escape

HERE = pathlib.Path(__file__).parent
SCRIPTS = ["the-last-ferry", "harmattan-reel"]


def elements(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\[\[.*?\]\]", "", text, flags=re.S)
    blocks = re.split(r"\n\s*\n", text.strip("\n"))
    result = []
    for block in blocks[1:]:  # the first block is the title page
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        first = lines[0]
        if first.startswith("#") or first.startswith("="):
            continue
        if re.match(r"^(INT|EXT)\.", first):
            match = re.match(r"^(.*?)\s*#(\w+)#$", first)
            result.append(("Scene Heading", match.group(1), match.group(2)))
        elif first.startswith(">"):
            result.append(("Transition", first[1:].strip(), None))
        elif first.upper() == first and re.search(r"[A-Z]", first) and len(lines) > 1:
            dual = first.endswith("^")
            result.append(("Character", first.rstrip("^ ").strip(), dual))
            for line in lines[1:]:
                kind = "Parenthetical" if line.startswith("(") else "Dialogue"
                result.append((kind, line, None))
        else:
            result.append(("Action", " ".join(lines), None))
    return result


def fdx(items):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="no" ?>',
           '<FinalDraft DocumentType="Script" Template="No" Version="5">', "<Content>"]
    index = 0
    while index < len(items):
        kind, text, extra = items[index]
        # A dual pair: the character before a dual cue and both speeches go in one DualDialogue.
        if kind == "Character" and index + 3 < len(items) and items[index + 2][0] == "Character" and items[index + 2][2]:
            out.append("<Paragraph><DualDialogue>")
            for kind2, text2, _ in items[index:index + 4]:
                out.append(f'<Paragraph Type="{kind2}"><Text>{escape(text2)}</Text></Paragraph>')
            out.append("</DualDialogue></Paragraph>")
            index += 4
            continue
        number = f' Number="{extra}"' if kind == "Scene Heading" else ""
        # Split long text into two runs, as Final Draft does around style changes.
        half = len(text) // 2
        runs = f"<Text>{escape(text[:half])}</Text><Text>{escape(text[half:])}</Text>" if len(text) > 20 else f"<Text>{escape(text)}</Text>"
        out.append(f'<Paragraph Type="{kind}"{number}>{runs}</Paragraph>')
        index += 1
    out += ["</Content>", "</FinalDraft>"]
    return "\n".join(out) + "\n"


def wrap(text, width):
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([line] if line else [])


def pdf(items):
    indent = {"Scene Heading": (0, 60), "Action": (0, 60), "Character": (22, 38), "Parenthetical": (16, 25),
              "Dialogue": (10, 35), "Transition": (44, 16)}
    lines = []  # (column, text) or None for blank
    for index, (kind, text, _) in enumerate(items):
        column, width = indent[kind]
        if kind in ("Scene Heading", "Action", "Transition", "Character") and lines and lines[-1] is not None:
            lines.append(None)
        for piece in wrap(text, width):
            lines.append((column, piece))
    pages = [lines[start:start + 55] for start in range(0, len(lines), 55)]
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"]
    kids = []
    for number, page in enumerate(pages, start=1):
        commands = ["BT", "/F1 12 Tf"]
        if number > 1:
            commands.append(f"1 0 0 1 504 744 Tm ({number}.) Tj")
        for row, entry in enumerate(page):
            if entry is None:
                continue
            column, text = entry
            safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            commands.append(f"1 0 0 1 {108 + column * 7.2:.1f} {720 - row * 12} Tm ({safe}) Tj")
        commands.append("ET")
        stream = "\n".join(commands)
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def speeches(items):
    counts = {}
    for kind, text, _ in items:
        if kind == "Character":
            name = re.sub(r"\s*\(.*?\)", "", text).strip()
            counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


for name in SCRIPTS:
    items = elements((HERE / f"{name}.fountain").read_text())
    (HERE / f"{name}.fdx").write_text(fdx(items))
    (HERE / f"{name}.pdf").write_bytes(pdf(items))
    scenes = sum(1 for kind, _, _ in items if kind == "Scene Heading")
    print(f"{name}: {scenes} scenes written; speeches {speeches(items)}")
