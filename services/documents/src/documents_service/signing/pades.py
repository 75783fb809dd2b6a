"""PAdES signatures with pyHanko: the signer's certification of a letter, the receiving agency's sealed stamp, and
the archive timestamps that keep both verifiable after their certificates expire.

- The signer *certifies* the letter (PAdES baseline B-T: a CAdES signature with a timestamp from the TSA), allowing
  only form filling and further signatures afterwards (DocMDP 2). The number and date are printed before it: the
  letter is numbered when it is signed, so both are covered by the signature.
- The receiving agency's stamp is an approval signature in an incremental update, with the stamp as the visible
  appearance of a signature field the signer's letter already holds, empty, at the top right of page 1 (a new
  visible field after a certification could cover what was certified, so validators refuse one). Signing a
  field the certification left for it is what DocMDP 2 allows: the sender's signature stays valid.
- `archive` takes a signed letter to B-LTA: the certificates and revocation data of every signature go into the
  document security store, covered by a document timestamp; run again before that timestamp's certificate
  expires, it adds the next one (docs/signatures.md).

Every function blocks (hashing, the token, the TSA) and is run in a worker thread.
"""

from __future__ import annotations

import asyncio
import binascii
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from asn1crypto import cms, x509
from pyhanko.pdf_utils import content, generic, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from .appearance import STAMP_HEIGHT, STAMP_MARGIN, STAMP_WIDTH
from .tokens import KEY_LABEL, TokenSigner, TokenStore, TokenUnavailable

SIGNATURE_FIELD = "Signature"
STAMP_FIELD = "ReceiptStamp"
TSA_TIMEOUT_S = 10


class TimestampUnavailable(Exception):
    """The time-stamping authority did not answer: nothing was signed; try again later."""


@dataclass(frozen=True)
class Credential:
    """A key in a token and its certificate (with the chain up to the root)."""

    token_label: str
    certificate: x509.Certificate
    chain: Sequence[x509.Certificate]


