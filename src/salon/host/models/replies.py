"""What the offline provider says: its questions, its refusals, and its line after a tool's answer.

Everything is written from the offered tools themselves, since no app is known by name:

- `action_phrase`: what a tool does as a verb phrase to follow "I can" ("book a hotel" from the
  title "Book a hotel", "look up typical weather" from "Typical weather", "search hotels" from the
  name `search_hotels` where there is no title);
- `ask_for`: the question for the arguments a tool lacks, naming each by `property_label`;
- `find_first`: where a tool needs an id from results that do not exist yet, which search to ask for
  first (the one that names what the id is of and needs no id itself);
- `which_one`: the question when several results could be meant;
- `cannot_help`: the refusal, saying what the offered tools can do instead;
- `follow_up`: the line after tool answers, from each answer's own first line (or what failed).
"""

from __future__ import annotations

import re

from salon.host.models.base import ChatMessage, OfferedTool
from salon.host.models.conversation import find_items, split_name
from salon.host.models.properties import is_id_property, property_label
from salon.host.models.understanding import STOP_WORDS, first_line, stem, tokenize
from salon.router.enrich import VERBS


def action_phrase(tool: OfferedTool) -> str:
    """What the tool does, as a verb phrase to follow "I can": its title or its name's words
    ("Book a hotel" → "book a hotel"), with "look up" before one that does not start with a verb
    ("Typical weather" → "look up typical weather")."""
    words = (tool.title or split_name(tool.name)[1].replace("_", " ").replace("-", " ")).split()
    if not words:
        return "help"
    if not (len(words[0]) > 1 and words[0].isupper()):
        words[0] = words[0].lower()
    phrase = " ".join(words)
    return phrase if words[0].lower() in VERBS else f"look up {phrase}"


def _listed(phrases: list[str]) -> str:
    return ", ".join(phrases[:-1]) + " or " + phrases[-1] if len(phrases) > 1 else phrases[0]


def ask_for(tool: OfferedTool, missing: list[str]) -> str:
    props = tool.parameters.get("properties") or {}
    labels = [property_label(name, props.get(name) or {}) for name in missing]
    needed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"I can {action_phrase(tool)} for you — I just need {needed}."


def find_first(tool: OfferedTool, missing_ids: list[str], tools: list[OfferedTool]) -> str:
    app = split_name(tool.name)[0]
    # The finder to suggest names what the missing ids are ids of ("hotel" of hotel_id) and needs
    # no id itself: a search for hotels, not a booking looked up by its reference.
    wanted = {stem(t) for n in missing_ids for t in tokenize(n) if t != "id"}

    def fit(candidate: OfferedTool) -> tuple[bool, bool]:
        required = candidate.parameters.get("required") or []
        named = {stem(t) for t in tokenize(f"{split_name(candidate.name)[1]} {candidate.title or ''}")}
        return (not wanted & named, any(is_id_property(r) for r in required))

    finders = sorted((t for t in tools if t.read_only and split_name(t.name)[0] == app), key=fit)
    hint = f" — try asking me to {action_phrase(finders[0])} first" if finders else ""
    return f"I can {action_phrase(tool)} once we have picked one{hint}."


def which_one(count: int) -> str:
    return f"Which one would you like? There are {count} — say “the first”, “the second”, or “the last”."


def cannot_help(tools: list[OfferedTool]) -> str:
    if not tools:
        return (
            "I'm Salon's offline assistant: I work through apps, and none of yours fits this. "
            "Ask for something one of them does, install an app, or connect a language model "
            "to chat freely."
        )
    actions = list(dict.fromkeys(action_phrase(t) for t in tools))[:5]
    return (
        "I'm Salon's offline assistant, so I can only help through apps, and none of them fits that. "
        f"I can {_listed(actions)}."
    )


def _for_the_person(text: str) -> str:
    """`text` without the sentences an app wrote for the model about the person ("Ask the person to
    pick one of the covered cities."): the person reads this reply."""
    kept = [s for s in re.split(r"(?<=[.!?])\s+", text) if not re.search(r"\bthe (?:person|user)\b", s, re.I)]
    return " ".join(kept).strip() or text


_ASKS = re.compile(r"\s*(?:what|which|who|where|when|how|is|are|do|does)\b", re.IGNORECASE)
_MORE_LINES = 4


def _lines_asked_about(content: str, asked: str) -> list[str]:
    """The later lines of an app's text that a question is about, where it names a word of one
    ("what's next" → "Up next (1, 4:21): 1. Quiet Interlude …"): that line and a few after it."""
    lines = [line.strip() for line in content.splitlines() if line.strip()]
    wanted = {stem(w) for w in tokenize(asked) if w not in STOP_WORDS}
    for index, line in enumerate(lines[1:], start=1):
        if wanted & {stem(w) for w in tokenize(line)}:
            return lines[index : index + _MORE_LINES]
    return []


def follow_up(messages: list[ChatMessage]) -> str:
    """The line after the trailing tool answers of `messages`: each answer's first line, and for a
    question, the later lines it asks about."""
    trailing: list[ChatMessage] = []
    for message in reversed(messages):
        if message.role != "tool":
            break
        trailing.insert(0, message)
    asked = next((m.content for m in reversed(messages) if m.role == "user"), "")
    parts: list[str] = []
    for message in trailing:
        sentence = _for_the_person(first_line(message.content))
        if sentence and not message.is_error and _ASKS.match(asked):
            sentence = " ".join([sentence, *_lines_asked_about(message.content, asked)])
        if message.declined:
            parts.append("OK, you declined it, so I didn't go ahead.")
        elif message.is_error:
            what = split_name(message.name or "the tool")[1].replace("_", " ")
            parts.append(f"That didn't work ({what}): {sentence or 'the app reported an error'}")
        elif sentence:
            parts.append(sentence)
        else:
            items = find_items(message.data)
            parts.append(
                f"Here {'is 1 result' if len(items) == 1 else 'are the results'}." if items else "Done."
            )
    return " ".join(parts) if parts else "Done."
