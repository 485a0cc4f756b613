from __future__ import annotations

import gzip
import json

from typer.testing import CliRunner

from cleaner.cli import app
from conftest import EXAMPLES

runner = CliRunner()
EXAMPLE_TXT = EXAMPLES / "news_page.txt"


def test_clean_file_text_output():
    result = runner.invoke(app, ["clean-file", str(EXAMPLE_TXT)])
    assert result.exit_code == 0, result.output
    first_line = result.stdout.splitlines()[0]
    assert first_line.strip()
    assert "Advertisement" not in result.stdout


def test_json_output_has_every_line():
    result = runner.invoke(app, ["clean-file", str(EXAMPLE_TXT), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    non_empty = [ln for ln in EXAMPLE_TXT.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(data["lines"]) == len(non_empty)
    assert {"title", "body", "captions", "confidence"} <= set(data)


def test_explain_lists_labels_and_reasons():
    result = runner.invoke(app, ["clean-file", str(EXAMPLE_TXT), "--explain"])
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert len(rows) == len([ln for ln in EXAMPLE_TXT.read_text(encoding="utf-8").splitlines() if ln.strip()])
    assert any("KEEP" in r for r in rows) and any("drop" in r for r in rows)
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_stdin_gzip_and_output_file(tmp_path):
    gz = tmp_path / "page.txt.gz"
    gz.write_bytes(gzip.compress(EXAMPLE_TXT.read_bytes()))
    out = tmp_path / "out.md"
    result = runner.invoke(app, ["clean-file", str(gz), "--format", "markdown", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# ")
    piped = runner.invoke(app, ["clean-file", "-"], input=EXAMPLE_TXT.read_text(encoding="utf-8"))
    assert piped.exit_code == 0 and piped.stdout.strip()


def test_captions_flag_appends_captions():
    plain = runner.invoke(app, ["clean-file", str(EXAMPLE_TXT)]).stdout
    with_captions = runner.invoke(app, ["clean-file", str(EXAMPLE_TXT), "--captions"]).stdout
    assert "[caption]" in with_captions and "[caption]" not in plain


def test_unreadable_input_is_one_line_not_a_traceback(tmp_path):
    missing = runner.invoke(app, ["clean-file", str(tmp_path / "nope.html")])
    assert missing.exit_code != 0 and "Traceback" not in missing.output
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 50)
    bad = runner.invoke(app, ["clean-file", str(junk)])
    assert bad.exit_code != 0 and "binary" in bad.output and "Traceback" not in bad.output
    broken = tmp_path / "broken.gz"
    broken.write_bytes(gzip.compress(b"hello world" * 100)[:30])
    res = runner.invoke(app, ["clean-file", str(broken)])
    assert res.exit_code != 0 and "Traceback" not in res.output
    folder = runner.invoke(app, ["clean-file", str(tmp_path)])
    assert folder.exit_code != 0 and "cleaner batch" in folder.output and "Traceback" not in folder.output


def test_version_names_the_package_and_the_shipped_models():
    import cleaner

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"cleaner {cleaner.__version__}"
    sidecar = json.loads((EXAMPLES.parent / "models" / "html.json").read_text(encoding="utf-8"))
    assert any(line.startswith("html model: schema " + sidecar["feature_schema"]) for line in lines)
    assert any(sidecar["trees_sha256"][:12] in line for line in lines)


def test_train_stops_with_one_line_when_a_renderer_is_missing(monkeypatch, tmp_path):
    # Without lynx the training pages would fail to render half-way through a long run: say so before starting.
    import cleaner.corpus

    monkeypatch.setattr(cleaner.corpus, "renderer_available", lambda name: name != "lynx")
    result = runner.invoke(app, ["train", "--kinds", "text", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "not installed: lynx" in result.output and "apt-get install w3m lynx" in result.output
    monkeypatch.setattr(cleaner.corpus, "renderer_available", lambda name: name != "markdownify")
    result = runner.invoke(app, ["train", "--kinds", "text", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "pip install '.[train]'" in result.output
    result = runner.invoke(app, ["train", "--kinds", "nothing", "--out", str(tmp_path)])  # needs no renderer
    assert "not installed" not in result.output
    assert not any(tmp_path.iterdir())
