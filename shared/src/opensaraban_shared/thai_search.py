"""Search text in Thai and English: normalisation, index terms, query terms and highlights for PostgreSQL.

Thai is written without spaces and text pulled out of PDFs is noisy (reordered or doubled tone marks,
"ํา" for "ำ", stray spaces and zero-width characters inside words). Terms are therefore built in two layers:

- Thai character bigrams (and lone characters such as the "ว" of circular numbers) match a word anywhere in
  a sentence and survive the noise once the text is normalised; they decide *whether* a letter matches.
- Dictionary words (maximal matching on the PyThaiNLP word list) of the short fields (subject, sender)
  only add to the *ranking*: a subject that contains the query as a word ranks above one that merely
  contains the same letters inside a longer word. Bodies are not segmented: that would cost milliseconds
  per letter on the send path and breaks on noisy text, where bigrams still work.

Latin words and numbers are terms as they are (case-folded, Thai digits read as Arabic ones).
Everything is turned into tsvector / tsquery *literals* here, so PostgreSQL's text parser (whose idea of a
Thai "word" depends on the server's locale) never sees the text: the database only stores and matches terms.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from .thai import arabic_digits

Weight = Literal["A", "B", "C", "D"]

# Bumped whenever the terms built from the same text change; rows built by older rules get rebuilt.
ANALYZER_VERSION = 1

# Positions PostgreSQL keeps per lexeme (more are dropped) and the largest position it stores.
_MAX_POSITIONS_PER_TERM = 16
_MAX_POSITION = 16383
# Bodies can be 200,000 characters; text beyond this is not indexed (tsvector values are capped at 1 MB).
MAX_INDEXED_CHARS = 50_000
WORD_PREFIX = "w:"  # dictionary words live beside the bigrams in one tsvector; the prefix keeps them apart

# --- Normalisation ------------------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_THAI_DIGIT = re.compile("[\u0e50-\u0e59]")
_ABOVE_BELOW_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"  # ั ิ ี ึ ื ุ ู ฺ ็
_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
_OTHER_MARKS = "\u0e4c\u0e4d\u0e4e"  # ์ ํ ๎
_MARKS = _ABOVE_BELOW_VOWELS + _TONE_MARKS + _OTHER_MARKS
# Vowels above/below first, then tone marks, then the rest: nikhahit last, so that "ํ" + "า" becomes "ำ".
_MARK_RANK = {c: 0 for c in _ABOVE_BELOW_VOWELS} | {c: 1 for c in _TONE_MARKS} | {c: 2 for c in _OTHER_MARKS}
# Only clusters that are out of that order or hold a doubled mark: rare, so the callback seldom runs.
_MISORDERED_MARKS = re.compile(
    f"[{_MARKS}]*(?:[{_TONE_MARKS}{_OTHER_MARKS}][{_ABOVE_BELOW_VOWELS}]|[{_OTHER_MARKS}][{_TONE_MARKS}]"
    f"|([{_MARKS}])[{_MARKS}]*\\1)[{_MARKS}]*"
)
_SPACES = re.compile(r"\s+")


def _reorder_marks(match: re.Match[str]) -> str:
    marks = dict.fromkeys(match.group())  # a doubled mark is noise: keep one
    return "".join(sorted(marks, key=_MARK_RANK.__getitem__))


def _arabic_digit(match: re.Match[str]) -> str:
    return arabic_digits(match.group())


def normalize(text: str) -> str:
    """Canonical form of any text before it becomes terms.

    NFKC (full-width letters and digits, compatibility forms), invisible characters removed, Thai digits read
    as Arabic, Thai marks after a consonant in one order without duplicates, "ํา" and "เเ" (as typed or
    extracted from PDFs) written "ำ" and "แ", case-folded, whitespace runs as one space.
    """
    # NFKC splits "ำ" into "ํา" anyway; splitting first lets the (fast) check skip NFKC for most Thai text.
    text = text.replace("\u0e33", "\u0e4d\u0e32")
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _THAI_DIGIT.sub(_arabic_digit, text)  # str.translate is slow on non-ASCII text
    text = _MISORDERED_MARKS.sub(_reorder_marks, text)
    text = text.replace("\u0e4d\u0e32", "\u0e33").replace("\u0e40\u0e40", "\u0e41")
    return _SPACES.sub(" ", text.casefold()).strip()


def compact_key(text: str) -> str:
    """Letter numbers and other codes compared without spaces: 'ชม ๐๐๑๗/ว ๑๕๙๐' → 'ชม0017/ว1590'."""
    return normalize(text).replace(" ", "")


# --- Segmenting -----------------------------------------------------------------------------------------------

# Thai letters, vowels and marks; not ฯ (abbreviation), ๆ (repetition), ฿ or Thai punctuation: those separate.
_THAI = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
# A Thai run may contain stray single spaces (PDF extraction); for bigrams the chunks are joined.
_RUN = re.compile(f"(?P<thai>[{_THAI}]+(?: [{_THAI}]+)*)|(?P<latin>[^\\W_{_THAI}]+)")
_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")  # เ แ โ ใ ไ: written before their consonant
_NO_BREAK_BEFORE = frozenset(_MARKS + "\u0e30\u0e32\u0e33\u0e45")  # marks and ะ า ำ ๅ follow their consonant


@dataclass(frozen=True)
class _Run:
    kind: Literal["thai", "latin"]
    chunks: tuple[str, ...]  # Thai: the space-separated pieces; Latin: one token

    @property
    def joined(self) -> str:
        return "".join(self.chunks)


def _runs(normalized: str) -> Iterator[_Run]:
    for match in _RUN.finditer(normalized):
        if match.lastgroup == "thai":
            yield _Run("thai", tuple(match.group().split(" ")))
        else:
            yield _Run("latin", (match.group(),))


def _bigrams(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)]


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], dict[str, int]]:
    """The PyThaiNLP word list (62,000 words) as a set, 10 MB and 0.1 s (newmm's own trie takes 80 MB and
    1.6 s), and the length of the longest word for each two-letter start: most starts end the search early."""
    text = resources.files("newmm_tokenizer").joinpath("words_th.txt").read_text(encoding="utf-8-sig")
    words = frozenset(
        w for w in (normalize(line) for line in text.splitlines())
        if 1 < len(w) <= 24 and re.fullmatch(f"[{_THAI}]+", w)
    )
    longest: dict[str, int] = {}
    for word in words:
        start = word[:2]
        longest[start] = max(longest.get(start, 0), len(word))
    return words, longest


def warm_up() -> None:
    """Loads the dictionary now (0.1 s) instead of inside the first request that needs it."""
    _dictionary()


def thai_words(run: str) -> list[str]:
    """Maximal matching on a Thai run without spaces: fewest unknown characters, then fewest words.

    Cuts fall only between character clusters (never before a mark or a following vowel, never after a
    leading vowel); unknown stretches come out as one token each, so names still form words.
    """
    words, longest_from = _dictionary()
    n = len(run)
    can_cut = [i == 0 or i == n or (run[i] not in _NO_BREAK_BEFORE and run[i - 1] not in _LEADING_VOWELS)
               for i in range(n + 1)]
    best: list[tuple[int, int] | None] = [None] * (n + 1)
    back: list[tuple[int, bool]] = [(0, False)] * (n + 1)
    best[0] = (0, 0)
    for i in range(n):
        cost = best[i]
        if cost is None or not can_cut[i]:
            continue
        for j in range(i + 2, min(n, i + longest_from.get(run[i:i + 2], 0)) + 1):
            if can_cut[j] and run[i:j] in words:
                candidate = (cost[0], cost[1] + 1)
                if best[j] is None or candidate < best[j]:  # type: ignore[operator]
                    best[j], back[j] = candidate, (i, True)
        j = next(k for k in range(i + 1, n + 1) if can_cut[k])  # one cluster nobody knows
        candidate = (cost[0] + j - i, cost[1] + 1)
        if best[j] is None or candidate < best[j]:  # type: ignore[operator]
            best[j], back[j] = candidate, (i, False)
    pieces: list[tuple[str, bool]] = []
    j = n
    while j > 0:
        i, known = back[j]
        pieces.append((run[i:j], known))
        j = i
    pieces.reverse()
    out: list[str] = []
    unknown = ""
    for piece, known in pieces:
        if known:
            if unknown:
                out.append(unknown)
                unknown = ""
            out.append(piece)
        else:
            unknown += piece
    if unknown:
        out.append(unknown)
    return out


# --- Index side: tsvector literals ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """One piece of a record's searchable text, with its weight (A ranks highest) and whether to add words."""

    text: str
    weight: Weight = "D"
    words: bool = False


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _append(terms: dict[str, list[int]], lexeme: str, position: int) -> None:
    found = terms.get(lexeme)
    if found is None:
        terms[lexeme] = [position]
    elif len(found) < _MAX_POSITIONS_PER_TERM:
        found.append(position)


