"""Importers for the US public data files (SPEC section 3): readers, combine rules, bulk writes."""
