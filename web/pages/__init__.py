"""Page blueprints, one per area of work."""
