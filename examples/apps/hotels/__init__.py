"""Hotels: search hotels in ~45 cities, then book and cancel stays."""
