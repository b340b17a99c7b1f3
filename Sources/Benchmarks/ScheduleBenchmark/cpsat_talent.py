#!/usr/bin/env python3
"""OR-Tools CP-SAT on talent scheduling instances (Stuckey's text format), for the
side-by-side benchmark. Prints one JSON object per instance:
{"file", "objective", "bound", "optimal", "seconds"}.

    python3 cpsat_talent.py TIME_LIMIT_SECONDS FILE...
"""
import json
import sys
import time

from ortools.sat.python import cp_model


def read(path):
    tokens = open(path).read().split()
    scenes, actors = int(tokens[1]), int(tokens[2])
    position = 3
    rows = []
    for _ in range(actors):
        flags = [int(token) for token in tokens[position:position + scenes]]
        rows.append((flags, int(tokens[position + scenes])))
        position += scenes + 1
    durations = [int(token) for token in tokens[position:position + scenes]]
    return durations, rows


def solve(path, limit):
    durations, rows = read(path)
    horizon = sum(durations)
    model = cp_model.CpModel()
    starts = [model.NewIntVar(0, horizon - d, f"s{i}") for i, d in enumerate(durations)]
    model.AddNoOverlap([model.NewIntervalVar(s, d, s + d, f"i{i}") for i, (s, d) in enumerate(zip(starts, durations))])
    terms = []
    for index, (flags, cost) in enumerate(rows):
        mine = [i for i, flag in enumerate(flags) if flag]
        if not mine:
            continue
        first = model.NewIntVar(0, horizon, f"first{index}")
        last = model.NewIntVar(0, horizon, f"last{index}")
        model.AddMinEquality(first, [starts[i] for i in mine])
        model.AddMaxEquality(last, [starts[i] + durations[i] for i in mine])
        terms.append(cost * (last - first))
    model.Minimize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = 2
    began = time.monotonic()
    status = solver.Solve(model)
    elapsed = time.monotonic() - began
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return {
        "file": path,
        "objective": int(solver.ObjectiveValue()) if found else None,
        "bound": int(solver.BestObjectiveBound()),
        "optimal": status == cp_model.OPTIMAL,
        "seconds": round(elapsed, 3),
    }


if __name__ == "__main__":
    limit = float(sys.argv[1])
    for path in sys.argv[2:]:
        print(json.dumps(solve(path, limit)), flush=True)
