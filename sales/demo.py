"""Demo data of the sales app, loaded by `seed_demo`."""


def seed_sales_demo(rng, branches, stdout):
    """Add demo items and opening balances; none exist yet."""