def index_terms(text: str, base: int = 0) -> dict[str, list[int]]:
    """Lexeme → positions of the match layer for normalised text: bigrams, lone Thai letters, Latin words."""
    terms: dict[str, list[int]] = {}
    offset = base
    for run in _runs(text):
        if run.kind == "latin":
            token = run.chunks[0]
            _append(terms, token, offset)
            if token.isdigit() and token.startswith("0") and token.strip("0"):
                _append(terms, token.lstrip("0"), offset)  # '0017' is also found by '17'
            offset += 1
            continue
        for chunk in run.chunks:
            if len(chunk) == 1:
                _append(terms, chunk, offset)  # 'ว' of a circular number, a lone letter
        joined = run.joined
        # The hot loop of indexing a body: inlined _append.
        for i, bigram in enumerate(map(operator.add, joined, joined[1:]), start=offset):
            found = terms.get(bigram)
            if found is None:
                terms[bigram] = [i]
            elif len(found) < _MAX_POSITIONS_PER_TERM:
                found.append(i)
        offset += len(joined) + 1  # a gap: no phrase across runs
    return terms


def match_terms(text: str) -> set[str]:
    """The match layer's lexemes of any text, without positions: all a body needs to be found."""
    terms: set[str] = set()
    for run in _runs(normalize(text[:MAX_INDEXED_CHARS])):
        if run.kind == "latin":
            token = run.chunks[0]
            terms.add(token)
            if token.isdigit() and token.startswith("0") and token.strip("0"):
                terms.add(token.lstrip("0"))
            continue
        terms.update(chunk for chunk in run.chunks if len(chunk) == 1)
        joined = run.joined
        terms.update(map(operator.add, joined, joined[1:]))
    return terms


