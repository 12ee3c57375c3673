"""Walima's benchmarks: ``make bench`` (``python -m bench``) prints one line per figure,
``bench <name>: <value> (target <op> <threshold>) ok|short``; see README, "Benchmarks"."""
