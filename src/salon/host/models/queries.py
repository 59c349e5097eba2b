"""Search-like properties (`query`, `keyword`, "what to search for"): the request minus its filler.

A quoted phrase is the query when there is one that no other property took; when every quoted
phrase was taken, the request quoted its values and the query is not among them. Otherwise the
query is what is left of the request after the spans other properties took, the action words
("find", "search", "show"), the words that name the tool itself, talk about the tools ("using the
web search tool"), the property's own name where it opens the value ("with content go to sleep"),
and filler at either edge ("please", "can you", "me") are removed; filler inside the phrase stays
("The Sound of Silence"), and so does a question word that opens it ("where is beijing"), but not
"how can I <verb>" ("how can i cook steak" looks for steak). A last word right after another
property's value is that value's label ("steak Indian style"). After a
topic word ("news involving Ji Sung Park", "articles about the election") the query is what the
topic word names, to the end of its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from salon.host.models.understanding import ACTION_CONCEPTS, STOP_WORDS, Span, concept, stem, word_set

QUERY_NAMES = word_set(
    "query q search search_query search_term term terms keyword keywords text prompt topic phrase "
    "question message body content note"
)
_QUOTED = re.compile(r"(?<!\w)[\"“”'‘’](?P<q>[^\"“”‘’]{2,}?)[\"“”'‘’](?!\w)")
_TOOL_TALK = re.compile(
    r"\b(?:using|use|via|with|trigger|call|invoke)\s+(?:the\s+|a\s+|your\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:tools?|functions?|apis?)\b",
    re.IGNORECASE,
)
"""Words about the tools themselves ("using the web search tool"), not what to look for."""
_HOW_TO = re.compile(r"\s*how\s+(?:can|do|should|could|would)\s+(?:i|we|one)\s+\w+\s+(?=\w)", re.IGNORECASE)
"""A request for a way to do something ("how can i cook steak"): the framing of what to look for."""
_LABEL_LINKS = frozenset({"is", "of", "with", "called", "named", "as", "to", ":"})
_QUESTION_WORDS = frozenset({"what", "where", "when", "who", "which", "how", "why"})
_FILLER = word_set("me us for please could would can you i")
_SEARCH_DESCRIPTION = re.compile(
    r"search (?:query|terms?)|keywords?|what to (?:search|look) for|free text", re.IGNORECASE
)


def sought_words(description: str) -> frozenset[str]:
    """Stems of the words a tool's description opens with, after its verb: what the tool finds and
    by what ("Search songs by title, artist… and list matching tracks" → song, artist, track…)."""
    sentence = re.split(r"(?<=[.!?])\s|\n", description.strip(), maxsplit=1)[0]
    words = re.findall(r"[a-z]{2,}", sentence.lower())[1:]
    return frozenset(stem(w) for w in words if w not in STOP_WORDS)


def is_query(name: str, prop: dict[str, Any]) -> bool:
    """Whether a string property holds what to search for."""
    return name.lower() in QUERY_NAMES or bool(_SEARCH_DESCRIPTION.search(str(prop.get("description", ""))))


def query_value(
    text: str,
    free: Callable[[Span], bool],
    ignore_words: frozenset[str],
    label_words: frozenset[str] = frozenset(),
    sought_words: frozenset[str] = frozenset(),
) -> tuple[str, Span] | None:
    """The query `text` asks for, with the span it covers; `ignore_words` are the tool's own stems,
    `label_words` the property's, dropped where they open the query ("with content go to sleep");
    `sought_words` name what the tool finds, dropped with the link after them where they open it
    ("songs by the Winslow Trio" looks for the Winslow Trio)."""
    quotes = [(m.group("q").strip(), Span(m.start(), m.end())) for m in _QUOTED.finditer(text)]
    free_quotes = [q for q in quotes if free(q[1])]
    if free_quotes:
        return free_quotes[0]
    if quotes:
        return None  # the request quotes its values, and every one is another property's
    talk = [Span(m.start(), m.end()) for m in _TOOL_TALK.finditer(text)]
    how_to = _HOW_TO.match(text)
    if how_to:
        talk.append(Span(how_to.start(), how_to.end()))
    pieces: list[tuple[str, Span]] = []
    for m in re.finditer(r"[\w'&.+#-]+", text):
        span = Span(m.start(), m.end())
        if free(span) and not any(span.overlaps(t) for t in talk):
            pieces.append((m.group(0).strip("."), span))
    kept = [
        (w, s) for w, s in pieces if concept(w) not in ACTION_CONCEPTS or (w[0].isupper() and s.start > 0)
    ]
    without_tool_words = [(w, s) for w, s in kept if stem(w) not in ignore_words]
    if any(w.lower() not in STOP_WORDS for w, _ in without_tool_words):
        kept = without_tool_words
    while kept and (kept[0][0].lower() in STOP_WORDS or kept[0][0].lower() in _FILLER):
        if kept[0][0].lower() in _QUESTION_WORDS and any(w.lower() not in STOP_WORDS for w, _ in kept):
            break  # "where is beijing": a question is a query as it stands
        kept.pop(0)
    while kept and (kept[-1][0].lower() in STOP_WORDS or kept[-1][0].lower() in _FILLER):
        kept.pop()
    if len(kept) > 1 and stem(kept[0][0]) in label_words:
        kept.pop(0)
        while kept and kept[0][0].lower() in _LABEL_LINKS:
            kept.pop(0)
    kept = _after_what_is_sought(kept, sought_words | ignore_words)
    # "steak Indian style" with "Indian" taken: "style" is that value's label, not the query's.
    if len(kept) > 1 and text[kept[-1][1].start - 1 : kept[-1][1].start] == " ":
        before = kept[-1][1].start - 1
        if before > 0 and not free(Span(before - 1, before)):
            kept.pop()
    kept = _topic(text, kept)
    kept = _without_asides(kept)
    if not kept:
        return None
    return " ".join(w for w, _ in kept), Span(kept[0][1].start, kept[-1][1].end)


_MAKER_LINKS = frozenset({"by", "from", "called", "named", "titled"})
_PRAISE = frozenset({"best", "good", "great", "nice", "decent", "top", "perfect"})
_POSSESSIVES = frozenset({"my", "our", "your", "his", "her", "their"})


def _without_asides(kept: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """`kept` without what describes the person's wish rather than the thing: praise ("the best
    power bank"), a count before it ("2 packing cubes") and a purpose of theirs at the end
    ("headphones for my flight"), where words of the thing are left."""
    words = [w.lower() for w, _ in kept]
    end = len(kept)
    for index in range(1, len(kept) - 1):
        if words[index] == "for" and words[index + 1] in _POSSESSIVES:
            end = index  # "… for my flight"
            break
    start = 0
    while start < end - 1 and (words[start] in _PRAISE or words[start].isdigit()):
        start += 1
    trimmed = kept[start:end]
    return trimmed if any(w.lower() not in STOP_WORDS for w, _ in trimmed) else kept


def _after_what_is_sought(kept: list[tuple[str, Span]], sought: frozenset[str]) -> list[tuple[str, Span]]:
    """`kept` without an opening that only names what the tool finds and links it to its maker or
    name ("songs by …", "tracks called …"); as it is otherwise."""
    opening = 0
    while opening < len(kept) and kept[opening][0].lower() not in _MAKER_LINKS:
        word = kept[opening][0]
        if stem(word) not in sought and word.lower() not in STOP_WORDS:
            break
        opening += 1
    named = any(stem(w) in sought for w, _ in kept[:opening])
    if not named or opening >= len(kept) - 1 or kept[opening][0].lower() not in _MAKER_LINKS:
        return kept
    rest = kept[opening + 1 :]
    while rest and rest[0][0].lower() in STOP_WORDS:
        rest = rest[1:]
    return rest or kept


def _topic(text: str, kept: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """What the words after the last topic word ("about", "involving") name, to the end of its
    sentence ("the current top news involving Ji Sung Park." → "Ji Sung Park"); `kept` as it is
    when no topic word is followed by a content word."""
    for index in range(len(kept) - 2, -1, -1):
        if kept[index][0].lower() not in _TOPIC_WORDS:
            continue
        phrase: list[tuple[str, Span]] = []
        for word, span in kept[index + 1 :]:
            if phrase and re.search(r"[.!?;]\s", text[phrase[-1][1].end - 1 : span.start + 1]):
                break
            phrase.append((word, span))
        while phrase and phrase[-1][0].lower() in STOP_WORDS:
            phrase.pop()
        if any(w.lower() not in STOP_WORDS for w, _ in phrase):
            return phrase
    return kept


_TOPIC_WORDS = frozenset({"about", "regarding", "involving", "concerning", "mentioning", "featuring"})