def terms_vector(text: str) -> str:
    """A tsvector literal of `text`'s lexemes without positions or weights (they rank as D, match as any).

    For long text that only has to be *found* (a letter's body): about half the size of `document_vector`
    and a third of the time to build.
    """
    terms = match_terms(text)
    # Lexemes are Thai letters or Latin word characters (see _RUN): nothing in them needs escaping.
    return "'" + "' '".join(terms) + "'" if terms else ""


def document_vector(fields: Sequence[Field]) -> str:
    """A tsvector literal (cast it with ::tsvector) for the fields of one record."""
    vector: dict[str, str] = {}
    base = 1
    for item in fields:
        text = normalize(item.text[:MAX_INDEXED_CHARS])
        terms = index_terms(text, base)
        last = max((p[-1] for p in terms.values()), default=base)
        if item.words:
            for run in _runs(text):
                if run.kind == "thai":
                    for word in thai_words(run.joined):
                        last += 1
                        _append(terms, WORD_PREFIX + word, last)
        mark = "" if item.weight == "D" else item.weight
        for lexeme, positions in terms.items():
            # Positions above PostgreSQL's maximum are clamped; a later field rarely repeats a lexeme much.
            listed = f"{mark},".join(str(min(p, _MAX_POSITION)) for p in positions) + mark
            vector[lexeme] = f"{vector[lexeme]},{listed}" if lexeme in vector else listed
        base = last + 10  # a gap: a phrase never runs from one field into the next
    return " ".join(f"{_quote(lexeme)}:{positions}" for lexeme, positions in vector.items())


# --- Query side: tsquery literals ----------------------------------------------------------------------------

