"""The small components: text, headings, badges, ratings, images, buttons, and forms with their inputs.

Every component is a frozen dataclass that checks itself when it is built (a mistake is a
`ConfigurationError` saying how to fix it) and turns itself into one JSON node for the view runtime.
Node ids are handed out in document order when the `View` is rendered, so they are stable from one render
of the same declaration to the next: the runtime keys a view's saved state (an open form, a carousel's
position) on them.

Common to every component:
- `when=` / `unless=`: a path; the component shows only when it is truthy / falsy.
- `show_in=`: the display modes it shows in (e.g. `("inline", "fullscreen")` hides it in picture-in-picture).
- `testid=`: its `data-testid`, for browser tests (each kind has a sensible default).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from salon.errors import ConfigurationError
from salon.sdk.widgets.bindings import compile_path, compile_template, is_single_binding

DisplayMode = Literal["inline", "fullscreen", "pip"]
"""Where a host shows a view: in the conversation, over it, or floating in a corner (MCP Apps)."""

DISPLAY_MODES: tuple[DisplayMode, ...] = ("inline", "fullscreen", "pip")

Tone = Literal["neutral", "info", "success", "warning", "danger"]
InputType = Literal["text", "email", "number", "date", "tel", "url", "textarea", "select", "checkbox"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class NodeIds:
    """Hands out node ids in document order while a view is rendered."""

    def __init__(self) -> None:
        self._counter: Iterator[int] = itertools.count()

    def next(self) -> str:
        return f"n{next(self._counter)}"


@dataclass(frozen=True, kw_only=True)
class Component:
    """Base of every widget component."""

    kind: ClassVar[str] = "component"

    when: str | None = None
    unless: str | None = None
    show_in: Sequence[DisplayMode] | None = None
    testid: str | None = None

    def __post_init__(self) -> None:
        name = type(self).__name__
        if self.when is not None:
            compile_path(self.when, where=f"{name}(when=...)")
        if self.unless is not None:
            compile_path(self.unless, where=f"{name}(unless=...)")
        if self.show_in is not None:
            _check_modes(self.show_in, where=f"{name}(show_in=...)")
        self.check()

    def check(self) -> None:
        """Validate the component's own fields; subclasses raise `ConfigurationError`."""

    def node(self, ids: NodeIds) -> dict[str, Any]:
        """This component as a JSON node for the runtime."""
        node: dict[str, Any] = {"type": self.kind, "id": ids.next()}
        if self.when is not None:
            node["when"] = self.when
        if self.unless is not None:
            node["unless"] = self.unless
        if self.show_in is not None:
            node["showIn"] = list(self.show_in)
        if self.testid is not None:
            node["testid"] = self.testid
        node.update(self.props(ids))
        return node

    def props(self, ids: NodeIds) -> dict[str, Any]:
        """The component's own JSON properties."""
        return {}

    def tools(self) -> set[str]:
        """The names of the app tools this component (or anything inside it) calls."""
        return set()

    def _template(self, value: str, label: str) -> list[str | dict[str, Any]]:
        return compile_template(value, where=f"{type(self).__name__}({label}=...)")


@dataclass(frozen=True)
class Text(Component):
    """A paragraph: `Text("{description}")`, `Text("Prices include taxes.", tone="muted")`."""

    kind: ClassVar[str] = "text"
    text: str
    tone: Tone | Literal["muted"] = "neutral"

    def check(self) -> None:
        self._template(self.text, "text")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {"text": self._template(self.text, "text"), "tone": self.tone}


@dataclass(frozen=True)
class Heading(Component):
    """A heading: `Heading("Hotels in {city}")`; `level` 2 to 4 (the host's message is level 1)."""

    kind: ClassVar[str] = "heading"
    text: str
    level: int = 2

    def check(self) -> None:
        self._template(self.text, "text")
        if self.level not in (2, 3, 4):
            raise ConfigurationError(f"Heading(level={self.level!r}) must be 2, 3 or 4.")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {"text": self._template(self.text, "text"), "level": self.level}


