"""Music: search a catalogue of tracks and control a play queue."""
