#!/usr/bin/env python3
"""Generates feature-150.json: a synthetic 150-scene feature film with 40 cast members and
35 shooting days, in the documented input of `nollycrew schedule solve`. Deterministic:
the same seed gives the same file. Original data, no real screenplay.

    python3 Fixtures/scheduling/generate_feature.py > Fixtures/scheduling/feature-150.json
"""
import json
import random
import sys

rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 150)
first = ["Ada", "Tunde", "Ngozi", "Chidi", "Amaka", "Femi", "Zainab", "Emeka", "Bisi", "Kunle", "Halima", "Obi",
         "Funke", "Ike", "Yemi", "Nkechi", "Seun", "Aisha", "Dayo", "Uche"]
last = ["Okoro", "Bakare", "Eze", "Adeyemi", "Bello", "Okafor", "Balogun", "Nwosu", "Lawal", "Obi"]
names = []
while len(names) < 40:
    name = f"{rng.choice(first)} {rng.choice(last)}"
    if name not in names:
        names.append(name)
start = "2027-01-04"
cast = []
for index, name in enumerate(names):
    tier = "lead" if index < 6 else "supporting" if index < 16 else "day"
    rate = {"lead": rng.randrange(250_000, 500_000), "supporting": rng.randrange(80_000, 160_000),
            "day": rng.randrange(20_000, 50_000)}[tier] * 100
    member = {"name": name, "daily_rate_minor": rate, "drop_pickup": tier == "supporting"}
    if rng.random() < 0.3:
        member["unavailable"] = sorted({f"2027-01-{day:02d}" for day in rng.sample(range(5, 31), 2)})
    cast.append(member)
places = ["Obi's house", "Ada's flat", "Market", "Police station", "Church", "Hospital", "Lagoon", "Beach",
          "Office tower", "Bukka", "University", "Motor park", "Airport", "Club", "Village square", "Farm",
          "Court", "Hotel", "Studio", "Bridge", "Palace", "School", "Warehouse", "Bus stop", "Rooftop"]
locations = []
for index, place in enumerate(places):
    location = {"name": place}
    if index % 6 == 5:
        location["available"] = [{"from": "2027-01-04", "to": "2027-01-30"}]
    if index % 6 == 2:
        location["available"] = [{"from": "2027-01-18", "to": "2027-02-20"}]
    locations.append(location)
# Each location has its regulars, so scenes there share cast, as in a real script.
regulars = {place: rng.sample(range(6), 2) + rng.sample(range(6, 16), 2) for place in places}
scenes = []
for number in range(1, 151):
    place = places[min(len(places) - 1, int(rng.paretovariate(1.2)) - 1 if rng.random() < 0.5 else rng.randrange(len(places)))]
    members = set(rng.sample(regulars[place], rng.randint(1, 3)))
    if rng.random() < 0.4:
        members.add(rng.randrange(16))
    members.update(rng.sample(range(16, 40), rng.randint(0, 2)))
    exterior = place in ("Market", "Lagoon", "Beach", "Motor park", "Village square", "Farm", "Bridge", "Bus stop", "Rooftop")
    scene = {
        "id": str(number),
        "setting": "EXT" if exterior and rng.random() < 0.8 else ("INT/EXT" if exterior else "INT"),
        "time": "NIGHT" if rng.random() < 0.3 else "DAY",
        "location": place,
        "eighths": max(1, min(30, int(rng.gauss(7, 4)))),
        "cast": [names[index] for index in sorted(members)],
    }
    scenes.append(scene)
scenes[9]["locked_date"] = "2027-01-15"
scenes[99]["locked_date"] = "2027-02-05"
document = {
    "name": "Ije Oru (synthetic feature)",
    "currency": "NGN",
    "start_date": start,
    "max_shooting_days": 35,
    "day_capacity_eighths": 48,
    "company_move_eighths": 8,
    "company_move_cost_minor": 15_000_000,
    "max_daily_cost_minor": 500_000_000,
    "weekly_days_off": ["sunday"],
    "days_off": ["2027-01-25"],
    "rainy_season": [{"from": "2027-01-27", "to": "2027-01-29"}],
    "turnaround_hours": 12,
    "drop_pickup_minimum_gap": 10,
    "cast": cast,
    "locations": locations,
    "scenes": scenes,
}
json.dump(document, sys.stdout, indent=1)
print()
