#!/usr/bin/env python3
"""The samples of a run directory (DESIGN §7), for the tests: samples.csv.gz read member by
member up to the length meta.json records (files.samples_valid_bytes), stopping at a member cut
short, or the plain samples.csv of a run written before it. As a program: prints the CSV text
of DIR's samples, for shell pipelines."""
import csv
import io
import json
import os
import sys


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from present.run import GzipMembers  # noqa: E402


def decompress_members(data):
    """The text of every complete gzip member of data, and the bytes left after them (a member
    cut short counts nothing of it): the presentation package's reader, so tests and scripts
    read samples.csv.gz alike."""
    members = GzipMembers(data)
    text = b"".join(members).decode("utf-8")
    return text, members.left_bytes


def samples_text(d):
    gz = os.path.join(d, "samples.csv.gz")
    if not os.path.exists(gz):
        with open(os.path.join(d, "samples.csv"), encoding="utf-8") as f:
            return f.read()
    with open(gz, "rb") as f:
        data = f.read()
    try:
        with open(os.path.join(d, "meta.json"), encoding="utf-8") as f:
            data = data[:json.load(f)["files"]["samples_valid_bytes"]]
    except (OSError, KeyError, ValueError):
        pass
    text, _ = decompress_members(data)
    return text


def samples_rows(d):
    return list(csv.DictReader(io.StringIO(samples_text(d), newline="")))


if __name__ == "__main__":
    sys.stdout.write(samples_text(sys.argv[1]))
