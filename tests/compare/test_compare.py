"""``variorum compare`` on small editions written here: every status, --split, --resume,
the JSON contract and CSV formula neutralisation."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from variorum.cli import main
from variorum.compare import compare_editions
from variorum.compare import tasks as compare_tasks

RIVER = ("The river rises in the northern hills and runs slowly through the wide plain "
         "before it reaches the sea beside the old harbour town.")
RADEK_1 = ("Karl Radek was a journalist and a speaker of the party. He wrote for papers in "
           "Berlin and in Moscow for twenty years. Radek was arrested in 1936 and tried in "
           "the following year.")
RADEK_2 = "Karl Radek was a journalist. He wrote for papers in Berlin and in Moscow."
PASS = ("The mountain pass climbs to two thousand metres and the road over it was built by "
        "hand in the last century by the villagers of both valleys.")
BUKHARIN = ("Nikolai Bukharin was a theorist of the party and the editor of its newspaper "
            "for many years until his fall.")
TRACTORS = "A new article on the tractors of the collective farms and the harvest they bring."
ALPHA = ("Copper is mined in the eastern hills where the shafts go down three hundred "
         "metres and the ore is carried to the smelter on carts.")
BETA = ("Tin comes from the southern mines and is sold at the great autumn fair together "
        "with wool, salt and the dried fish of the coast.")
GAMMA_ONE = ("The cathedral was begun in the twelfth century on the hill above the market "
             "and finished two hundred years later by a guild of masons.")
GAMMA_TWO = ("Its library keeps eleven thousand manuscripts, among them a gospel book "
             "written in gold letters on purple vellum for a queen.")


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def editions(tmp_path: Path) -> tuple[Path, Path]:
    first = write(tmp_path / "ed1", {
        "river.txt": RIVER, "radek.txt": RADEK_1, "pass.txt": PASS, "bukharin.txt": BUKHARIN,
        "alpha.txt": ALPHA, "beta.txt": BETA, "cathedral.txt": GAMMA_ONE + " " + GAMMA_TWO,
    })
    second = write(tmp_path / "ed2", {
        "river.txt": RIVER, "Rádek.txt": RADEK_2, "mountain pass.txt": PASS,
        "tractors.txt": TRACTORS, "metals.txt": ALPHA + " " + BETA,
        "cathedral-building.txt": GAMMA_ONE, "cathedral-library.txt": GAMMA_TWO,
    })
    return first, second


def by_key(articles: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {a["key"]: a for a in articles}


def test_every_status(editions: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = editions
    result = compare_editions([("1949", str(first)), ("1953", str(second))],
                              work_dir=tmp_path / "work")
    articles = by_key(result.articles)
    assert articles["river"]["status"] == "same"
    assert articles["river"]["similarity"] == 1.0
    radek = articles["radek"]
    assert radek["status"] == "changed"  # matched by key in spite of case and accent
    assert radek["sources"] == {"1949": "radek.txt", "1953": "Rádek.txt"}
    assert radek["words"]["1949"] > radek["words"]["1953"]
    assert radek["changed_words"] > 0 and "omission" in radek["by_class"]
    assert any("1936" in e["text"] and e["absent_from"] == ["1953"]
               for e in radek["erasures"])
    assert articles["pass"]["status"] == "renamed"
    assert articles["pass"]["sources"] == {"1949": "pass.txt", "1953": "mountain pass.txt"}
    assert articles["pass"]["similarity"] == 1.0 and "Jaccard" in articles["pass"]["reason"]
    assert articles["bukharin"]["status"] == "dropped"
    assert articles["bukharin"]["sources"]["1953"] is None
    assert articles["tractors"]["status"] == "added"
    merged = [a for a in result.articles if a["status"] == "merged"]
    assert sorted(a["sources"]["1949"] for a in merged) == ["alpha.txt", "beta.txt"]
    assert {a["sources"]["1953"] for a in merged} == {"metals.txt"}
    split = [a for a in result.articles if a["status"] == "split"]
    assert sorted(a["sources"]["1953"] for a in split) == ["cathedral-building.txt",
                                                         "cathedral-library.txt"]
    assert {a["sources"]["1949"] for a in split} == {"cathedral.txt"}
    assert result.summary["by_status"] == {"same": 1, "changed": 1, "added": 1, "dropped": 1,
                                           "renamed": 1, "merged": 2, "split": 2}
    # each article's words once in the edition's total, though merged ones stand twice
    assert result.summary["words"]["1953"] == sum(
        len(t.split()) for t in (RIVER, RADEK_2, PASS, TRACTORS, ALPHA, BETA, GAMMA_ONE,
                                 GAMMA_TWO))


def test_unrelated_articles_are_not_matched_by_content(tmp_path: Path) -> None:
    first = write(tmp_path / "a", {"one.txt": BUKHARIN})
    second = write(tmp_path / "b", {"two.txt": TRACTORS})
    result = compare_editions([("a", str(first)), ("b", str(second))],
                              work_dir=tmp_path / "work")
    assert sorted(a["status"] for a in result.articles) == ["added", "dropped"]


def test_json_follows_the_contract(editions: tuple[Path, Path], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    first, second = editions
    out = tmp_path / "comparison.json"
    assert main(["compare", f"1949={first}", f"1953={second}", "--format", "json",
                 "-o", str(out)]) == 0
    document = json.loads(out.read_text("utf-8"))
    assert document["schema"] == "variorum.comparison/1"
    assert [e["id"] for e in document["editions"]] == ["1949", "1953"]
    assert all(len(e["sha256"]) == 64 for e in document["editions"])
    for article in document["articles"]:
        assert {"key", "status", "sources", "words", "changed_words", "by_class", "erasures",
                "people_changes", "similarity", "reason"} <= set(article)
    assert document["summary"]["articles"] == len(document["articles"])
    assert "people" in document


def test_split_file_into_articles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d1.txt").write_text(
        f"RIVER\n{RIVER}\nRADEK\n{RADEK_1}\nBUKHARIN\n{BUKHARIN}\n", encoding="utf-8")
    (tmp_path / "d2.txt").write_text(
        f"River\n{RIVER}\nRADEK\n{RADEK_2}\nTRACTORS\n{TRACTORS}\n", encoding="utf-8")
    code = main(["compare", str(tmp_path / "d1.txt"), str(tmp_path / "d2.txt"),
                 "--split", r"^([A-Z][A-Za-z]+)$", "--format", "json",
                 "--work-dir", str(tmp_path / "work")])
    out = capsys.readouterr().out
    assert code == 0
    articles = by_key(json.loads(out)["articles"])
    # matched in spite of the headword's case, which is the one difference
    assert articles["RIVER"]["sources"] == {"d1": "RIVER", "d2": "River"}
    assert articles["RIVER"]["by_class"] == {"case": 1}
    assert articles["RADEK"]["status"] == "changed"
    assert articles["BUKHARIN"]["status"] == "dropped"
    assert articles["TRACTORS"]["status"] == "added"
    assert not (tmp_path / "work").exists()  # removed after a finished run


def test_one_file_without_split_is_refused(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d1.txt").write_text(RIVER, encoding="utf-8")
    write(tmp_path / "b", {"river.txt": RIVER})
    assert main(["compare", str(tmp_path / "d1.txt"), str(tmp_path / "b")]) == 1
    assert "--split" in capsys.readouterr().err


def test_resume_keeps_what_was_written(editions: tuple[Path, Path], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = editions
    pairs = [("1949", str(first)), ("1953", str(second))]
    work = tmp_path / "work"
    real = compare_tasks._result
    calls: list[int] = []

    def interrupted(task: compare_tasks.CollateTask, contents: list[bytes]) -> Any:
        if len(calls) == 4:
            raise KeyboardInterrupt
        calls.append(task.number)
        return real(task, contents)

    monkeypatch.setattr(compare_tasks, "_result", interrupted)
    with pytest.raises(KeyboardInterrupt):
        compare_editions(pairs, work_dir=work)
    assert len(list((work / "results").glob("*.json"))) == 4

    counted: list[int] = []

    def counting(task: compare_tasks.CollateTask, contents: list[bytes]) -> Any:
        counted.append(task.number)
        return real(task, contents)

    monkeypatch.setattr(compare_tasks, "_result", counting)
    resumed = compare_editions(pairs, work_dir=work, resume=True)
    total = len(list((work / "results").glob("*.json")))
    assert len(counted) == total - 4 and not set(counted) & set(calls)
    fresh = compare_editions(pairs, work_dir=tmp_path / "fresh")
    assert resumed.articles == fresh.articles

    # an article changed since: its result is made again, the others kept
    (second / "river.txt").write_text(RIVER.replace("slowly", "quickly") + "\n", "utf-8")
    counted.clear()
    again = compare_editions(pairs, work_dir=work, resume=True)
    assert len(counted) == 1
    assert by_key(again.articles)["river"]["status"] == "changed"


def test_csv_neutralises_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "a", {"=HYPERLINK(1).txt": RIVER, "plain.txt": PASS})
    second = write(tmp_path / "b", {"=hyperlink(1).txt": RIVER + " More.",
                                    "plain.txt": PASS})
    assert main(["compare", str(first), str(second), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    formula = next(row for row in rows if "HYPERLINK" in row["key"])
    assert formula["key"] == "'=HYPERLINK(1)"
    assert formula["source a"] == "'=HYPERLINK(1).txt"
    assert formula["status"] == "changed"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows
               for cell in row.values())


def test_text_report_lists_what_changed(editions: tuple[Path, Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    first, second = editions
    assert main(["compare", str(first), str(second)]) == 0
    out = capsys.readouterr().out
    assert "1 dropped" in out and "bukharin" in out
    assert "river" not in out.split("\n\n", 1)[1]  # the same articles are not listed


def test_unreadable_article_is_reported_not_fatal(tmp_path: Path) -> None:
    first = write(tmp_path / "a", {"river.txt": RIVER})
    second = tmp_path / "b"
    second.mkdir()
    (second / "river.txt").write_bytes(b"\x00\x01\x02binary\x00")
    result = compare_editions([("a", str(first)), ("b", str(second))],
                              work_dir=tmp_path / "work")
    (article,) = result.articles
    assert article["status"] == "changed" and "b" in article["errors"]


def test_a_failed_run_leaves_no_empty_work_folder(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a", {"river.txt": RIVER})
    work = tmp_path / "work"
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "missing"),
                 "--work-dir", str(work)]) == 1
    assert not work.exists()
    assert "kept" not in capsys.readouterr().err


def test_edition_wide_people_register(tmp_path: Path) -> None:
    first = write(tmp_path / "a", {
        "radek.txt": RADEK_1,
        "press.txt": "The party press was edited by Karl Radek and Nikolai Bukharin for many "
                     "years in Moscow.",
        "bukharin.txt": BUKHARIN,
        "survey.txt": "The hills were surveyed in 1890 by Ivan Petrovsky, who drew the "
                      "first map of the valley.",
    })
    second = write(tmp_path / "b", {
        "radek.txt": RADEK_2,
        "press.txt": "The party press was edited for many years in Moscow.",
        "survey.txt": "The hills were surveyed in 1890 by Ivan Petrofsky, who drew the "
                      "first map of the valley.",
    })
    result = compare_editions([("1949", str(first)), ("1953", str(second))],
                              work_dir=tmp_path / "work")
    people = {p["name"]: p for p in result.people}
    bukharin = people["Nikolai Bukharin"]
    # named in two articles of 1949, in none of 1953: erased from the whole edition
    assert bukharin["absent_from"] == ["1953"]
    assert bukharin["articles"] == {"1949": ["bukharin.txt", "press.txt"], "1953": []}
    assert [c["kind"] for c in bukharin["changes"]] == ["erased"]
    assert bukharin["own_article"]["change"] == "dropped"
    assert {m["article"] for m in bukharin["mentions"]} == {"bukharin.txt", "press.txt"}
    radek = people["Karl Radek"]
    # still named in 1953 (in his own article), though erased from the press article
    assert radek["absent_from"] == []
    assert radek["own_article"]["change"] == "shortened"
    petrovsky = next(p for p in result.people if "Ivan Petrovsky" in p["forms"])
    assert "Ivan Petrofsky" in petrovsky["forms"] and petrovsky["absent_from"] == []
    assert [c["kind"] for c in petrovsky["changes"]] == ["respelled"]
    assert [p["id"] for p in result.people] == list(range(1, len(result.people) + 1))
    assert result.summary["people"]["absent_from_next"] == 1
    assert result.summary["people"]["own_article_dropped_or_shortened"] == 2
    press = by_key(result.articles)["press"]
    assert sorted(c["name"] for c in press["people_changes"] if c["change"] == "erased") == \
        ["Karl Radek", "Nikolai Bukharin"]
    survey = by_key(result.articles)["survey"]
    assert [c["change"] for c in survey["people_changes"]] == ["respelled"]


def test_people_register_can_be_left_out(editions: tuple[Path, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    first, second = editions
    assert main(["compare", str(first), str(second), "--no-people", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["people"] == [] and "people" not in document["summary"]


def test_text_report_lists_people_erased_from_the_edition(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "a", {"bukharin.txt": BUKHARIN, "river.txt": RIVER})
    second = write(tmp_path / "b", {"river.txt": RIVER})
    assert main(["compare", str(first), str(second)]) == 0
    out = capsys.readouterr().out
    people = out.split("\npeople: ", 1)[1]
    assert people.startswith("1 named; 1 absent")
    assert "Nikolai Bukharin" in people and "erased a → b" in people
    assert "own article 'bukharin' dropped" in people


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> Path:
    """A WARC of ``(url, date, html)`` response records, written with warcio's writer."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for url, date, html in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response",
                                               payload=io.BytesIO(html.encode("utf-8")),
                                               http_headers=http,
                                               warc_headers_dict={"WARC-Date": date})
            writer.write_record(record)
    return path


