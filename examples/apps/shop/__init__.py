"""Shop: a catalogue of luggage, bags, travel accessories and electronics."""