@dataclass(frozen=True)
class Badge(Component):
    """A short label on a coloured pill: `Badge("{rating}/10", tone="success")`; hidden when empty."""

    kind: ClassVar[str] = "badge"
    text: str
    tone: Tone = "neutral"

    def check(self) -> None:
        self._template(self.text, "text")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {"text": self._template(self.text, "text"), "tone": self.tone}


@dataclass(frozen=True)
class Rating(Component):
    """A score read from a path, shown as stars or as `8.9/10`, labelled for screen readers."""

    kind: ClassVar[str] = "rating"
    value: str
    max: int = 5
    style: Literal["stars", "number"] = "stars"
    label: str = "Rated"

    def check(self) -> None:
        compile_path(self.value, where="Rating(value=...)")
        if self.max < 1 or self.max > 10:
            raise ConfigurationError(f"Rating(max={self.max!r}) must be from 1 to 10.")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {"value": self.value, "max": self.max, "style": self.style, "label": self.label}


@dataclass(frozen=True)
class Image(Component):
    """An image from a template URL. Only `data:` images and URLs on the view's declared resource domains
    are loaded; anything else (or nothing) is drawn as a generated placeholder from `alt`, so a view never
    trips its own Content-Security-Policy."""

    kind: ClassVar[str] = "image"
    src: str
    alt: str
    ratio: str = "16/9"

    def check(self) -> None:
        self._template(self.src, "src")
        self._template(self.alt, "alt")
        if not re.fullmatch(r"[0-9]+/[0-9]+", self.ratio):
            raise ConfigurationError(f"Image(ratio={self.ratio!r}) must look like '16/9' or '1/1'.")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        return {
            "src": self._template(self.src, "src"),
            "alt": self._template(self.alt, "alt"),
            "ratio": self.ratio,
        }


@dataclass(frozen=True)
class Input(Component):
    """One form field, always labelled. The browser's validation attributes are set from `required`,
    `min`/`max`/`step`, `min_length`/`max_length` and `pattern`, and the view shows its own message
    (or `message=`) next to the field when a value is wrong. `value` pre-fills it from a template;
    a date's `min`/`max` may be `"today"`."""

    kind: ClassVar[str] = "input"
    name: str
    label: str
    type: InputType = "text"
    required: bool = False
    value: str | None = None
    min: float | str | None = None
    max: float | str | None = None
    step: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    choices: Sequence[str] | Mapping[str, str] | None = None
    placeholder: str | None = None
    help: str | None = None
    message: str | None = None

    def check(self) -> None:
        where = f"Input({self.name!r})"
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
            raise ConfigurationError(
                f"Input name {self.name!r} must be an identifier (it becomes the tool argument's name)."
            )
        if not self.label or not self.label.strip():
            raise ConfigurationError(f"{where} needs a label; every field is labelled for screen readers.")
        if self.value is not None:
            compile_template(self.value, where=f"{where}.value")
        if self.type == "select" and not self.choices:
            raise ConfigurationError(
                f"{where} is a select; give it choices=['a', 'b'] or {{'value': 'Label'}}."
            )
        if self.choices is not None and self.type != "select":
            raise ConfigurationError(f"{where} has choices but type={self.type!r}; use type='select'.")
        numeric = self.type == "number"
        for bound in (self.min, self.max):
            if bound is None:
                continue
            if self.type == "date":
                if not isinstance(bound, str) or not (
                    bound == "today" or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", bound)
                ):
                    raise ConfigurationError(
                        f"{where}: a date's min/max is 'today' or 'YYYY-MM-DD', got {bound!r}."
                    )
            elif not numeric or isinstance(bound, str):
                raise ConfigurationError(
                    f"{where}: min/max apply to number fields (numbers) and date fields."
                )
        low, high = self.min, self.max
        if numeric and isinstance(low, int | float) and isinstance(high, int | float) and low > high:
            raise ConfigurationError(f"{where}: min={self.min} is above max={self.max}.")
        if self.step is not None and (not numeric or self.step <= 0):
            raise ConfigurationError(f"{where}: step= is a positive number, for number fields.")
        if (self.min_length is not None or self.max_length is not None) and numeric:
            raise ConfigurationError(f"{where}: min_length/max_length apply to text fields; use min/max.")
        if self.min_length is not None and self.max_length is not None and self.min_length > self.max_length:
            raise ConfigurationError(f"{where}: min_length is above max_length.")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ConfigurationError(
                    f"{where}: pattern {self.pattern!r} is not a valid pattern: {exc}."
                ) from exc

    def props(self, ids: NodeIds) -> dict[str, Any]:
        props: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "inputType": self.type,
            "required": self.required,
        }
        if self.value is not None:
            props["value"] = compile_template(self.value, where=f"Input({self.name!r}).value")
        optional = {
            "min": self.min,
            "max": self.max,
            "step": self.step,
            "minLength": self.min_length,
            "maxLength": self.max_length,
            "pattern": self.pattern,
            "placeholder": self.placeholder,
            "help": self.help,
            "message": self.message,
        }
        props.update({key: value for key, value in optional.items() if value is not None})
        if self.choices is not None:
            pairs = (
                self.choices.items() if isinstance(self.choices, Mapping) else ((c, c) for c in self.choices)
            )
            props["choices"] = [[str(value), str(label)] for value, label in pairs]
        return props