def page(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head>"
            f"<body><nav><a href='/'>Home</a></nav><main><h1>{title}</h1>{body}</main>"
            f"</body></html>")


def test_warc_editions_one_article_per_url(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    first = write_warc(tmp_path / "2017.warc.gz", [
        ("http://www.agency.gov/climate/", "2017-01-10T00:00:00Z",
         page("Climate", RIVER, RADEK_1)),
        ("http://www.agency.gov/about", "2017-01-10T00:00:00Z", page("About", PASS)),
        ("http://www.agency.gov/about", "2017-01-12T00:00:00Z", page("About", PASS, ALPHA)),
        ("http://www.agency.gov/research", "2017-01-10T00:00:00Z", page("Research", BETA)),
    ])
    second = write_warc(tmp_path / "2018.warc", [
        ("https://agency.gov/climate", "2018-01-10T00:00:00Z", page("Climate", RIVER)),
        ("https://agency.gov/about", "2018-01-10T00:00:00Z", page("About", PASS, ALPHA)),
        ("https://agency.gov/energy", "2018-01-10T00:00:00Z", page("Energy", TRACTORS)),
    ])
    out = tmp_path / "c.json"
    assert main(["compare", f"2017={first}", f"2018={second}", "--format", "json",
                 "-o", str(out)]) == 0
    document = json.loads(out.read_text("utf-8"))
    assert [e["kind"] for e in document["editions"]] == ["warc", "warc"]
    assert "captured 2 times" in document["editions"][0]["notes"][0]
    articles = by_key(document["articles"])
    climate = articles["agency.gov/climate"]  # http/https, www and the slash aside
    assert climate["sources"] == {"2017": "http://www.agency.gov/climate/",
                                  "2018": "https://agency.gov/climate"}
    assert climate["status"] == "changed" and climate["words"]["2017"] > \
        climate["words"]["2018"]
    assert any("1936" in e["text"] for e in climate["erasures"])
    # the latest of two captures of one URL is compared: the same as the later crawl
    assert articles["agency.gov/about"]["status"] == "same"
    assert articles["agency.gov/research"]["status"] == "dropped"
    assert articles["agency.gov/energy"]["status"] == "added"
    # the HTML reader's text (the title, then the main content): not the navigation
    assert articles["agency.gov/about"]["words"]["2017"] == len(
        f"About About {PASS} {ALPHA}".split())
    assert any(p["name"] == "Karl Radek" and p["absent_from"] == ["2018"]
               for p in document["people"])


def test_split_headwords_upper_case_and_bold(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # upper case in plain text; bold in Markdown (the same dictionary, a later edition)
    (tmp_path / "d1.txt").write_text(
        f"A dictionary of the region, first printing.\n\nRIVER. {RIVER}\n\nRADEK, Karl. {RADEK_1}\n"
        f"USSR archives hold his papers.\n\nBUKHARIN, Nikolai. {BUKHARIN}\n", "utf-8")
    (tmp_path / "d2.md").write_text(
        f"**River**. {RIVER}\n\n**Radek**, Karl. {RADEK_2}\n\n"
        f"__Tractors__: {TRACTORS}\n", "utf-8")
    out = tmp_path / "c.json"
    assert main(["compare", str(tmp_path / "d1.txt"), str(tmp_path / "d2.md"),
                 "--split", "headwords", "--format", "json", "-o", str(out)]) == 0
    articles = by_key(json.loads(out.read_text("utf-8"))["articles"])
    assert set(articles) == {"(before the first headword)", "RIVER", "RADEK", "BUKHARIN",
                             "Tractors"}
    # the line opening with an acronym and running on in prose does not start an entry
    assert articles["RADEK"]["status"] == "changed"
    assert articles["RADEK"]["words"]["d1"] > len(RADEK_1.split())
    # the bold is the Markdown reader's to read: the text compared has no asterisks
    assert articles["RIVER"]["sources"] == {"d1": "RIVER", "d2": "River"}
    assert articles["RIVER"]["by_class"] == {"case": 1}
    assert articles["BUKHARIN"]["status"] == "dropped"
    assert articles["Tractors"]["status"] == "added"


def test_split_headwords_in_html(tmp_path: Path) -> None:
    html = ("<html><body><p><b>River</b>. " + RIVER + "</p>\n<p><b>Pass</b>. " + PASS +
            "</p>\n</body></html>\n")
    (tmp_path / "a.html").write_text(html, "utf-8")
    (tmp_path / "b.html").write_text(html.replace("slowly", "quickly"), "utf-8")
    result = compare_editions([("a", str(tmp_path / "a.html")), ("b", str(tmp_path / "b.html"))],
                              work_dir=tmp_path / "work", split="headwords")
    articles = by_key(result.articles)
    assert articles["River"]["status"] == "changed" and articles["Pass"]["status"] == "same"
    assert articles["River"]["by_class"] and "<" not in "".join(
        e["text"] for e in articles["River"]["erasures"])
