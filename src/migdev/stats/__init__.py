"""Statistics core of migdev: pure numpy/pandas, no Django.

A demographer can use it from a notebook; the Django apps call into it,
never the other way round.
"""
