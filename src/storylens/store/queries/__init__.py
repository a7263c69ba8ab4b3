"""The query layer: the only SQL that reads results out of the store.

The CLI, the dashboard and its JSON API, and the HTML report all call these functions, so a
figure is computed once and every door shows the same number. Each module returns plain dicts:
scalars and tables (lists of row dicts). Charts are drawn from the same long-format rows the API
and the CSV downloads serve. Every value from a request goes in as a bound parameter;
identifiers in SQL come only from constants in this package. Intervals and shares come from
``storylens.store.stats``.
"""

from storylens.store.queries.base import NotFound, Q

__all__ = ["NotFound", "Q"]
