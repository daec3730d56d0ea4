"""What the importer accepts as a story file (issue 9, finding 11): Word documents import,
binary files (random bytes, PDFs) are refused with one clear line and change nothing."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.cli import main
from ficarchive.formats import FormatError, parse
from ficarchive.works.models import Work

STORY = "Quiet Hours by Linnet Shaw\n\nThe clocks stopped at three.\n\nNobody minded.\n"
RANDOM = random.Random(9).randbytes(20_000)
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    + b"stream\nBT (Hello) Tj ET\n" * 50
)


def docx_bytes(*paragraphs: str) -> bytes:
    import zipfile

    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.django_db
def test_cli_imports_a_word_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "quiet.docx"
    path.write_bytes(docx_bytes("Quiet Hours by Linnet Shaw", "The clocks stopped at three."))
    assert main(["import", str(path)]) == 0
    work = Work.objects.get()
    assert work.title == "Quiet Hours"
    assert "The clocks stopped at three." in work.chapters.get().body_text


@pytest.mark.django_db
def test_cli_imports_word_documents_inside_a_zip(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "stories.zip", "w") as archive:
        archive.writestr("quiet.docx", docx_bytes("Quiet Hours by Linnet Shaw", "Clocks."))
    assert main(["import", str(tmp_path / "stories.zip")]) == 0
    assert Work.objects.get().title == "Quiet Hours"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("noise.txt", RANDOM, "is not a text file"), ("paper.pdf", PDF, "is a PDF")],
)
def test_cli_refuses_binary_files_with_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(data)
    assert main(["import", str(tmp_path / name)]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"failed: {tmp_path / name}: the file {message}" in err
    assert Work.objects.count() == 0


@pytest.mark.parametrize("data", [RANDOM, PDF, b"\x00\x01\x02\x03" * 500])
def test_parse_refuses_binary_data(data: bytes) -> None:
    with pytest.raises(FormatError):
        parse(data, name="x.txt")


def test_a_story_with_one_stray_control_character_imports_without_it() -> None:
    work = parse(STORY.replace("three.", "three.\x1a").encode(), name="quiet.txt")
    assert work.title == "Quiet Hours"
    assert work.chapters[0].plain_text == "The clocks stopped at three.\nNobody minded."


def test_utf16_text_without_a_byte_order_mark_still_imports() -> None:
    work = parse(STORY.encode("utf-16-le"), name="quiet.txt")
    assert work.title == "Quiet Hours"


@pytest.mark.django_db
def test_member_uploading_a_binary_chapter_file_gets_a_clear_error(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    response = client.post(
        "/works/new/",
        {
            "title": "Noise", "fandoms": "Saltwind", "rating": "teen",
            "warnings": ["No Archive Warnings Apply"], "language": "en", "text_format": "html",
            "text_file": SimpleUploadedFile("noise.txt", RANDOM), "visibility": "public",
            "action": "draft",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "noise.txt: the file is not a text file" in response.content.decode()
    assert Work.objects.count() == 0