@dataclass(frozen=True)
class Box:
    """Where a visible signature goes: a page (0 = first) and a rectangle in PDF points from the bottom left."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Lines:
    """Lines to draw into the letter as it is signed (its number and date: letters/printing/slots.py): page i of
    `pdf` goes at `places[i]`, a (page, x, y) of its bottom left in PDF points."""

    pdf: bytes
    places: Sequence[tuple[int, float, float]]
    subject: str  # the document's subject once numbered: 'หนังสือภายนอก ที่ ชม ๐๐๑๗.๓/๑๒๓'


def timestamper(url: str) -> TimeStamper:
    return RequestsHTTPTimeStamper(url, timeout=TSA_TIMEOUT_S)


def certify(pdf: bytes, *, tokens: TokenStore, credential: Credential, pin: str, box: Box | None,
            appearance: bytes | None, tsa: TimeStamper, signer_name: str, location: str,
            lines: Lines | None = None) -> bytes:
    """The letter certified by its signer: PAdES B-T, DocMDP "fill forms and sign" only. `lines` (a signing
    copy's number and date) are drawn in the signed revision, so the signature covers them, and the document's
    subject (metadata) is theirs."""
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, certify=True, docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256", name=signer_name,
        reason="ลงนามหนังสือราชการ", location=location)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    if lines is not None:
        write_lines(writer, lines)
    fields.append_signature_field(writer, fields.SigFieldSpec(STAMP_FIELD, on_page=0, box=_stamp_box(writer)))
    return _sign(writer, meta, tokens=tokens, credential=credential, pin=pin, box=box, appearance=appearance,
                 tsa=tsa)


def seal_receipt(pdf: bytes, *, tokens: TokenStore, credential: Credential, pin: str, appearance: bytes,
                 tsa: TimeStamper, agency_name: str) -> bytes:
    """The recipient's copy: the receiving agency's stamp drawn in the field the letter left for it, as the
    appearance of the agency's seal, in an incremental update."""
    meta = signers.PdfSignatureMetadata(field_name=STAMP_FIELD, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256", name=agency_name, reason="ลงรับหนังสือ")
    return _sign(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, tokens=tokens, credential=credential, pin=pin,
                 box=None, appearance=appearance, tsa=tsa)


def write_lines(writer: IncrementalPdfFileWriter, lines: Lines) -> None:
    """Each line as a form XObject on its page, after the page's own content, in a graphics state of its own; and
    the document's subject (its number) in its metadata."""
    writer.document_meta.subject = lines.subject
    source = PdfFileReader(io.BytesIO(lines.pdf))
    for index, (page, x, y) in enumerate(lines.places):
        name = f"/OpenSarabanLine{index}"
        resources = generic.DictionaryObject({generic.NameObject("/XObject"): generic.DictionaryObject(
            {generic.NameObject(name): writer.import_page_as_xobject(source, page_ix=index)})})
        writer.add_stream_to_page(page, writer.add_object(generic.StreamObject(stream_data=b"q")), prepend=True)
        drawn = f"Q q 1 0 0 1 {x:.3f} {y:.3f} cm {name} Do Q".encode("ascii")
        writer.add_stream_to_page(page, writer.add_object(generic.StreamObject(stream_data=drawn)), resources)


def _stamp_box(writer: IncrementalPdfFileWriter) -> tuple[float, float, float, float]:
    """2.5 × 5 cm at the top right of the first page, half a centimetre in from its edges."""
    _, _, right, top = (float(v) for v in writer.root["/Pages"]["/Kids"][0].get_object()["/MediaBox"])
    return (right - STAMP_MARGIN - STAMP_WIDTH, top - STAMP_MARGIN - STAMP_HEIGHT, right - STAMP_MARGIN,
            top - STAMP_MARGIN)


def archive(pdf: bytes, *, validation: ValidationContext, tsa: TimeStamper) -> bytes:
    """B-LTA: the validation data of every signature and timestamp in the document security store, then a document
    timestamp over it all (or, on a letter archived before, the next timestamp of the chain)."""
    stamper = signers.PdfTimeStamper(tsa)
    reader = PdfFileReader(io.BytesIO(pdf))
    out = io.BytesIO()
    try:
        if any(s.sig_object.get("/Type") == "/DocTimeStamp" for s in reader.embedded_signatures):
            stamper.update_archival_timestamp_chain(reader, validation, in_place=False, output=out)
        else:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
            stamper.timestamp_pdf(writer, "sha256", validation_context=validation, output=out)
    except TimestampRequestError as down:
        raise TimestampUnavailable(str(down)) from down
    return out.getvalue()


def _sign(writer: IncrementalPdfFileWriter, meta: signers.PdfSignatureMetadata, *, tokens: TokenStore,
          credential: Credential, pin: str, box: Box | None, appearance: bytes | None, tsa: TimeStamper) -> bytes:
    """Signs the field `meta` names: a new one at `box`, or the existing empty one of that name."""
    field_spec = None
    if box is not None:
        field_spec = fields.SigFieldSpec(meta.field_name, on_page=box.page, box=(box.x1, box.y1, box.x2, box.y2))
    style = None
    if appearance is not None:
        style = StaticStampStyle(background=_PdfPage(appearance), border_width=0, background_layout=_FILL)
    out = io.BytesIO()
    with tokens.session(credential.token_label, pin) as session:
        # Without the root (embed_roots=False): validators trust a root from their own store, never from the
        # signature, and archiving (B-LTA) puts what validation needs in the document security store.
        signer = TokenSigner(session, key_label=KEY_LABEL, signing_cert=credential.certificate,
                             ca_chain=list(credential.chain), use_raw_mechanism=True, embed_roots=False)
        pdf_signer = signers.PdfSigner(meta, signer, timestamper=tsa, stamp_style=style, new_field_spec=field_spec)

        async def signing() -> None:
            room = _room_for_signature(credential, await tsa.async_dummy_response("sha256"))
            await pdf_signer.async_sign_pdf(writer, output=out, bytes_reserved=room)

        try:
            asyncio.run(signing())
        except TimestampRequestError as down:
            raise TimestampUnavailable(str(down)) from down
        except SigningError as failed:
            if isinstance(failed.__cause__, TimestampRequestError):
                raise TimestampUnavailable(str(failed.__cause__)) from failed
            if _TOO_LARGE in str(failed):
                raise SignatureTooLarge(str(failed)) from failed
            raise TokenUnavailable(str(failed)) from failed
    return out.getvalue()


# Room in the signature's /Contents beyond its certificates and the timestamp token, in bytes. Measured with the
# test PKI (P-256 key, a 105-byte issuer name): 580 bytes (the signed attributes, the signature value, the signer's
# identifier, algorithm identifiers, CMS framing). The issuer's name is counted apart (_room_for_signature: it
# appears twice, a Thai CA's can be long); 2048 covers the rest for an RSA-4096 key (a 512-byte signature and
# RSA-PSS parameters, about 520 bytes more) and the real timestamp token differing from the one the TSA gave for
# sizing (serial number, nonce, time), with room to spare. pyHanko's own estimate is a whole dry-run signature plus
# 50%: more CPU on every signature and more hex for every verification to read.
_CMS_ROOM = 2048
_TOO_LARGE = "Final ByteRange payload larger than expected"  # pyHanko's SigningError when the CMS does not fit


class SignatureTooLarge(Exception):
    """The signature did not fit the room reserved for it (_CMS_ROOM): nothing was signed; a defect to fix, not to
    retry."""


def _room_for_signature(credential: Credential, token: cms.ContentInfo) -> int:
    """Hex digits to reserve for the signature: twice its size in bytes, as /Contents holds it in hex. The
    certificates are those pyHanko embeds: the signer's and its CA certificates but the root, and the signer's once
    more (pyHanko adds it to the set it made of them)."""
    embedded = {cert.dump() for cert in (credential.certificate, *credential.chain) if cert.self_signed == "no"}
    size = sum(map(len, embedded)) + len(credential.certificate.dump()) + len(token.dump()) \
        + 2 * len(credential.certificate.issuer.dump()) + _CMS_ROOM
    return 2 * size


_FILL = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                                   margins=layout.Margins.uniform(0))


class _PdfPage(content.PdfContent):
    """The first page of a PDF held in memory, drawn as a form XObject (pyHanko's ImportedPdfPage reads a file)."""

    def __init__(self, pdf: bytes) -> None:
        self.pdf = pdf
        super().__init__()

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.pdf)), page_ix=0)
        name = "/Import" + binascii.hexlify(uuid.uuid4().bytes).decode("ascii")
        self.resources.xobject[name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode("ascii") + b" Do"
