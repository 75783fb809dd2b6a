"""Letter drafts are validated before anything is written."""

import pytest
from pydantic import ValidationError

from documents_service.letters.models import LetterCreate
from opensaraban_shared.vocabulary import LetterKind, Secrecy, Urgency


def test_a_minimal_draft_defaults_to_a_normal_external_letter():
    draft = LetterCreate(subject="ขอความอนุเคราะห์", recipient_agency_ids=["cm-land"])
    assert (draft.kind, draft.urgency, draft.secrecy, draft.is_circular) == (
        LetterKind.EXTERNAL, Urgency.NORMAL, Secrecy.NORMAL, False)


@pytest.mark.parametrize("bad", [
    {"subject": "", "recipient_agency_ids": ["a"]},
    {"subject": "x", "recipient_agency_ids": ["a", "a"]},
    {"subject": "x", "recipient_agency_ids": ["a"], "urgency": 9},
    {"subject": "x", "recipient_agency_ids": ["a"], "deadline": "2026-12-01T10:00:00"},
    {"subject": "x", "recipient_agency_ids": ["a"], "unknown_field": 1},
])
def test_invalid_drafts_are_refused(bad):
    with pytest.raises(ValidationError):
        LetterCreate.model_validate(bad)
