"""The larger components: a card, and the ones that show a collection or a record.

`Carousel`, `List`, `Table` and `Chart` take `items=`, a path to a list in the tool result; their
templates are then read from each item (then the result, then the tool input). `Details` shows labelled
values, `Card` one thing with a picture and actions, `Player` a track with a progress bar that advances
locally and whose playing state is kept in the view's saved state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from salon.errors import ConfigurationError
from salon.sdk.widgets.bindings import compile_path, compile_template
from salon.sdk.widgets.components import Badge, Button, Component, NodeIds


def _nodes(components: Sequence[Component], ids: NodeIds) -> list[dict[str, Any]]:
    return [component.node(ids) for component in components]


def _tools(components: Sequence[Component]) -> set[str]:
    found: set[str] = set()
    for component in components:
        found |= component.tools()
    return found


def _check_actions(actions: Sequence[Button], where: str) -> None:
    for action in actions:
        if not isinstance(action, Button):
            raise ConfigurationError(f"{where}: actions are Button(...)s, got {action!r}.")
    if sum(1 for action in actions if action.variant == "primary") > 1:
        raise ConfigurationError(f"{where}: at most one action is primary (one clear next step per card).")


def _optional(value: str | None, where: str) -> list[str | dict[str, Any]] | None:
    return None if value is None else compile_template(value, where=where)


@dataclass(frozen=True)
class Card(Component):
    """One thing: an image, a title, a subtitle, a badge, more components in `body`, and up to two actions
    (one primary). Used alone it reads the tool result; as a carousel's `card` it reads each item."""

    kind: ClassVar[str] = "card"
    title: str
    subtitle: str | None = None
    image: str | None = None
    image_alt: str | None = None
    badge: str | Badge | None = None
    body: Sequence[Component] = field(default=())
    actions: Sequence[Button] = field(default=())

    def check(self) -> None:
        compile_template(self.title, where="Card(title=...)")
        for label in ("subtitle", "image", "image_alt"):
            _optional(getattr(self, label), f"Card({label}=...)")
        if isinstance(self.badge, str):
            compile_template(self.badge, where="Card(badge=...)")
        if len(self.actions) > 2:
            raise ConfigurationError(
                f"Card({self.title!r}) has {len(self.actions)} actions; a card has at most two (one primary)."
            )
        _check_actions(self.actions, f"Card({self.title!r})")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        badge = Badge(self.badge) if isinstance(self.badge, str) else self.badge
        return {
            "title": compile_template(self.title, where="Card(title=...)"),
            "subtitle": _optional(self.subtitle, "Card(subtitle=...)"),
            "image": _optional(self.image, "Card(image=...)"),
            "imageAlt": compile_template(self.image_alt or self.title, where="Card(image_alt=...)"),
            "badge": badge.node(ids) if badge is not None else None,
            "body": _nodes(self.body, ids),
            "actions": _nodes(self.actions, ids),
        }

    def tools(self) -> set[str]:
        return _tools(self.body) | _tools(self.actions)


@dataclass(frozen=True)
class Carousel(Component):
    """A row of cards, one per item of `items`, that scrolls sideways: previous/next buttons, arrow keys,
    swipes. Its position is kept in the view's saved state."""

    kind: ClassVar[str] = "carousel"
    items: str
    card: Card
    label: str = "Results"
    empty: str = "Nothing to show."

    def check(self) -> None:
        compile_path(self.items, where="Carousel(items=...)")
        if not isinstance(self.card, Card):
            raise ConfigurationError("Carousel(card=...) takes a Card(...) describing one item.")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {
            "items": self.items,
            "card": self.card.node(ids),
            "label": compile_template(self.label, where="Carousel(label=...)"),
            "empty": compile_template(self.empty, where="Carousel(empty=...)"),
        }

    def tools(self) -> set[str]:
        return self.card.tools()


@dataclass(frozen=True)
class List(Component):
    """Rows, one per item: a title, a subtitle, trailing text (a price, a duration) and actions."""

    kind: ClassVar[str] = "list"
    items: str
    title: str
    subtitle: str | None = None
    trailing: str | None = None
    image: str | None = None
    actions: Sequence[Button] = field(default=())
    label: str = "Results"
    empty: str = "Nothing to show."
    numbered: bool = False

    def check(self) -> None:
        compile_path(self.items, where="List(items=...)")
        compile_template(self.title, where="List(title=...)")
        for label in ("subtitle", "trailing", "image"):
            _optional(getattr(self, label), f"List({label}=...)")
        _check_actions(self.actions, f"List(items={self.items!r})")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {
            "items": self.items,
            "title": compile_template(self.title, where="List(title=...)"),
            "subtitle": _optional(self.subtitle, "List(subtitle=...)"),
            "trailing": _optional(self.trailing, "List(trailing=...)"),
            "image": _optional(self.image, "List(image=...)"),
            "actions": _nodes(self.actions, ids),
            "label": compile_template(self.label, where="List(label=...)"),
            "empty": compile_template(self.empty, where="List(empty=...)"),
            "numbered": self.numbered,
        }

    def tools(self) -> set[str]:
        return _tools(self.actions)


