"""Thai-aware search terms without a database: what a query finds in a letter's indexed text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pydantic import ValidationError

from documents_service.search.models import LetterSearchCriteria
from documents_service.search.repository import SqlParams, letter_fields, visibility_predicate
from opensaraban_shared import thai_search
from opensaraban_shared.auth import Principal, Role

_LEXEME = re.compile(r"'((?:[^']|'')+)':([0-9A-D,]+)")


def indexed(vector: str) -> dict[str, list[str]]:
    return {m.group(1).replace("''", "'"): m.group(2).split(",") for m in _LEXEME.finditer(vector)}


def finds(query_text: str, *, subject: str = "", body: str = "", letter_number: str | None = None) -> bool:
    """What `document @@ query.match()` answers, for the AND-of-terms queries the search builds."""
    lexemes = indexed(thai_search.document_vector(
        letter_fields(subject=subject, body=body, letter_number=letter_number, sender_name="")
    ))
    query = thai_search.parse_query(query_text)
    assert query, f"no terms in {query_text!r}"
    for term in query.terms:
        for lexeme in term.lexemes:
            if term.prefix:
                if not any(found.startswith(lexeme) for found in lexemes):
                    return False
            elif lexeme not in lexemes:
                return False
    return True


SENTENCE = "ด้วยสำนักงานจังหวัดเชียงใหม่ขอเชิญประชุมคณะกรรมการบริหารงานจังหวัดแบบบูรณาการเพื่อพิจารณาแผนพัฒนาจังหวัด"


def test_a_thai_word_in_the_middle_of_a_sentence_without_spaces_is_found():
    assert finds("บูรณาการ", body=SENTENCE)
    assert finds("คณะกรรมการ", body=SENTENCE)
    assert finds("พัฒนาจังหวัด", body=SENTENCE)


def test_a_thai_word_that_is_not_in_the_text_is_not_found():
    assert not finds("ภาษีที่ดิน", body=SENTENCE)
    assert not finds("อุทกภัย", body=SENTENCE)


def test_every_word_of_the_query_must_occur():
    assert finds("ประชุม เชียงใหม่", body=SENTENCE)
    assert not finds("ประชุม ลำพูน", body=SENTENCE)


def test_a_query_with_thai_digits_finds_a_letter_number_written_with_arabic_digits():
    assert finds("ชม ๐๐๑๗/ว ๑๕๙๐", letter_number="ชม 0017/ว 1590")
    assert finds("๑๕๙๐", letter_number="ชม 0017/ว 1590")
    assert finds("1590", body="ตามหนังสือที่ ชม ๐๐๑๗/ว ๑๕๙๐ ลงวันที่ ๑ มกราคม ๒๕๖๙")
    assert not finds("ชม 0017/ว 1591", letter_number="ชม 0017/ว 1590")


def test_leading_zeros_of_a_number_may_be_left_out():
    assert finds("ชม 17", letter_number="ชม 0017/ว 1590")


@pytest.mark.parametrize("noisy", [
    "นํ้าท่วม",  # nikhahit + sara aa instead of sara am, tone mark after the nikhahit (PDF extraction)
    "น้ําท่วม",  # nikhahit + sara aa, tone mark first
    "นํ้าท่่วม",  # and a doubled tone mark
])
def test_the_split_sara_am_of_pdf_text_matches_the_clean_word(noisy):
    assert finds("น้ำท่วม", body=f"รายงานสถานการณ์{noisy}ในเขตอำเภอเมือง")
    assert finds(noisy, body="รายงานสถานการณ์น้ำท่วมในเขตอำเภอเมือง")


def test_reordered_marks_stray_spaces_and_zero_width_characters_inside_a_word_still_match():
    assert finds("ที่ดิน", body="ภาษีท่ีดินและสิ่งปลูกสร้าง")  # tone mark typed before the vowel
    assert finds("ภาษีที่ดิน", body="ภาษี ที่ ดิน และสิ่งปลูกสร้าง")  # PDF text with spaces between words
    assert finds("ที่ดิน", body="ภาษีที\u200bี่ดิน")  # zero-width space in the middle
    assert finds("แผนงาน", body="ตามเเผนงานประจำปี")  # แ typed as two เ


def test_english_words_match_whatever_their_case_and_by_their_beginning():
    assert finds("SMART CITY", subject="โครงการ Smart City เชียงใหม่")
    assert finds("smart", subject="โครงการ SMART CITY")
    assert finds("Digi", subject="Digital Government Development Plan")
    assert not finds("digital", subject="Smart City")


def test_full_width_latin_and_digits_are_read_as_ascii():
    assert finds("abc 12", body="รหัส ＡＢＣ １２")


def test_a_query_of_punctuation_only_has_no_terms():
    assert not thai_search.parse_query("?!/ - ...")
    assert not thai_search.parse_query("   ")


def test_subject_and_number_rank_above_sender_and_body():
    lexemes = indexed(thai_search.document_vector(
        letter_fields(subject="ภาษี", body="ภาษี", letter_number="ชม 0017/1", sender_name="สรรพากร")
    ))
    assert any(p.endswith("A") for p in lexemes["ภา"]) and any(p[-1].isdigit() for p in lexemes["ภา"])
    assert all(p.endswith("A") for p in lexemes["0017"])
    assert all(p.endswith("C") for p in lexemes["สร"])


def test_dictionary_words_of_the_subject_are_indexed_for_ranking_but_not_those_of_the_body():
    lexemes = indexed(thai_search.document_vector(
        letter_fields(subject="ขอเชิญประชุมคณะกรรมการ", body="การจัดเก็บภาษีที่ดิน", letter_number=None, sender_name="")
    ))
    assert {"w:ประชุม", "w:คณะกรรมการ"} <= lexemes.keys()
    assert "w:ภาษี" not in lexemes


def test_thai_words_are_cut_between_character_clusters_only():
    assert thai_search.thai_words("ขอเชิญประชุมคณะกรรมการบริหารงานจังหวัด") == [
        "ขอ", "เชิญ", "ประชุม", "คณะกรรมการ", "บริหารงาน", "จังหวัด",
    ]
    for word in thai_search.thai_words("สำนักงานสถิติจังหวัดเชียงใหม่ชื่อแปลกๆ"):
        assert word[0] not in "ะาำ่้๊๋ิีึืุู์ั็"


def test_a_very_long_body_stays_within_what_postgresql_accepts():
    vector = thai_search.document_vector(letter_fields(
        subject="ทดสอบ", body=SENTENCE * 3000, letter_number=None, sender_name=""
    ))
    assert len(vector.encode()) < 1_000_000
    for positions in indexed(vector).values():
        assert len(positions) <= 16
        assert all(int(p.rstrip("ABCD")) <= 16383 for p in positions)


def test_quotes_and_backslashes_cannot_break_out_of_a_lexeme():
    query = thai_search.parse_query("o'brien \\ 'x' & ! ทดสอบ'")
    assert "brien" in query.match()
    assert all(part.count("'") % 2 == 0 for part in query.match().split(" & "))


def test_the_snippet_marks_the_noisy_occurrence_in_the_original_text():
    body = "รายงานสถานการณ์นํ้าท่วม ในเขตอำเภอเมือง เมื่อวันที่ ๑๒ ตุลาคม"
    snippet = thai_search.snippet(body, thai_search.parse_query("น้ำท่วม 12"))
    marked = [snippet.text[a:b] for a, b in snippet.highlights]
    assert marked == ["นํ้าท่วม", "๑๒"]


def test_the_snippet_is_a_window_around_a_match_far_into_the_body():
    body = "ก" * 500 + "บูรณาการ" + "ข" * 500
    snippet = thai_search.snippet(body, thai_search.parse_query("บูรณาการ"), width=100)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    (start, end), = snippet.highlights
    assert snippet.text[start:end] == "บูรณาการ"


def test_visibility_names_the_callers_agency_and_clearance():
    principal = Principal(subject_id="u1", kind="user", agency_id="cm-energy", roles=frozenset({Role.CLERK}),
                          display_name="x", clearance=0)
    params = SqlParams(["already-there"])
    fragment = visibility_predicate(principal, params, letter="l")
    # clearance 0 reads secrecy 1 (normal) only; a paper letter it registered and a withdrawn delivery are not its
    assert params.values == ["already-there", "cm-energy", "u1", 1, 1, "received_paper", "withdrawn"]
    assert "sender_agency_id = $2" in fragment and "recipient_agency_id = $2" in fragment
    assert "visible_x.user_id = $3" in fragment  # a secret letter only for people named on it
    assert "l.secrecy <= $4" in fragment and "l.secrecy = $5" in fragment
    assert "l.status <> $6" in fragment and "visible_d.status <> $7" in fragment


def test_search_criteria_refuse_an_upside_down_date_range_and_oversized_pages():
    with pytest.raises(ValidationError):
        LetterSearchCriteria(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        LetterSearchCriteria(limit=101)
    with pytest.raises(ValidationError):
        LetterSearchCriteria(direction="sideways")


def test_a_body_indexed_without_positions_has_the_same_terms_as_with_them():
    body = "ตามหนังสือที่ ชม ๐๐๑๗/ว ๑๕๙๐ เรื่อง Smart City นํ้าท่วม ภาษี ที่ดิน"
    with_positions = set(indexed(thai_search.document_vector([thai_search.Field(body)])))
    without = {lexeme.strip("'") for lexeme in thai_search.terms_vector(body).split(" ")}
    assert without == with_positions
