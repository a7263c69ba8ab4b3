"""Read-only queries behind every page and API route.

Each page has a small module returning plain dicts: scalars and tables (lists
of row dicts). Charts are drawn from the same long-format rows the API and the
CSV downloads serve, so a chart, its CSV and its JSON can never disagree.
Every value from a request goes in as a bound parameter; identifiers in SQL
come only from constants in this package.
"""

from storylens.web.queries.base import NotFound, Q

__all__ = ["NotFound", "Q"]
