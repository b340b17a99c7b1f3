#!/usr/bin/env python3
"""Times jouvence (PyPI), a Python Fountain parser, on a file: the best of N parses.
Prints one JSON object: {"seconds": best, "elements": count}.

    python3 jouvence_time.py FILE [RUNS]
"""
import json
import sys
import time

from jouvence.parser import JouvenceParser

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
best = None
elements = 0
for _ in range(runs):
    began = time.perf_counter()
    document = JouvenceParser().parse(path)
    elapsed = time.perf_counter() - began
    elements = sum(len(scene.paragraphs) for scene in document.scenes)
    best = elapsed if best is None else min(best, elapsed)
print(json.dumps({"seconds": best, "elements": elements}))
