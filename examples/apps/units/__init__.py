"""Units: unit conversion, the time in a city, and climate normals. No views."""
