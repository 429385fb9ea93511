"""The Expert Bank domain: aggregates that record what happens in the programme as events.

Pure: imports the standard library, ``eventsourcing.domain`` and itself. Time always comes
in as an argument (``at``); nothing here reads a clock or touches storage.
"""
