"""Example apps and material that ship with Salon's source (not part of the installed package)."""
