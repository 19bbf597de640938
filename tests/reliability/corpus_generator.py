"""Write a raw folder holding every kind of bad input the pipeline must survive.

``generate(root)`` returns {source_file: expected ingest status}. The names are
the raw files' relative paths as ``ingest`` reports them, so a test can compare
the two mappings directly. Everything is deterministic (seeded bytes), except
that the permission case is only written when not running as root (root reads
a chmod 000 file anyway; ``PERMISSION_CASE`` says whether it was written).

Run as a script to look at the corpus: ``python tests/reliability/corpus_generator.py DIR``.
"""
from __future__ import annotations

import os
import random
import socket
import sys
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252, used to make real mojibake)

LARGE_MB = 50

ARTICLE = """Pakistan and China Sign Energy Accords
By Ayesha Khan
12 March 2024

ISLAMABAD: Pakistan and China signed three agreements on energy, roads and water on Tuesday, the foreign office said.
Foreign Minister Ishaq Dar met his Chinese counterpart Wang Yi in Islamabad and discussed the second phase of the economic corridor.
The two sides agreed to expand cooperation on hydropower projects in the north and to speed up work on the railway line between Karachi and Peshawar.
Mr. Dar said the talks were held in a cordial atmosphere and that both countries would hold a joint commission meeting in Beijing in May.
China pledged financial support for the Gwadar port and a new airport, while Pakistan promised better security for Chinese workers after attacks last year.
Officials said the agreements would be reviewed by the cabinet next week before the projects begin in the summer.
"""

NO_DATE = """Regional Talks Continue
Diplomats from India and Bangladesh held talks on river water sharing and border trade.
The delegations agreed to meet again and to set up a working group on the Teesta river.
"""

FRENCH = """Le président de la République a reçu le Premier ministre italien à l'Élysée.
Les deux dirigeants ont évoqué la situation en Méditerranée, la coopération énergétique et la défense européenne.
Ils ont signé une déclaration commune sur la migration et se retrouveront à Rome à l'automne.
"""

WESTERN = """Ministers met in Genève. The président said the café talks were très utiles; à bientôt, señor Muñoz.
The délégation from Zürich will return for the Übereinkommen next month, the Außenministerium said.
"""

SMART = "The minister said \u201cwe agree\u201d \u2014 and the talks\u2019 second round ended in Genève.\n"

HTML = """<!DOCTYPE html>
<html><head><title>Turkey and Greece hold talks</title><script>var tracking = 1;</script>
<style>p { color: red }</style></head>
<body><article><h1>Turkey and Greece hold talks</h1>
<p>ATHENS, 5 June 2023 (AP) &ndash; Turkey and Greece held talks on maritime borders on Monday.</p>
<p>The foreign ministers agreed to meet again in Ankara &amp; to reopen a hotline.</p></article></body></html>
"""

PERMISSION_CASE = os.geteuid() != 0

_WORDS = ("minister delegation talks border trade water treaty envoy summit agreement army navy port rail "
          "loan grant visit capital embassy council vote sanctions election parliament court aid bank oil "
          "gas pipeline harbour refugees ceasefire patrol fishing customs visa airline students doctors").split()
_NAMES = "Nepal Bhutan Maldives Myanmar Laos Oman Qatar Kenya Chile Peru Norway Ghana".split()


def filler(seed: int) -> str:
    """A short English text of its own (seeded), so unrelated fixtures are never near copies of each other."""
    rng = random.Random(seed)
    sentences = []
    for _ in range(6):
        words = [rng.choice(_NAMES)] + [rng.choice(_WORDS) for _ in range(rng.randint(8, 14))]
        sentences.append(" ".join(words) + ".")
    return "\n".join(sentences) + "\n"


def near_copy(text: str) -> str:
    """The same story republished: new headline, lines re-wrapped, one sentence added."""
    body = text.split("\n", 1)[1]
    rewrapped = " ".join(body.split()).replace(". ", ".\n")
    return "Pakistan, China Sign Three Accords\n" + rewrapped + "\nThe foreign office released photos of the ceremony.\n"


