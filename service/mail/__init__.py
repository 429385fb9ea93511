"""Mail: invitations and notices derived from events, kept in an outbox, sent over SMTP."""
