"""Calendars: iCalendar invitations and per-person feeds of sessions."""