@dataclass(frozen=True)
class QueryTerm:
    """One word of what the person typed, normalised, with the lexemes that must all be present."""

    text: str
    lexemes: tuple[str, ...]
    prefix: bool = False  # a Latin word also matches longer words that start with it ('minis' → 'ministry')
    words: tuple[str, ...] = ()

    def tsquery(self, weight: str = "") -> str:
        marker = f":{weight}{'*' if self.prefix else ''}" if weight or self.prefix else ""
        parts = [_quote(lexeme) + marker for lexeme in self.lexemes]
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[QueryTerm, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def match(self) -> str:
        """Every lexeme of every term, in any order: what decides whether a record is found at all."""
        parts: dict[str, None] = {}
        for term in self.terms:
            marker = ":*" if term.prefix else ""
            parts.update(dict.fromkeys(_quote(lexeme) + marker for lexeme in term.lexemes))
        return " & ".join(parts)

    def phrase(self, weight: str = "") -> str:
        """Each term's lexemes side by side (the typed text appears as is), optionally only in fields of `weight`."""
        return " & ".join(term.tsquery(weight) for term in self.terms)

    def words(self) -> str | None:
        """Any dictionary word of the query (ranking only); None when the query has no Thai word."""
        found = dict.fromkeys(_quote(WORD_PREFIX + w) for term in self.terms for w in term.words)
        return " | ".join(found) or None


MAX_QUERY_TERMS = 32


def parse_query(text: str) -> SearchQuery:
    """What a person typed → terms; words separated by spaces are separate terms, all required."""
    terms: list[QueryTerm] = []
    for run in _runs(normalize(text)):
        for chunk in run.chunks:
            if run.kind == "latin":
                terms.append(QueryTerm(chunk, (chunk,), prefix=chunk.isalpha() and len(chunk) >= 3))
            elif len(chunk) == 1:
                terms.append(QueryTerm(chunk, (chunk,)))
            else:
                terms.append(QueryTerm(chunk, tuple(_bigrams(chunk)), words=tuple(thai_words(chunk))))
    unique = list({(t.text, t.prefix): t for t in terms}.values())
    return SearchQuery(tuple(unique[:MAX_QUERY_TERMS]))


# --- Highlighting --------------------------------------------------------------------------------------------

_GAP = "[\\s\u200b\u200c\u200d\u2060\ufeff\u00ad]*"  # what PDF extraction puts between the letters of a word
_DIGIT_CLASS = {str(d): f"[{d}{chr(0x0E50 + d)}]" for d in range(10)}


def _term_pattern(term: QueryTerm) -> str:
    """A regex over the *original* text that finds what normalises to `term` (in practice: the usual noise)."""
    units: list[str] = []
    text = term.text
    i = 0
    while i < len(text):
        char = text[i]
        i += 1
        marks = ""
        while i < len(text) and text[i] in _MARKS:
            marks += text[i]
            i += 1
        if char in _DIGIT_CLASS:
            unit = _DIGIT_CLASS[char]
        elif char == "\u0e33":  # ำ, or ํา with a tone mark on either side of the nikhahit
            unit = f"(?:\u0e33|[{_TONE_MARKS}]*\u0e4d?[{_TONE_MARKS}]*\u0e32)"
        elif char == "\u0e41":  # แ, or เเ as often typed
            unit = "(?:\u0e41|\u0e40\u0e40)"
        else:
            unit = re.escape(char)
        if marks:
            unit += f"[{marks}\u0e4d]+"  # same marks in any order, doubled, or before a split ำ
        units.append(unit)
    pattern = _GAP.join(units)
    return pattern + ("\\w*" if term.prefix else "")


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: list[tuple[int, int]]  # [start, end) character offsets in `text`


def find_spans(text: str, query: SearchQuery) -> list[tuple[int, int]]:
    """Where the query's terms occur in `text`, merged and sorted."""
    if not query or not text:
        return []
    pattern = re.compile("|".join(f"(?:{_term_pattern(t)})" for t in query.terms), re.IGNORECASE)
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        while end < len(text) and text[end] in _MARKS:  # never cut a cluster in half
            end += 1
        if end > start:
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
    return spans


def snippet(text: str, query: SearchQuery, *, width: int = 160) -> Snippet:
    """A window of `text` around the first place the query occurs (or its start), with the spans to mark."""
    text = _SPACES.sub(" ", text).strip()
    spans = find_spans(text, query)
    start = 0
    if spans and spans[0][1] > width:
        start = max(0, spans[0][0] - width // 4)
        while start > 0 and (text[start] in _NO_BREAK_BEFORE or text[start - 1] in _LEADING_VOWELS):
            start -= 1
    end = min(len(text), start + width)
    while end < len(text) and (text[end] in _NO_BREAK_BEFORE or text[end - 1] in _LEADING_VOWELS):
        end += 1
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    shown = [(max(a, start) + shift, min(b, end) + shift) for a, b in spans if a < end and b > start]
    return Snippet(prefix + text[start:end] + suffix, shown)

