"""Mail: calendar invitations and notices derived from events, and invitation links queued
when they are issued; kept in an outbox, sent over SMTP."""