@dataclass(frozen=True)
class Form(Component):
    """A form whose submit calls one of the app's tools with the fields' values (numbers as numbers,
    checkboxes as booleans, empty optional fields left out) plus the fixed `arguments`
    (templates, e.g. `{"hotel_id": "{id}"}`). The host may ask the person to confirm the call. While the
    call runs the form is busy; a failure is shown in the form; on success the form is replaced by
    `success` (a template read from the call's `structuredContent` first, e.g.
    "Booked: {booking.reference}")."""

    kind: ClassVar[str] = "form"
    tool: str
    fields: Sequence[Input]
    arguments: Mapping[str, Any] | None = None
    submit: str = "Submit"
    pending: str | None = None
    success: str = "Done."
    title: str | None = None
    refresh: bool = False

    def check(self) -> None:
        where = f"Form(tool={self.tool!r})"
        _check_tool_name(self.tool, where)
        if not self.fields:
            raise ConfigurationError(f"{where} has no fields; pass fields=[Input(...), ...].")
        names = [item.name for item in self.fields]
        if len(set(names)) != len(names):
            raise ConfigurationError(f"{where} has two fields with the same name: {names}.")
        clash = sorted(set(names) & set(self.arguments or {}))
        if clash:
            raise ConfigurationError(f"{where}: {clash} are both fields and fixed arguments; keep one.")
        _compile_arguments(self.arguments, where)
        compile_template(self.success, where=f"{where}.success")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        where = f"Form(tool={self.tool!r})"
        return {
            "tool": self.tool,
            "fields": [item.node(ids) for item in self.fields],
            "arguments": _compile_arguments(self.arguments, where),
            "submit": self.submit,
            "pending": self.pending or f"{self.submit}…",
            "success": compile_template(self.success, where=f"{where}.success"),
            "title": self.title,
            "refresh": self.refresh,
        }

    def tools(self) -> set[str]:
        return {self.tool}


