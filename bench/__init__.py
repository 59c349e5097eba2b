"""Salon's benchmarks: `python -m bench` (or `make bench`). Figures, never assertions."""
