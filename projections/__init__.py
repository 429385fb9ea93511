"""Read models built only from the event stream, each tracking its own position."""