@dataclass(frozen=True)
class Button(Component):
    """A button that does exactly one thing:

    - `tool="queue_add"`: call an app tool with `arguments` (templates) plus the current item's fields named
      in `from_item`; shows pending, then `done` (or the error). `refresh=True` re-renders the whole view
      from the call's `structuredContent` (a "next track" button on a player).
    - `opens=Form(...)`: show that form in place (inside the card or row), focus its first field.
    - `message="Tell me more about {name}"`: post a message to the conversation as the person.
    - `link="{url}"`: ask the host to open a web page.
    - `display_mode="fullscreen"`: ask the host for another display mode.
    """

    kind: ClassVar[str] = "button"
    label: str
    tool: str | None = None
    arguments: Mapping[str, Any] | None = None
    from_item: Sequence[str] = field(default=())
    opens: Form | None = None
    message: str | None = None
    link: str | None = None
    display_mode: DisplayMode | None = None
    refresh: bool = False
    variant: Literal["primary", "secondary"] = "secondary"
    pending: str | None = None
    done: str | None = None

    def check(self) -> None:
        where = f"Button({self.label!r})"
        if not isinstance(self.label, str) or not self.label.strip():
            raise ConfigurationError(
                "A Button needs a visible label, e.g. Button('Book', tool='book_hotel')."
            )
        self._template(self.label, "label")
        actions = {
            "tool": self.tool,
            "opens": self.opens,
            "message": self.message,
            "link": self.link,
            "display_mode": self.display_mode,
        }
        chosen = [name for name, value in actions.items() if value is not None]
        if len(chosen) != 1:
            raise ConfigurationError(
                f"{where} must do exactly one thing; give one of tool=, opens=, message=, link= or "
                f"display_mode= (got {chosen or 'none'})."
            )
        if self.tool is not None:
            _check_tool_name(self.tool, where)
            _compile_arguments(self.arguments, where)
            for name in self.from_item:
                compile_path(name, where=f"{where}.from_item")
        elif self.arguments is not None or self.from_item or self.refresh:
            raise ConfigurationError(f"{where}: arguments=, from_item= and refresh= go with tool=.")
        if self.message is not None:
            self._template(self.message, "message")
        if self.link is not None:
            self._template(self.link, "link")
        if self.display_mode is not None:
            _check_modes((self.display_mode,), where=f"{where}.display_mode")

    def props(self, ids: NodeIds) -> dict[str, Any]:
        where = f"Button({self.label!r})"
        props: dict[str, Any] = {"label": self._template(self.label, "label"), "variant": self.variant}
        if self.tool is not None:
            props.update(
                action="tool",
                tool=self.tool,
                arguments=_compile_arguments(self.arguments, where),
                fromItem=list(self.from_item),
                refresh=self.refresh,
                pending=self.pending or f"{self.label}…",
                done=self.done,
            )
        elif self.opens is not None:
            props.update(action="open", form=self.opens.node(ids))
        elif self.message is not None:
            props.update(action="message", message=self._template(self.message, "message"))
        elif self.link is not None:
            props.update(action="link", link=self._template(self.link, "link"))
        else:
            props.update(action="display-mode", mode=self.display_mode)
        return props

    def tools(self) -> set[str]:
        if self.tool is not None:
            return {self.tool}
        return self.opens.tools() if self.opens is not None else set()


def _check_tool_name(tool: str, where: str) -> None:
    if not isinstance(tool, str) or not tool.strip():
        raise ConfigurationError(f"{where} needs the name of one of the app's tools, e.g. tool='book_hotel'.")


def _check_modes(modes: Sequence[str], *, where: str) -> None:
    unknown = [mode for mode in modes if mode not in DISPLAY_MODES]
    if unknown or not modes:
        raise ConfigurationError(
            f"{where}: display modes are {', '.join(DISPLAY_MODES)}; got {list(modes)!r}."
        )


def _compile_arguments(arguments: Mapping[str, Any] | None, where: str) -> dict[str, Any]:
    """Argument values: a string is a template (one bare binding keeps the value's type), anything else a
    JSON literal sent as is."""
    compiled: dict[str, Any] = {}
    for name, value in (arguments or {}).items():
        if isinstance(value, str):
            template = compile_template(value, where=f"{where}.arguments[{name!r}]")
            compiled[name] = {"bind": template[0]} if is_single_binding(template) else {"template": template}
        else:
            compiled[name] = {"value": value}
    return compiled


__all__ = [
    "DISPLAY_MODES",
    "Badge",
    "Button",
    "Component",
    "DisplayMode",
    "Form",
    "Heading",
    "Image",
    "Input",
    "InputType",
    "NodeIds",
    "Rating",
    "Text",
    "Tone",
]
