"""`guidecompare diff`: what changed in meaning between two versions of the comparisons.

sides.py reads each side (directories, or a git revision's specs without a checkout), the engine
compares each version, changes.py finds what changed axis by axis, formats.py words it as text,
markdown, JSON or CSV.
"""