def generate(root: Path, large_mb: int = LARGE_MB) -> dict[str, str]:
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(8)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, status: str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = status

    # Clean input, and clean input under odd names.
    put("clean/article.txt", ARTICLE.encode(), "ok")
    put("clean/no_date.txt", NO_DATE.encode(), "ok")
    put("clean/french.txt", FRENCH.encode(), "ok")  # ingest keeps it; process marks unsupported_language
    put("odd/NO_EXTENSION", filler(1).encode(), "ok")
    put("odd/story.PDF", filler(2).encode(), "ok")
    put("odd/.hidden.txt", filler(3).encode(), "ok")
    put("odd/folder.txt/inner.txt", filler(4).encode(), "ok")  # a folder named like a file
    odd_name = os.fsdecode(b"odd/latin1-name-caf\xe9.txt")  # a file name that is not UTF-8
    put(odd_name, filler(5).encode(), "ok")
    expected[b"odd/latin1-name-caf\\xe9.txt".decode()] = expected.pop(odd_name)
    put("odd/line\nbreak.txt", filler(6).encode(), "ok")

    # No text.
    put("empty/empty.txt", b"", "empty")
    put("empty/whitespace.txt", " \n\t\r\n  \u00a0\n".encode(), "empty")  # NBSP too
    put("empty/tags_only.html", b"<html><body><p> </p></body></html>", "empty")

    # Not text.
    put("binary/image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4000), "binary")
    put("binary/random.dat", bytes(b | 0x80 for b in rng.randbytes(5000)), "binary")  # no NUL, no encoding fits

    # Text that needs a repair.
    put("encoding/latin1.txt", WESTERN.encode("latin-1"), "repaired")
    put("encoding/cp1252.txt", (SMART + WESTERN).encode("cp1252"), "repaired")
    put("encoding/utf16_bom.txt", filler(7).encode("utf-16"), "repaired")
    put("encoding/utf16le_no_bom.txt", filler(8).encode("utf-16-le"), "repaired")
    put("encoding/utf8_bom.txt", b"\xef\xbb\xbf" + filler(9).encode(), "repaired")
    put("encoding/mojibake.txt", (SMART + filler(10)).encode("utf-8").decode("sloppy-windows-1252").encode("utf-8"),
        "repaired")
    put("encoding/page.html", HTML.encode(), "repaired")

    # Copies.
    put("copies/article_copy.txt", ARTICLE.encode(), "duplicate")
    put("copies/article_republished.txt", near_copy(ARTICLE).encode(), "near_duplicate")
    put("copies/article_latin1.txt", near_copy(ARTICLE).replace("Pakistan,", "Pakistán,").encode("latin-1"),
        "near_duplicate")  # same story in another encoding: near copy of the UTF-8 one

    # Too large: repeated text, written in blocks so it takes a fraction of a second.
    block = (NO_DATE * 200).encode()
    with (root / "large.txt").open("wb") as handle:
        for _ in range(large_mb * 1024 * 1024 // len(block) + 1):
            handle.write(block)
    expected["large.txt"] = "too_large"

    # Things that are not regular files, and links.
    os.mkfifo(root / "special_fifo")
    expected["special_fifo"] = "not_a_file"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "special_socket"))
    sock.close()  # the socket inode stays in the folder
    expected["special_socket"] = "not_a_file"
    (root / "links").mkdir()
    (root / "links/to_etc_hostname").symlink_to("/etc/hostname")
    expected["links/to_etc_hostname"] = "outside_root"
    (root / "links/up_and_out").symlink_to("../../")
    expected["links/up_and_out"] = "outside_root"
    (root / "links/broken").symlink_to("does-not-exist.txt")
    expected["links/broken"] = "unreadable"
    (root / "links/loop").symlink_to("loop")
    expected["links/loop"] = "unreadable"
    (root / "links/to_clean_folder").symlink_to("../clean")
    expected["links/to_clean_folder"] = "not_a_file"
    (root / "links/to_article").symlink_to("../clean/article.txt")  # inside the root: read, same bytes
    expected["links/to_article"] = "duplicate"
    if PERMISSION_CASE:
        put("denied.txt", filler(11).encode(), "unreadable")
        (root / "denied.txt").chmod(0)
    return expected


def count_raw_entries(root: Path) -> int:
    """Raw files counted independently of ingest: every entry that is not a real folder."""
    count = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        count += len(filenames) + sum(1 for d in dirnames if os.path.islink(os.path.join(dirpath, d)))
    return count


if __name__ == "__main__":  # pragma: no cover
    for name, status in sorted(generate(Path(sys.argv[1])).items()):
        print(f"{status:15} {name!r}")
