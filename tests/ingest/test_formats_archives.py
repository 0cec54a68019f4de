"""DOCX, EPUB, PDF and WARC readers: the text they find, and the files they refuse.

Every sample is built here (zipfile with hand-written XML, warcio's writer, a PDF written by
hand) from sentences written for these tests.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest

from variorum.cli import main
from variorum.errors import EncodingError, FormatError, InputError
from variorum.ingest import read_source
from variorum.ingest.formats import READERS
from variorum.ingest.formats import pdf as pdf_module
from variorum.ingest.formats.package import read_docx, read_epub
from variorum.ingest.formats.pdf import join_hyphenated, read_pdf, strip_furniture
from variorum.ingest.formats.warc import read_warc
from variorum.ingest.formats.zipsafe import SafeZip, gunzip
from variorum.ingest.options import ReadOptions

OPTIONS = ReadOptions()

# ---------------------------------------------------------------------------------------------
# Builders

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')


def zip_bytes(members: Mapping[str, bytes | str],
              compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def document_xml(body: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W_NS}" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<w:body>{body}<w:sectPr/></w:body></w:document>')


def docx(body: str, prolog: str = "") -> bytes:
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES,
                      "word/document.xml": document_xml(body, prolog)})


def run_(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


TRACKED = (
    "<w:p>" + run_("The committee met on ")
    + '<w:del w:id="1" w:author="Ed"><w:r><w:delText>Monday</w:delText></w:r></w:del>'
    + '<w:ins w:id="2" w:author="Ed"><w:r><w:t>Thursday</w:t></w:r></w:ins>'
    + run_(" in the long room.") + "</w:p>"
    + "<w:p>" + run_("Nobody spoke against it.") + "</w:p>"
)

CONTAINER = ('<?xml version="1.0"?><container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
             '<rootfile full-path="OEBPS/content.opf" '
             'media-type="application/oebps-package+xml"/></rootfiles></container>')


def xhtml(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>{doctype}'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Not text</title>'
            f'<style>p {{ margin: 0 }}</style></head><body>{body}</body></html>')


def epub(chapters: Mapping[str, str | bytes], spine: list[str],
         extra: dict[str, bytes | str] | None = None, manifest_extra: str = "") -> bytes:
    items = "".join(f'<item id="{name}" href="{name}" media-type="application/xhtml+xml"/>'
                    for name in chapters)
    refs = "".join(f'<itemref idref="{name}"/>' for name in spine)
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
           '<metadata/>'
           f'<manifest>{items}{manifest_extra}</manifest><spine>{refs}</spine></package>')
    members: dict[str, bytes | str] = {"mimetype": "application/epub+zip",
                                       "META-INF/container.xml": CONTAINER,
                                       "OEBPS/content.opf": opf}
    members.update({f"OEBPS/{name}": content for name, content in chapters.items()})
    members.update(extra or {})
    return zip_bytes(members)


def pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one line of Helvetica text per string, written by hand (offsets and all)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects: dict[int, bytes] = {}
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = " ".join(f"{page} 0 R" for page in page_ids)
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()
    objects[3] = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                  b"/Encoding /WinAnsiEncoding >>")
    for page, lines in zip(page_ids, pages, strict=True):
        shown = " ".join(f"({escape(line)}) Tj T*" for line in lines)
        content = f"BT /F1 11 Tf 14 TL 72 740 Td {shown} ET".encode("cp1252")
        objects[page] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                         f"<< /Font << /F1 3 0 R >> >> /Contents {page + 1} 0 R >>").encode()
        objects[page + 1] = (b"<< /Length %d >>\nstream\n" % len(content) + content
                             + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


Record = tuple[str, str, str, bytes, str]
DATE = "2024-05-01T12:00:00Z"


def warc(records: list[Record], compress: bool = False,
         extra_headers: list[tuple[str, str]] | None = None) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for uri, status, content_type, body, date in records:
        headers = [("Content-Type", content_type)] + (extra_headers or [])
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                           http_headers=http,
                                           warc_headers_dict={"WARC-Date": date})
        writer.write_record(record)
    return out.getvalue()


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(code: int, err: str, name: str) -> None:
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("variorum: error: ") and name in err
    assert "Traceback" not in err


def test_readers_are_registered() -> None:
    assert {"docx", "epub", "pdf", "warc"} <= set(READERS)


# ---------------------------------------------------------------------------------------------
# DOCX

def test_docx_paragraphs_tabs_and_breaks() -> None:
    body = ("<w:p>" + run_("First line,") + "<w:r><w:tab/><w:t>after a tab</w:t><w:br/>"
            "<w:t>after a break.</w:t></w:r></w:p>"
            "<w:p/>"
            "<w:p><w:hyperlink><w:r><w:t>Linked words</w:t></w:r></w:hyperlink>"
            "<w:r><w:noBreakHyphen/><w:t>end.</w:t></w:r></w:p>")
    [part] = read_docx(docx(body), "plain.docx", OPTIONS)
    assert part.text == "First line,\tafter a tab\nafter a break.\n\nLinked words\u2011end."
    assert (part.format, part.encoding, part.encoding_reason, part.name) == (
        "docx", "utf-8", "XML in a DOCX package", None)


def test_docx_tracked_changes_give_original_and_revised() -> None:
    original, revised = read_docx(docx(TRACKED), "draft.docx", OPTIONS)
    assert original.name == "original" and revised.name == "revised"
    assert original.text == "The committee met on Monday in the long room.\n" \
                            "Nobody spoke against it."
    assert revised.text == "The committee met on Thursday in the long room.\n" \
                           "Nobody spoke against it."


def test_docx_moves_paragraph_marks_and_rows() -> None:
    body = (
        # A sentence moved from the first paragraph to the second.
        "<w:p>" + run_("Alpha stays.")
        + '<w:moveFrom w:id="3" w:author="Ed"><w:r><w:delText> Beta moves.</w:delText>'
        + "</w:r></w:moveFrom></w:p>"
        # A paragraph mark inserted: originally this and the next paragraph were one.
        + '<w:p><w:pPr><w:rPr><w:ins w:id="4" w:author="Ed"/></w:rPr></w:pPr>'
        + run_("Gamma splits") + "</w:p>"
        + "<w:p>" + run_(" here.") + '<w:moveTo w:id="5" w:author="Ed"><w:r>'
        + "<w:t> Beta moves.</w:t></w:r></w:moveTo></w:p>"
        # A table row deleted as a whole.
        + "<w:tbl><w:tr><w:trPr><w:del w:id=\"6\" w:author=\"Ed\"/></w:trPr><w:tc><w:p>"
        + run_("Old row.") + "</w:p></w:tc></w:tr><w:tr><w:tc><w:p>" + run_("Kept row.")
        + "</w:p></w:tc></w:tr></w:tbl>"
    )
    original, revised = read_docx(docx(body), "moves.docx", OPTIONS)
    assert original.text == "Alpha stays. Beta moves.\nGamma splits here.\nOld row.\nKept row."
    assert revised.text == "Alpha stays.\nGamma splits\n here. Beta moves.\nKept row."


def test_docx_text_box_once_and_field_codes_hidden() -> None:
    box = ("<w:txbxContent><w:p>" + run_("Boxed words.") + "</w:p></w:txbxContent>")
    body = ("<w:p>" + run_("Before the box. ")
            + "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>"
            + box + "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>" + box
            + "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
            + "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
            + "<w:r><w:instrText> PAGE </w:instrText></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" + run_("7")
            + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>")
    [part] = read_docx(docx(body), "box.docx", OPTIONS)
    assert part.text == "Before the box. Boxed words.\n\n7"


def test_docx_end_to_end_gives_two_witnesses(tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(docx(TRACKED))
    witnesses = read_source(str(path))
    assert [w.id for w in witnesses] == ["draft#original", "draft#revised"]
    assert witnesses[0].format == "docx" and witnesses[0].source == str(path)
    assert witnesses[0].sha256 == witnesses[1].sha256


def test_cli_collates_the_tracked_changes_of_one_docx(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "draft.docx").write_bytes(docx(TRACKED))
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["collate", "draft.docx", "--format", "json"], capsys)
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert [w["id"] for w in doc["witnesses"]] == ["draft#original", "draft#revised"]
    assert all(w["format"] == "docx" and w["source"] == "draft.docx" for w in doc["witnesses"])
    [variant] = doc["variants"]
    readings = variant["readings"]
    assert readings["draft#original"]["text"] == "Monday"
    assert readings["draft#revised"]["text"] == "Thursday"
    assert readings["draft#original"]["start"] == len("The committee met on ")


def test_docx_entities_are_refused(tmp_path: Path) -> None:
    laughs = ('<!DOCTYPE w:document [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY file SYSTEM "file:///etc/hostname">]>')
    path = tmp_path / "laughs.docx"
    path.write_bytes(docx("<w:p><w:r><w:t>&lol2;&file;</w:t></w:r></w:p>", prolog=laughs))
    with pytest.raises(FormatError, match=r"laughs\.docx: word/document\.xml declares XML "
                                          "entities, which are refused"):
        read_source(str(path))


def test_zip_that_is_neither_docx_nor_epub(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(zip_bytes({"notes.txt": "Just some notes."}))
    code, _, err = cli(["collate", str(path), str(path)], capsys)
    one_line_error(code, err, "notes.docx")
    assert "not a DOCX or EPUB (word/document.xml is missing)" in err


def test_docx_with_xml_that_is_not_well_formed() -> None:
    data = zip_bytes({"word/document.xml": "<w:document><w:body><w:p>"})
    with pytest.raises(FormatError, match=r"bad\.docx: word/document\.xml is not well-formed"):
        read_docx(data, "bad.docx", OPTIONS)


# ---------------------------------------------------------------------------------------------
# EPUB

def test_epub_follows_the_spine_and_drops_scripts() -> None:
    chapters = {
        "b.xhtml": xhtml("<h1>Chapter Two</h1><p>The second   chapter\n  begins.</p>"
                         "<script>var hidden = 'not text';</script>"),
        "a.xhtml": xhtml("<h1>Chapter One</h1><div><p>First <em>words</em> here.</p>"
                         "<p>Line one<br/>line two</p></div>"),
    }
    [part] = read_epub(epub(chapters, spine=["a.xhtml", "b.xhtml"]), "book.epub", OPTIONS)
    assert part.text == ("Chapter One\nFirst words here.\nLine one\nline two\n\n"
                         "Chapter Two\nThe second chapter begins.")
    assert (part.format, part.encoding, part.encoding_reason) == (
        "epub", "utf-8", "XML in an EPUB package")


def test_epub_xhtml11_entities_and_tag_soup() -> None:
    doctype = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
               '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">')
    chapters = {
        "one.xhtml": xhtml("<p>Ten&nbsp;pounds &amp; &#233;clat.</p>", doctype),
        "two.xhtml": "<html><body><p>Unclosed paragraph<p>and another<br></body></html>",
    }
    [part] = read_epub(epub(chapters, spine=["one.xhtml", "two.xhtml"]), "old.epub", OPTIONS)
    assert part.text == "Ten\xa0pounds & éclat.\n\nUnclosed paragraph\nand another"


def test_epub_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(epub({"c.xhtml": xhtml("<p>A short book.</p>")}, spine=["c.xhtml"]))
    [witness] = read_source(str(path))
    assert (witness.id, witness.text, witness.format) == ("book", "A short book.", "epub")


def test_epub_ignores_hrefs_outside_the_archive() -> None:
    outside = '<item id="evil" href="../../secret.xhtml" media-type="application/xhtml+xml"/>'
    opf_spine = ["c.xhtml"]
    outside += ('<item id="far" href="http://example.org/far.xhtml" '
                'media-type="application/xhtml+xml"/>')
    data = epub({"c.xhtml": xhtml("<p>Inside.</p>")}, spine=opf_spine, manifest_extra=outside,
                extra={"secret.xhtml": xhtml("<p>Never read.</p>")})
    data = data.replace(b'<itemref idref="c.xhtml"/>',
                        b'<itemref idref="evil"/><itemref idref="far"/>'
                        b'<itemref idref="c.xhtml"/>')
    [part] = read_epub(data, "book.epub", OPTIONS)
    assert part.text == "Inside."


def test_epub_damage_is_named() -> None:
    no_container = zip_bytes({"mimetype": "application/epub+zip"})
    with pytest.raises(FormatError, match=r"x\.epub: not a readable EPUB: META-INF/container"):
        read_epub(no_container, "x.epub", OPTIONS)
    missing = epub({"c.xhtml": xhtml("<p>Here.</p>")}, spine=["c.xhtml"])
    missing = missing.replace(b"OEBPS/c.xhtml", b"OEBPS/z.xhtml")
    with pytest.raises(FormatError, match=r"x\.epub: not a readable EPUB: OEBPS/c\.xhtml is "
                                          "missing"):
        read_epub(missing, "x.epub", OPTIONS)
    entities = epub({"c.xhtml": '<!DOCTYPE html [<!ENTITY x "y">]><html><body>&x;</body></html>'},
                    spine=["c.xhtml"])
    with pytest.raises(FormatError, match="declares XML entities"):
        read_epub(entities, "x.epub", OPTIONS)


def test_epub_tag_soup_is_decoded_like_any_text() -> None:
    # Not well-formed and not UTF-8: decoded by decode() (which says why), then read as HTML.
    soup = "<html><body><p>Caf\xe9 and <b>bold</p></body></html>".encode("latin-1")
    data = epub({"c.xhtml": soup}, spine=["c.xhtml"])
    [part] = read_epub(data, "x.epub", OPTIONS)
    assert part.text == "Café and bold"
    assert part.encoding_reason is not None
    assert part.encoding_reason.startswith("XML in an EPUB package (OEBPS/c.xhtml read as HTML: ")
    override = ReadOptions(encoding="ascii")
    with pytest.raises(EncodingError, match=r"x\.epub \(OEBPS/c\.xhtml\): "):
        read_epub(data, "x.epub", override)


# ---------------------------------------------------------------------------------------------
# ZIP safety (DOCX and EPUB share it)

def test_zip_bomb_is_refused_by_ratio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filler = b"<w:p/>" * 1_000_000  # 6 MB of XML that deflates about 1000:1
    data = zip_bytes({"word/document.xml": document_xml("").encode() + filler})
    assert len(data) < 60_000
    path = tmp_path / "bomb.docx"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"bomb\.docx: member word/document\.xml is "
                                         r"compressed more than 100:1"):
        read_source(str(path))
    code, _, err = cli(["collate", str(path), str(path)], capsys)
    one_line_error(code, err, "bomb.docx")


def test_zip_total_is_bounded_by_max_bytes() -> None:
    text = "".join(f"<w:p>{run_(f'Paragraph {n} of a long document.')}</w:p>"
                   for n in range(2000))
    data = docx(text)
    options = ReadOptions(max_bytes=len(data) * 2)  # the file fits, what it unpacks to not
    with pytest.raises(InputError, match=r"long\.docx: member word/document\.xml unpacks to "
                                         "more than the limit"):
        read_docx(data, "long.docx", options)
    assert read_docx(data, "long.docx", OPTIONS)[0].text.count("\n") == 1999


def _patch_sizes(data: bytes, claimed: int) -> bytes:
    """Make both the local header and the central directory claim ``claimed`` bytes."""
    patched = bytearray(data)
    local = patched.find(b"PK\x03\x04")
    struct.pack_into("<I", patched, local + 22, claimed)
    central = patched.find(b"PK\x01\x02")
    struct.pack_into("<I", patched, central + 24, claimed)
    return bytes(patched)


def test_zip_header_sizes_are_not_trusted() -> None:
    data = zip_bytes({"word/document.xml": document_xml(
        "<w:p>" + run_("Words " * 400_000) + "</w:p>")})
    lying = _patch_sizes(data, 100)  # claims 100 bytes, holds 2.4 MB
    with pytest.raises(InputError) as caught:
        read_docx(lying, "liar.docx", OPTIONS)
    assert "liar.docx" in str(caught.value)


def test_unsafe_member_names_are_ignored() -> None:
    data = zip_bytes({"word/document.xml": document_xml("<w:p>" + run_("Safe.") + "</w:p>"),
                      "../../outside.txt": "x", "/etc/absolute.txt": "y",
                      "word\\..\\..\\windows.txt": "z", "C:/drive.txt": "w"})
    package = SafeZip(data, "names.docx", OPTIONS, "DOCX")
    assert package.names() == ["word/document.xml"]
    assert "../../outside.txt" not in package
    assert read_docx(data, "names.docx", OPTIONS)[0].text == "Safe."


def _flag_encrypted(data: bytes) -> bytes:
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = patched.find(signature)
        while at >= 0:
            flags = struct.unpack_from("<H", patched, at + offset)[0]
            struct.pack_into("<H", patched, at + offset, flags | 0x1)
            at = patched.find(signature, at + 4)
    return bytes(patched)


def test_encrypted_member_is_refused() -> None:
    data = _flag_encrypted(docx("<w:p>" + run_("Secret.") + "</w:p>"))
    with pytest.raises(InputError, match=r"locked\.docx: word/document\.xml is encrypted"):
        read_docx(data, "locked.docx", OPTIONS)


def test_truncated_and_malformed_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = docx(TRACKED)
    for name, content in (("cut.docx", data[: len(data) // 2]),
                          ("junk.docx", b"PK\x03\x04" + b"\x00" * 200),
                          ("tail.epub", b"PK\x03\x04" + bytes(range(256)) * 4)):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(FormatError, match=name.replace(".", r"\.") + ": not a readable"):
            read_source(str(path))
        code, _, err = cli(["collate", str(path), str(path)], capsys)
        one_line_error(code, err, name)


def test_damaged_member_data_is_a_format_error() -> None:
    data = bytearray(docx("<w:p>" + run_("Damaged words. " * 50) + "</w:p>"))
    start = data.find(b"PK\x03\x04") + 30 + len("[Content_Types].xml")
    second = data.find(b"PK\x03\x04", start)
    data_start = second + 30 + len("word/document.xml")
    data[data_start + 10: data_start + 30] = b"\xff" * 20
    with pytest.raises(FormatError, match=r"hurt\.docx: word/document\.xml is damaged"):
        read_docx(bytes(data), "hurt.docx", OPTIONS)


def test_other_compression_methods_are_refused() -> None:
    data = zip_bytes({"word/document.xml": document_xml("<w:p/>")}, zipfile.ZIP_BZIP2)
    with pytest.raises(FormatError, match="compression method 12"):
        read_docx(data, "bz.docx", OPTIONS)


# ---------------------------------------------------------------------------------------------
# PDF

BOOK = [
    ["THE ASSEMBLY", "The delegates met in the inter-", "national hall at noon and", "1"],
    ["2  ON PROCEDURE", "argued about the Anglo-", "Saxon forms of ad-", "- 2 -"],
    ["THE ASSEMBLY", "dress until the chair closed", "the sitting in 1936-", "3"],
    ["4  ON PROCEDURE", "37 terms.", "- 4 -"],
]


def test_pdf_text_without_page_furniture() -> None:
    # Running heads (alternating, with page numbers), page numbers at the foot, and words
    # hyphenated across lines and across pages.
    [part] = read_pdf(pdf(BOOK), "book.pdf", OPTIONS)
    assert part.text == ("The delegates met in the international hall at noon and\n"
                         "argued about the Anglo-\nSaxon forms of address until the chair "
                         "closed\nthe sitting in 1936-\n37 terms.")
    assert (part.format, part.encoding, part.encoding_reason, part.name) == (
        "pdf", None, "text layer of a PDF", None)


def test_pdf_furniture_helpers() -> None:
    pages = ["Body first.\nMore body.", "Body again.\nStill body."]
    assert strip_furniture(pages) == pages  # nothing recurs, nothing is a page number
    # A line of text between the edge and a recurring line keeps it.
    assert strip_furniture(["Head\nText one.", "Text two.\nHead\nText three."]) == [
        "Text one.", "Text two.\nHead\nText three."]
    assert join_hyphenated("co-\noperate and re-\n  enter, but X-\nRay") == \
        "cooperate and reenter, but X-\nRay"


def test_pdf_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "1936.pdf"
    path.write_bytes(pdf([["A single page of text."]]))
    [witness] = read_source(str(path))
    assert (witness.id, witness.text, witness.format) == ("1936", "A single page of text.", "pdf")


def test_pdf_without_text_layer() -> None:
    with pytest.raises(InputError, match=r"scan\.pdf: has no text layer"):
        read_pdf(pdf([[], []]), "scan.pdf", OPTIONS)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "bad-xref", "header-only"])
def test_damaged_pdf_is_one_line_and_quiet(
        damage: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    good = pdf([["Some words on a page."]])
    content = {
        "truncated": good[:40],
        "garbage": b"%PDF-1.4\n" + bytes(range(256)) * 8,
        "bad-xref": good.replace(b"startxref\n", b"startxref\n9"),
        "header-only": b"%PDF-1.7\n",
    }[damage]
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    logging.getLogger("pypdf").setLevel(logging.NOTSET)
    code = main(["collate", f"a={path}", f"b={path}"])
    captured = capfd.readouterr()
    if code == 0:  # pypdf may recover some files (a broken xref is rebuilt): that is fine
        assert captured.err == ""
        return
    one_line_error(code, captured.err, "bad.pdf")
    assert logging.getLogger("pypdf").level == logging.NOTSET  # restored


def test_encrypted_pdf_needs_its_password() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf([["Confidential minutes."]]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="sesame", owner_password="sesame", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InputError, match=r"locked\.pdf: is encrypted with a password"):
        read_pdf(out.getvalue(), "locked.pdf", OPTIONS)

    # Encrypted only against copying, with an empty password to read: read.
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf([["Open minutes."]]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert read_pdf(out.getvalue(), "open.pdf", OPTIONS)[0].text == "Open minutes."


def test_pdf_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 2)
    with pytest.raises(InputError, match=r"long\.pdf: has 3 pages, more than the 2 read"):
        read_pdf(pdf([["One."], ["Two."], ["Three."]]), "long.pdf", OPTIONS)


# ---------------------------------------------------------------------------------------------
# WARC

PAGES: list[Record] = [
    ("http://example.org/minutes", "200 OK", "text/html; charset=iso-8859-1",
     ("<html><head><title>Minutes</title><script>track()</script></head><body>"
      "<h1>Minutes of the caf\xe9 meeting</h1><p>The members agreed to paint the door.</p>"
      "</body></html>").encode("latin-1"), DATE),
    ("http://example.org/gone", "404 Not Found", "text/html", b"<p>Not here.</p>", DATE),
    ("http://example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n", DATE),
    ("http://example.org/notes.txt", "200 OK", "text/plain",
     "Plain notes, in UTF-8: na\u00efve.".encode(), "2024-05-02T08:30:00Z"),
    ("http://example.org/meta", "200 OK", "text/html",
     b'<html><head><meta charset="windows-1252"></head><body><p>Quoted \x93here\x94.</p>'
     b"</body></html>", DATE),
]


@pytest.mark.parametrize("compress", [False, True])
def test_warc_one_part_per_page(compress: bool) -> None:
    parts = read_warc(warc(PAGES, compress), "capture.warc", OPTIONS)
    assert [p.name for p in parts] == [
        f"http://example.org/minutes@{DATE}", "http://example.org/notes.txt@2024-05-02T08:30:00Z",
        f"http://example.org/meta@{DATE}"]
    minutes, notes, meta = parts
    assert "Minutes of the café meeting" in minutes.text
    assert "The members agreed to paint the door." in minutes.text
    assert "track()" not in minutes.text
    assert minutes.encoding_reason == "HTTP Content-Type header"
    assert notes.text == "Plain notes, in UTF-8: naïve."
    assert (notes.encoding, notes.encoding_reason) == ("utf-8", "valid UTF-8")
    assert "Quoted “here”." in meta.text and meta.encoding_reason == "HTML meta"
    assert all(p.format == "warc" for p in parts)


def test_warc_end_to_end_and_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    pages: list[Record] = [
        ("http://example.org/a", "200 OK", "text/plain", b"The door was painted red.", DATE),
        ("http://example.org/a", "200 OK", "text/plain", b"The door was painted blue.",
         "2024-06-01T00:00:00Z")]
    (tmp_path / "capture.warc.gz").write_bytes(warc(pages, compress=True))
    witnesses = read_source(str(tmp_path / "capture.warc.gz"))
    assert [w.id for w in witnesses] == [f"capture#http://example.org/a@{DATE}",
                                         "capture#http://example.org/a@2024-06-01T00:00:00Z"]
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["collate", "capture.warc.gz", "--format", "json"], capsys)
    assert code == 0 and err == ""
    [variant] = json.loads(out)["variants"]
    assert sorted(r["text"] for r in variant["readings"].values()) == ["blue", "red"]


def test_warc_same_capture_twice_keeps_names_distinct() -> None:
    page: Record = ("http://example.org/x", "200 OK", "text/plain", b"Twice captured.", DATE)
    names = [p.name for p in read_warc(warc([page, page]), "twice.warc", OPTIONS)]
    assert names == [f"http://example.org/x@{DATE}", f"http://example.org/x@{DATE}~2"]


def test_warc_without_usable_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(warc([PAGES[1], PAGES[2]]))
    with pytest.raises(InputError, match=r"empty\.warc: holds no HTML or plain-text page"):
        read_source(str(path))
    code, _, err = cli(["collate", str(path), str(path)], capsys)
    one_line_error(code, err, "empty.warc")


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_warc(compress: bool, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    data = warc(PAGES, compress)
    for cut in (len(data) - 7, len(data) // 2, 60):
        path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
        path.write_bytes(data[:cut])
        with pytest.raises(FormatError, match=r"cut\.warc(\.gz)?: (truncated|damaged)"):
            read_source(str(path))
        code, _, err = cli(["collate", str(path), str(path)], capsys)
        one_line_error(code, err, "cut.warc")


def test_gzip_that_is_not_a_warc() -> None:
    with pytest.raises(FormatError, match=r"notes\.gz: not a WARC archive \(gzip-compressed"):
        read_warc(gzip.compress(b"Some plain notes."), "notes.gz", OPTIONS)
    with pytest.raises(FormatError, match=r"x\.warc\.gz: damaged gzip data"):
        read_warc(b"\x1f\x8b\x08\x00" + b"\xff" * 40, "x.warc.gz", OPTIONS)


def test_gzip_bomb_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = gzip.compress(b"WARC/1.0\r\n" + b"\x00" * 30_000_000)
    assert len(bomb) < 100_000
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(bomb)
    with pytest.raises(InputError, match=r"bomb\.warc\.gz: the gzip data is compressed more "
                                         "than 100:1"):
        read_source(str(path))
    code, _, err = cli(["collate", str(path), str(path)], capsys)
    one_line_error(code, err, "bomb.warc.gz")
    small = ReadOptions(max_bytes=200_000)
    with pytest.raises(InputError, match="unpacks to more than the limit of 200,000 bytes"):
        gunzip(gzip.compress(b"x" * 300_000), "big.gz", small)


def test_gzip_members_and_padding() -> None:
    data = gzip.compress(b"first ") + gzip.compress(b"second") + b"\x00" * 512
    assert gunzip(data, "two.gz", OPTIONS) == b"first second"
    with pytest.raises(FormatError, match="no gzip member at byte offset"):
        gunzip(gzip.compress(b"first") + b"trailing junk", "junk.gz", OPTIONS)


def test_content_encoding_bomb_is_refused() -> None:
    body = gzip.compress(b" " * 20_000_000)
    page: Record = ("http://example.org/bomb", "200 OK", "text/html", body, DATE)
    data = warc([page], extra_headers=[("Content-Encoding", "gzip")])
    with pytest.raises(InputError, match=r"w\.warc: the record of http://example\.org/bomb is "
                                         "compressed more than 100:1"):
        read_warc(data, "w.warc", OPTIONS)


def test_content_encoding_is_undone() -> None:
    body = gzip.compress(b"<p>Compressed on the wire.</p>")
    page: Record = ("http://example.org/z", "200 OK", "text/html; charset=utf-8", body, DATE)
    data = warc([page], extra_headers=[("Content-Encoding", "gzip")])
    assert "Compressed on the wire." in read_warc(data, "z.warc", OPTIONS)[0].text
