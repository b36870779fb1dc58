#!/usr/bin/env python3
"""Recompute and check the dev/test split of the published-message corpus.

The rule, fixed before any scoring: a message is in `test` when the first 8 hex digits of
sha256("sendwell-published-v1:" + id), read as an integer, are < 45 modulo 100; otherwise `dev`.
It depends on the id alone, so adding messages never moves an existing one.

    python3 split.py           # check every file; exit 1 on a mismatch or a failed balance check
    python3 split.py --stats   # also print counts per channel / verdict / label / split (README table)
"""
import glob
import hashlib
import os
import sys
import tomllib
from collections import Counter

SEED = "sendwell-published-v1:"
TEST_PERCENT = 45
HERE = os.path.dirname(os.path.abspath(__file__))
CHANNELS = ["connection-note", "inmail", "open-profile", "message", "follow-up", "email"]


def expected_split(message_id):
    digest = hashlib.sha256((SEED + message_id).encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < TEST_PERCENT else "dev"


def load_messages():
    messages = []
    for path in sorted(glob.glob(os.path.join(HERE, "*.toml"))):
        with open(path, "rb") as f:
            messages.extend(tomllib.load(f).get("message", []))
    return messages


def check(messages):
    problems = []
    ids = Counter(m["id"] for m in messages)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    for m in messages:
        if m["split"] != expected_split(m["id"]):
            problems.append(f"{m['id']}: split is {m['split']}, the rule gives {expected_split(m['id'])}")
        if set(m["labels"]) != set(m["reasons"]):
            problems.append(f"{m['id']}: labels and reasons name different rules")
    test = [m for m in messages if m["split"] == "test"]
    if len(test) < 0.4 * len(messages):
        problems.append(f"test holds {len(test)} of {len(messages)} messages, under 40%")
    present = [c for c in CHANNELS if any(m["channel"] == c for m in messages)]
    for split in ("dev", "test"):
        part = [m for m in messages if m["split"] == split]
        for channel in present:
            if not any(m["channel"] == channel for m in part):
                problems.append(f"{split} has no {channel} message")
        if not any(m["verdict"] == "praised" for m in part):
            problems.append(f"{split} has no praised message")
    return problems


def missing_channels(messages):
    return [c for c in CHANNELS if not any(m["channel"] == c for m in messages)]


def table(title, counter_by_split, keys):
    print(f"\n| {title} | dev | test | all |\n|---|---:|---:|---:|")
    for key in keys:
        dev, test = counter_by_split["dev"][key], counter_by_split["test"][key]
        print(f"| {key} | {dev} | {test} | {dev + test} |")


def stats(messages):
    by = {s: {"channel": Counter(), "verdict": Counter(), "label": Counter(), "first_touch": Counter()} for s in ("dev", "test")}
    for m in messages:
        b = by[m["split"]]
        b["channel"][m["channel"]] += 1
        b["verdict"][m["verdict"]] += 1
        b["first_touch"]["first touch" if m["first_touch"] else "not first touch"] += 1
        for label in m["labels"] or ["(clean)"]:
            b["label"][label] += 1
    split_counts = Counter(m["split"] for m in messages)
    print(f"{len(messages)} messages: dev {split_counts['dev']}, test {split_counts['test']}")
    pick = lambda kind: {s: by[s][kind] for s in by}
    table("channel", pick("channel"), CHANNELS)
    table("verdict", pick("verdict"), ["praised", "criticised", "none"])
    table("context", pick("first_touch"), ["first touch", "not first touch"])
    labels = sorted(set(by["dev"]["label"]) | set(by["test"]["label"]))
    table("label", pick("label"), labels)


if __name__ == "__main__":
    messages = load_messages()
    problems = check(messages)
    if "--stats" in sys.argv:
        stats(messages)
    for channel in missing_channels(messages):
        print(f"note: no {channel} message in the corpus (see README)", file=sys.stderr)
    for p in problems:
        print("problem:", p, file=sys.stderr)
    sys.exit(1 if problems else 0)
