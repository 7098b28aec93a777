"""Screening recall on real-world spellings (issue 12): an evaluation the matcher was not
tuned on.

Every record of the UN Consolidated List (2026-05-08) and OFAC SDN (2024-05-03) is read
with the project's own readers (:mod:`records`), classed by culture/script from its data
(:mod:`culture`) and put, by a hash of its list and id, in a tuning or a held-out half.
Queries are the records' Latin names as a person would type them, perturbed by a model of
real typing errors and real ways of writing names (:mod:`typos`, :mod:`dates`,
:mod:`orgs`, :mod:`scripts`), none of it taken from the matcher's own rules. Three systems
(:mod:`systems`) screen the same queries in one run; :mod:`metrics` and :mod:`report` turn
their answers into the tables of docs/benchmarks.md.
"""