@dataclass(frozen=True)
class Column:
    """One table column: a header and a template read from each row's item."""

    header: str
    value: str
    align: Literal["start", "end"] = "start"


@dataclass(frozen=True)
class Table(Component):
    """A table, one row per item. `columns` maps headers to templates, or is a list of `Column`s."""

    kind: ClassVar[str] = "table"
    items: str
    columns: Mapping[str, str] | Sequence[Column]
    caption: str | None = None
    empty: str = "Nothing to show."

    def _columns(self) -> list[Column]:
        if isinstance(self.columns, Mapping):
            return [Column(header, value) for header, value in self.columns.items()]
        return list(self.columns)

    def check(self) -> None:
        compile_path(self.items, where="Table(items=...)")
        columns = self._columns()
        if not columns:
            raise ConfigurationError("Table(columns=...) needs at least one column, e.g. {'Name': '{name}'}.")
        for column in columns:
            compile_template(column.value, where=f"Table column {column.header!r}")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {
            "items": self.items,
            "columns": [
                {
                    "header": column.header,
                    "value": compile_template(column.value, where=f"Table column {column.header!r}"),
                    "align": column.align,
                }
                for column in self._columns()
            ],
            "caption": _optional(self.caption, "Table(caption=...)"),
            "empty": compile_template(self.empty, where="Table(empty=...)"),
        }


@dataclass(frozen=True)
class Details(Component):
    """Labelled values of one record: `Details({"Price": "{product.price|money:product.currency}"})`.
    A row whose value comes out empty is left out."""

    kind: ClassVar[str] = "details"
    fields: Mapping[str, str]
    title: str | None = None

    def check(self) -> None:
        if not self.fields:
            raise ConfigurationError("Details(...) needs at least one {'Label': '{path}'} entry.")
        for label, value in self.fields.items():
            compile_template(value, where=f"Details field {label!r}")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {
            "title": _optional(self.title, "Details(title=...)"),
            "fields": [
                [label, compile_template(value, where=f"Details field {label!r}")]
                for label, value in self.fields.items()
            ],
        }


@dataclass(frozen=True)
class Chart(Component):
    """A bar or line chart drawn as inline SVG: one point per item, `x` a label template, `y` a path to
    a number. Labelled for screen readers with `title`."""

    kind: ClassVar[str] = "chart"
    items: str
    x: str
    y: str
    title: str
    chart: Literal["bar", "line"] = "bar"
    value: str | None = None

    def check(self) -> None:
        compile_path(self.items, where="Chart(items=...)")
        compile_template(self.x, where="Chart(x=...)")
        compile_path(self.y, where="Chart(y=...)")
        _optional(self.value, "Chart(value=...)")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {
            "items": self.items,
            "x": compile_template(self.x, where="Chart(x=...)"),
            "y": self.y,
            "title": compile_template(self.title, where="Chart(title=...)"),
            "chart": self.chart,
            "value": _optional(self.value, "Chart(value=...)"),
        }


@dataclass(frozen=True)
class Player(Component):
    """A media player for the track at `track` (a path to its id): title, subtitle, artwork, a progress
    bar that advances once a second while playing, a play/pause toggle, and `controls` (buttons such as
    "Next" calling a tool with `refresh=True`). Playing or paused, the position and the track are kept in
    the view's saved state, so a reload carries on where the person left it. `empty` shows when there is
    no track."""

    kind: ClassVar[str] = "player"
    track: str
    title: str
    position: str
    duration: str
    subtitle: str | None = None
    image: str | None = None
    controls: Sequence[Button] = field(default=())
    empty: str = "Nothing is playing."

    def check(self) -> None:
        for label in ("track", "position", "duration"):
            compile_path(getattr(self, label), where=f"Player({label}=...)")
        compile_template(self.title, where="Player(title=...)")
        _optional(self.subtitle, "Player(subtitle=...)")
        _optional(self.image, "Player(image=...)")
        _check_actions(self.controls, "Player")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {
            "track": self.track,
            "title": compile_template(self.title, where="Player(title=...)"),
            "subtitle": _optional(self.subtitle, "Player(subtitle=...)"),
            "image": _optional(self.image, "Player(image=...)"),
            "position": self.position,
            "duration": self.duration,
            "controls": _nodes(self.controls, ids),
            "empty": compile_template(self.empty, where="Player(empty=...)"),
        }

    def tools(self) -> set[str]:
        return _tools(self.controls)


__all__ = ["Card", "Carousel", "Chart", "Column", "Details", "List", "Player", "Table"]
