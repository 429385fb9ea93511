"""What the layers above build on: the event store and SQL beside it, the aggregate cache,
the clock, settings, personal details and credentials, and how values are stored."""
