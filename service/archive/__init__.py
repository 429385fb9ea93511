"""The whole record out as one file and back into an empty store: every event as stored,
at its position, and the side tables beside them (``expertbank export`` / ``import``)."""
