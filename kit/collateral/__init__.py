"""Collateral generated from the kit's own sources: the query-language cheat sheet."""
