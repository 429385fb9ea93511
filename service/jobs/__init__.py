"""The scheduler worker: one process that keeps views current, sends mail and sweeps."""
