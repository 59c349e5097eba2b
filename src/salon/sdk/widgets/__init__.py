"""The widget kit: views without writing JavaScript.

Declare what a tool's result looks like with components, compose them into a `View`, and register it with
`SalonApp.add_widget(uri, view)`. The view renders to one self-contained MCP Apps document (inline style and
script, no network) that is a template: the data arrives at run time from the host, so one document
serves every result.

    from salon.sdk.widgets import Button, Card, Carousel, Form, Input, View

    results = View(
        Carousel(
            items="hotels",
            card=Card(
                title="{name}",
                image="{photo_url}",
                subtitle="{neighbourhood} · {stars}★",
                badge="{rating}/10",
                actions=[Button("Book", variant="primary", opens=Form(
                    tool="book_hotel",
                    arguments={"hotel_id": "{id}"},
                    fields=[Input("guest_name", "Guest name", required=True)],
                    submit="Book", success="Booked: {booking.reference}",
                ))],
            ),
        ),
        title="Hotels",
        display_modes=("inline", "fullscreen"),
    )
    app.add_widget("ui://hotels/results.html", results)

Components: `Text`, `Heading`, `Badge`, `Rating`, `Image`, `Button`, `Form` with `Input`s, `Card`,
`Carousel`, `List`, `Table` (with `Column`s), `Details`, `Chart`, `Player`. Bindings (paths and
`{path|filter}` templates) are described in `salon.sdk.widgets.bindings`; the runtime's protocol messages,
including Salon's view-state extension (`ui/salon/set-state`, `hostContext.salon.viewState`), in
`salon.sdk.widgets.view`.
"""

from salon.sdk.widgets.bindings import FILTERS
from salon.sdk.widgets.components import (
    Badge,
    Button,
    Component,
    DisplayMode,
    Form,
    Heading,
    Image,
    Input,
    Rating,
    Text,
)
from salon.sdk.widgets.layouts import Card, Carousel, Chart, Column, Details, List, Player, Table
from salon.sdk.widgets.view import PROTOCOL_VERSION, View

__all__ = [
    "FILTERS",
    "PROTOCOL_VERSION",
    "Badge",
    "Button",
    "Card",
    "Carousel",
    "Chart",
    "Column",
    "Component",
    "Details",
    "DisplayMode",
    "Form",
    "Heading",
    "Image",
    "Input",
    "List",
    "Player",
    "Rating",
    "Table",
    "Text",
    "View",
]
