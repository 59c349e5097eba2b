"""The hotels app's views, built with the widget kit: search results as a carousel of bookable cards.

Each card's "Book" opens a booking form inside the card, pre-filled with the dates and party of the search;
submitting it calls `book_hotel` (the host asks the person to confirm the write) and shows the reference.
Photo URLs in the catalogue point nowhere, so the view draws a placeholder for each hotel instead.
"""

from __future__ import annotations

from salon.sdk.widgets import Badge, Button, Card, Carousel, Form, Input, Text, View

RESULTS_URI = "ui://hotels/results.html"

booking_form = Form(
    tool="book_hotel",
    title="Your stay",
    arguments={"hotel_id": "{id}"},
    fields=[
        Input("guest_name", "Guest name", required=True, max_length=100, placeholder="Name on the booking"),
        Input("check_in", "Check-in", type="date", required=True, value="{check_in}", min="today"),
        Input("nights", "Nights", type="number", required=True, value="{nights}", min=1, max=30, step=1),
        Input("guests", "Guests", type="number", required=True, value="{guests}", min=1, max=12, step=1),
    ],
    submit="Confirm booking",
    pending="Booking…",
    success=(
        "Booked! Reference {booking.reference}: {booking.check_in|date} to {booking.check_out|date}, "
        "total {booking.total_price|money:booking.currency}."
    ),
)

results = View(
    Text(
        "{nights}-night stay from {check_in|date} · {guests} guests · {total_matches} matches", tone="muted"
    ),
    Carousel(
        items="hotels",
        label="Hotels in {city}",
        empty="No hotel matches these filters.",
        card=Card(
            title="{name}",
            image="{photo_url}",
            image_alt="Photo of {name}",
            subtitle="{neighbourhood} · {stars}★",
            badge=Badge("{rating}/10", tone="success"),
            body=[
                Text("{nightly_price|money:currency} a night"),
                Text("{total_price|money:currency} total", tone="muted"),
            ],
            actions=[Button("Book", variant="primary", opens=booking_form)],
        ),
    ),
    title="Hotel results",
    display_modes=("inline", "fullscreen"),
)
