"""Pure billing domain: money, tax, amount in words, identifiers. No Qt, no database."""
